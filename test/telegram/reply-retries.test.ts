import { describe, expect, it } from 'vitest';
import { command, useTelegramBot } from './harness.ts';
import { probeFlow } from './probe-flow.ts';

// The person's action is recorded before the answer goes out: an answer Telegram refuses for a while
// must be sent again, or the person is left with nothing (issue 11: 10 of 10 lost).
const h = useTelegramBot({ flows: [probeFlow] });

describe('an answer Telegram refuses for a while', () => {
  it('is sent again after the delay of a 429, and after a 5xx of Telegram’s own', async () => {
    const person = h.fake.person();
    h.fake.refuse('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await command(person, '/sonde');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    h.fake.refuse('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await command(person, '/sonde');
    // Each answer: the refused sending, then its retry after the delay, and nothing more.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(person.texts()).toEqual(['Sonde prête', 'Sonde prête', 'Sonde prête', 'Sonde prête']);
  }, 20_000);

  it('is not sent again when the refusal is for good (the person blocked the bot)', async () => {
    const person = h.fake.person();
    h.fake.refuse('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await command(person, '/sonde');
    const attempts = h.fake
      .callsOf('sendMessage')
      .filter((call) => String(call.body.chat_id) === String(person.id));
    expect(attempts).toHaveLength(1);
  });
});
