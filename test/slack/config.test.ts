import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { configErrorOf } from '../support/config-error.ts';

const http = {
  SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  SLACK_MEDIATOR_IDS: 'U0ALICE, U0BOB',
  SLACK_MEDIATORS_CHANNEL: 'C0MEDIATORS',
};

describe('the Slack configuration', () => {
  it('is off by default: no token, Slack’s own API, /mediation', () => {
    const config = loadConfig({});
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config).toMatchObject({ SLACK_API_URL: 'https://slack.com/api/', SLACK_COMMAND: '/mediation' });
  });

  it('reads HTTP mode with mediators by id, and Socket Mode with a user group', () => {
    expect(loadConfig({ ...http, SLACK_API_URL: 'http://127.0.0.1:9000/api' })).toMatchObject({
      SLACK_MEDIATOR_IDS: ['U0ALICE', 'U0BOB'],
      SLACK_API_URL: 'http://127.0.0.1:9000/api/',
    });
    const socket = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef',
      SLACK_APP_TOKEN: 'xapp-1-A0APP-1234-abcdef',
      SLACK_MEDIATOR_GROUP: 'S0MEDIATORS',
      SLACK_MEDIATORS_CHANNEL: 'C0MEDIATORS',
      SLACK_COMMAND: '/mediateurs',
    });
    expect(socket).toMatchObject({ SLACK_MEDIATOR_GROUP: 'S0MEDIATORS', SLACK_COMMAND: '/mediateurs' });
    expect(socket.SLACK_SIGNING_SECRET).toBeUndefined();
  });

  it('stops a half-configured Slack app with every missing piece named in one message', () => {
    const message = configErrorOf({ SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcdef', MAX_CLAIM_EUROS: 'lots' });
    expect(message).toContain(
      '- SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN',
    );
    expect(message).toContain(
      '- SLACK_MEDIATOR_IDS: or SLACK_MEDIATOR_GROUP is required when SLACK_BOT_TOKEN is set',
    );
    expect(message).toContain('- SLACK_MEDIATORS_CHANNEL: is required when SLACK_BOT_TOKEN is set');
    expect(message).toContain('- MAX_CLAIM_EUROS:');
    const { SLACK_BOT_TOKEN: _token, ...withoutToken } = http;
    expect(configErrorOf(withoutToken)).toContain(
      '- SLACK_BOT_TOKEN: is required when other SLACK_ variables are set',
    );
  });

  it('names each bad value without echoing it: tokens, ids given as names', () => {
    const message = configErrorOf({
      ...http,
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_MEDIATORS_CHANNEL: '#mediateurs',
      SLACK_MEDIATOR_GROUP: '@mediateurs',
      SLACK_MEDIATOR_IDS: 'alice',
    });
    expect(message).toContain('- SLACK_BOT_TOKEN: must be a bot token starting with xoxb-');
    expect(message).toContain(
      '- SLACK_MEDIATORS_CHANNEL: must be a channel id like C0123ABCD, not its #name',
    );
    expect(message).toContain(
      '- SLACK_MEDIATOR_GROUP: must be a user group id like S0123ABCD, not its @handle',
    );
    expect(message).toContain('SLACK_MEDIATOR_IDS');
    for (const secret of ['xoxp-user-token-secret', '#mediateurs', '@mediateurs', 'alice']) {
      expect(message).not.toContain(secret);
    }
  });
});
