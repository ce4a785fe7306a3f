import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { configErrorOf } from '../support/config-error.ts';
import { BOT_TOKEN } from '../support/fake-discord.ts';

describe('the Discord configuration', () => {
  it('is off by default, with Discord’s own API and global commands', () => {
    const config = loadConfig({});
    expect(config.DISCORD_BOT_TOKEN).toBeUndefined();
    expect(config).toMatchObject({ DISCORD_API_URL: 'https://discord.com/api', DISCORD_GUILD_IDS: [] });
  });

  it('reads a token, the application, a test API and the servers to register commands in', () => {
    const config = loadConfig({
      DISCORD_BOT_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: '900000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      DISCORD_GUILD_IDS: '900000000000000002, 900000000000000003',
    });
    expect(config).toMatchObject({
      DISCORD_API_URL: 'http://127.0.0.1:9999/api',
      DISCORD_GUILD_IDS: ['900000000000000002', '900000000000000003'],
    });
  });

  it('names every missing piece of a half-configured bot at once', () => {
    expect(configErrorOf({ DISCORD_BOT_TOKEN: BOT_TOKEN })).toContain(
      '- DISCORD_APPLICATION_ID: is required when DISCORD_BOT_TOKEN is set',
    );
    expect(configErrorOf({ DISCORD_GUILD_IDS: '900000000000000002' })).toContain(
      '- DISCORD_BOT_TOKEN: is required when other DISCORD_ variables are set',
    );
  });

  it('refuses what is not a token or an id, without echoing it', () => {
    const message = configErrorOf({
      DISCORD_BOT_TOKEN: 'hunter2',
      DISCORD_APPLICATION_ID: 'my-app',
      DISCORD_GUILD_IDS: '#general',
    });
    expect(message).toContain('- DISCORD_BOT_TOKEN: must be the bot token');
    expect(message).toContain('- DISCORD_APPLICATION_ID: must be the application id');
    expect(message).toContain('- DISCORD_GUILD_IDS');
    expect(message).not.toContain('hunter2');
  });
});
