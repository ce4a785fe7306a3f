import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../core/observability/metrics.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';
import { slash, useDiscordBot } from './harness.ts';

// What `/readyz` and `/metrics` learn from the Discord bot.
const h = useDiscordBot();

const handled = async () =>
  seriesValue(
    parsePrometheusText(await (h.t.core.deps.metrics as Metrics).registry.metrics()),
    'clf_inbound_updates_total',
    { platform: 'discord', outcome: 'handled' },
  );

describe('the Discord bot’s readiness and counters', () => {
  it('counts each interaction it handled', async () => {
    const before = await handled();
    const person = h.fake.person();
    await slash(h, person, 'mediations');
    await slash(h, person, 'mediations');
    await waitFor(async () => (await handled()) >= before + 2);
    expect(await handled()).toBe(before + 2);
  });

  it('is ready while its gateway connection is, and not once the connection is lost', async () => {
    expect(h.bot.readiness).toMatchObject({ name: 'discord' });
    expect(await h.bot.readiness.check()).toBeUndefined();
    await h.fake.stop();
    await waitFor(async () => (await h.bot.readiness.check()) === 'not connected', 10_000);
  });
});
