import { type ClientOptions, GatewayCloseCodes } from 'discord.js';
import type { Config } from '../../core/config/config.ts';

/**
 * The shards this process connects. Internal sharding: one discord.js Client opens one gateway
 * connection per shard, in this one process, which also runs the outbox, the clocks and the HTTP
 * server. (discord.js's ShardingManager would instead start this whole program once per shard: each copy
 * would run its own outbox, clocks, HTTP port and Telegram polling.) `auto` takes the count Discord
 * recommends at each start; a fixed count with DISCORD_SHARD_IDS spreads the shards over instances.
 */
export function shardingOptions(
  config: Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS'>,
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  const count = config.DISCORD_SHARDS;
  if (count === 'auto') return { shards: 'auto' };
  const ids = config.DISCORD_SHARD_IDS.length
    ? config.DISCORD_SHARD_IDS
    : Array.from({ length: count }, (_, id) => id);
  return { shards: ids, shardCount: count };
}

/** Discord closed a shard's connection and discord.js will not reconnect it (a wrong shard count…). */
export class DiscordGatewayLost extends Error {
  override name = 'DiscordGatewayLost';
  constructor(
    readonly shard: number,
    readonly code: number,
  ) {
    super(
      code === GatewayCloseCodes.ShardingRequired
        ? `Discord requires more shards for this bot's servers (shard ${shard} closed with code 4011): ` +
            'set DISCORD_SHARDS=auto (the default) or a larger number, and start again'
        : `Discord closed the gateway connection of shard ${shard} for good (close code ${code})`,
    );
  }
}
