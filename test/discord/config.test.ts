import { describe, expect, it } from 'vitest';
import { shardingOptions } from '../../bots/discord/sharding.ts';
import { loadConfig } from '../../core/config/config.ts';
import { configErrorOf } from '../support/config-error.ts';
import { BOT_TOKEN } from '../support/fake-discord.ts';

describe('the Discord configuration', () => {
  it('is off by default, with Discord’s own API and global commands', () => {
    const config = loadConfig({});
    expect(config.DISCORD_BOT_TOKEN).toBeUndefined();
    expect(config).toMatchObject({
      DISCORD_API_URL: 'https://discord.com/api',
      DISCORD_GUILD_IDS: [],
      DISCORD_SHARDS: 'auto',
      DISCORD_SHARD_IDS: [],
    });
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

  it('reads the shards: auto, or a count, and the ones this instance connects', () => {
    const base = { DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: '900000000000000001' };
    expect(loadConfig({ ...base, DISCORD_SHARDS: 'auto' })).toMatchObject({ DISCORD_SHARDS: 'auto' });
    expect(loadConfig({ ...base, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3, 1,1' })).toMatchObject({
      DISCORD_SHARDS: 4,
      DISCORD_SHARD_IDS: [1, 3],
    });
    expect(shardingOptions(loadConfig({ ...base, DISCORD_SHARDS: '3' }))).toEqual({
      shards: [0, 1, 2],
      shardCount: 3,
    });
    expect(shardingOptions(loadConfig({ ...base, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2,3' }))).toEqual({
      shards: [2, 3],
      shardCount: 4,
    });
    expect(shardingOptions(loadConfig(base))).toEqual({ shards: 'auto' });
  });

  it('refuses shards that instances could not agree on', () => {
    const base = { DISCORD_BOT_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: '900000000000000001' };
    expect(configErrorOf({ ...base, DISCORD_SHARD_IDS: '0' })).toContain(
      '- DISCORD_SHARD_IDS: requires DISCORD_SHARDS to be a number',
    );
    expect(configErrorOf({ ...base, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0,2' })).toContain(
      '- DISCORD_SHARD_IDS: must be below DISCORD_SHARDS',
    );
    expect(configErrorOf({ ...base, DISCORD_SHARDS: '0' })).toContain(
      '- DISCORD_SHARDS: must be auto or a number',
    );
    expect(configErrorOf({ ...base, DISCORD_SHARDS: 'many' })).toContain('- DISCORD_SHARDS');
    const notNumbers = configErrorOf({ ...base, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: 'first' });
    expect(notNumbers).toContain('must be shard numbers (0, 1, …), comma-separated');
    expect(notNumbers).not.toContain('must be below');
    expect(configErrorOf({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' })).toContain(
      '- DISCORD_BOT_TOKEN: is required when other DISCORD_ variables are set',
    );
  });
});
