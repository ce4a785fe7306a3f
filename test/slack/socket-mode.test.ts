import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../bots/slack/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { useTestCore } from '../support/core.ts';
import { FAKE_BOT_TOKEN, FAKE_TEAM, type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, MEDIATORS_CHANNEL } from './harness.ts';
import { probeActions } from './probe-actions.ts';

/** Socket Mode: no HTTP route, Slack's events come over a WebSocket the app opens itself. */
const t0 = useTestCore();
let fake: FakeSlack;
let app: SlackApp;

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_APP_TOKEN: 'xapp-1-A0APP-fake',
    SLACK_API_URL: fake.apiUrl,
    SLACK_MEDIATOR_IDS: ALICE.id,
    SLACK_MEDIATORS_CHANNEL: MEDIATORS_CHANNEL,
  });
  app = createSlackApp({
    core: t0.core,
    config,
    logger: t0.core.deps.logger,
    actions: probeActions,
    retryConfig: { retries: 0 },
  });
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('the Slack app in Socket Mode', () => {
  it('connects with the app-level token and serves no HTTP route', async () => {
    expect(app.mode).toBe('socket');
    expect(app.route).toBeUndefined();
    expect(fake.callsOf('apps.connections.open')[0]?.auth).toBe('Bearer xapp-1-A0APP-fake');
    await waitFor(() => fake.isSocketConnected());
  });

  it('acks a slash command on the socket, runs it once and answers on its response_url', async () => {
    const payload = {
      command: '/mediation',
      text: 'create-company sock "Socket SA"',
      user_id: ALICE.id,
      channel_id: 'C0GENERAL',
      team_id: FAKE_TEAM,
      api_app_id: 'A0APP',
      trigger_id: 'socket-trigger-1',
      response_url: fake.responseUrl('socket'),
    };
    fake.sendEnvelope('env-1', 'slash_commands', payload);
    fake.sendEnvelope('env-2', 'slash_commands', payload);
    const [answer] = await waitFor(() => fake.responsesTo('socket').length > 0 && fake.responsesTo('socket'));
    expect(answer?.text).toBe('Entreprise « Socket SA » enregistrée.');
    await waitFor(() => fake.acks.length >= 2);
    expect(fake.acks.map((ack) => ack.envelope_id)).toEqual(['env-1', 'env-2']);
    expect(await t0.db.prisma.company.count({ where: { slug: 'sock' } })).toBe(1);
    expect(fake.responsesTo('socket')).toHaveLength(1);
  });
});
