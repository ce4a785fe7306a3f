import { describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../bots/telegram/bot.ts';
import { loadConfig } from '../../core/config/config.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { useTelegramBot, WEBHOOK_SECRET } from './harness.ts';
import { probeFlow } from './probe-flow.ts';

// What `/readyz` asks the Telegram bot: started (getMe answered), and polling or its webhook set.
const h = useTelegramBot({ flows: [probeFlow] });

describe('the Telegram bot’s readiness', () => {
  it('is ready once started in webhook mode, not before, not when getMe is refused, not once stopped', async () => {
    const bot = createTelegramBot({
      conversation: h.conversation,
      core: h.t.core,
      config: loadConfig({
        TELEGRAM_BOT_TOKEN: h.fake.token,
        TELEGRAM_API_ROOT: h.fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      }),
      logger: h.t.core.deps.logger,
      instanceId: 'readiness-test',
    });
    expect(bot.readiness).toMatchObject({ name: 'telegram' });
    expect(await bot.readiness.check()).toBe('not connected');
    h.fake.refuse('getMe', { error_code: 401, description: 'Unauthorized' });
    await expect(bot.start()).rejects.toThrow(/401/);
    expect(await bot.readiness.check()).toBe('not connected');
    await bot.start();
    expect(await bot.readiness.check()).toBeUndefined();
    await bot.stop();
    expect(await bot.readiness.check()).toBe('not connected');
  });

  it('is ready while polling, and no longer once Telegram ends the polling for good (409)', async () => {
    expect(await h.bot.readiness.check()).toBeUndefined();
    h.fake.refuse('getUpdates', {
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request',
    });
    await waitFor(() => h.errors.length > 0, 10_000);
    expect(await h.bot.readiness.check()).toBe('not connected');
  });
});
