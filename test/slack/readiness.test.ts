import { describe, expect, it } from 'vitest';
import { createSlackApp } from '../../bots/slack/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { Metrics } from '../../core/observability/metrics.ts';
import { FAKE_BOT_TOKEN, FAKE_SIGNING_SECRET } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';
import { ALICE, MEDIATORS_CHANNEL, useSlackApp } from './harness.ts';
import { probeActions } from './probe-actions.ts';

// What `/readyz` and `/metrics` learn from the Slack app.
const h = useSlackApp({ actions: probeActions });

const handled = async () =>
  seriesValue(
    parsePrometheusText(await (h.t.core.deps.metrics as Metrics).registry.metrics()),
    'clf_inbound_updates_total',
    { platform: 'slack', outcome: 'handled' },
  );

describe('the Slack app’s readiness and counters', () => {
  it('counts each interaction it handled', async () => {
    const before = await handled();
    await h.command('');
    await h.command('', ALICE);
    await waitFor(async () => (await handled()) >= before + 2);
    expect(await handled()).toBe(before + 2);
  });

  it('is ready once Slack accepted its token (auth.test), not before, not when refused', async () => {
    expect(await h.app.readiness.check()).toBeUndefined();
    const app = createSlackApp({
      core: h.t.core,
      config: loadConfig({
        SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
        SLACK_API_URL: h.fake.apiUrl,
        SLACK_MEDIATOR_IDS: ALICE.id,
        SLACK_MEDIATORS_CHANNEL: MEDIATORS_CHANNEL,
      }),
      logger: h.t.core.deps.logger,
      actions: probeActions,
      retryConfig: { retries: 0 },
    });
    expect(app.readiness).toMatchObject({ name: 'slack' });
    expect(await app.readiness.check()).toBe('not connected');
    h.fake.refuse('auth.test', 'invalid_auth');
    await expect(app.start()).rejects.toThrow();
    expect(await app.readiness.check()).toBe('not connected');
  });
});
