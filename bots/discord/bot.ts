import { Client, Events, GatewayIntentBits, Routes, Status } from 'discord.js';
import type { Config } from '../../core/config/config.ts';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import { countUpdate } from '../../core/observability/metrics.ts';
import type { DeliveryChannel } from '../../core/outbox/delivery-channel.ts';
import type { Conversation } from '../conversation/engine.ts';
import type { ReadinessCheck } from '../http/readiness.ts';
import { discordDeliveryChannel, isDeliveryRoute } from './delivery-channel.ts';
import { handleInteraction } from './interactions.ts';
import { publicNewsPoster, serverLocales } from './public-news.ts';
import { DiscordGatewayLost, shardingOptions } from './sharding.ts';
import { slashCommands } from './slash-commands.ts';

export interface DiscordBotOptions {
  conversation: Conversation;
  core: Core;
  config: Config;
  logger: Logger;
  /**
   * Discord closed a shard for good after the start (4011: the bot now needs more shards). The process
   * should stop, so that its supervisor starts it again and `auto` asks Discord for the new count.
   */
  onFatal?: (error: DiscordGatewayLost) => void;
}

export interface DiscordBot {
  /**
   * For the outbox: personal notifications by direct message (in `people`), and the public news in each
   * server's chosen channel (in `announcements`).
   */
  deliveryChannel: DeliveryChannel;
  /** For `/readyz`: every gateway connection (shard) is ready; not while one reconnects. */
  readiness: ReadinessCheck;
  /** Connects every shard of this process to the gateway and registers the slash commands. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Discord side of the consumer chat: slash commands, buttons and forms (interactions) go to the
 * conversation; its replies come back as ephemeral messages. Only the `Guilds` intent: interactions
 * reach a bot whatever its intents, and it reads no message of anyone. Sharded inside this process
 * (sharding.ts); everything it sends goes through the REST API, which needs no shard: any instance
 * delivers any notification, whichever instance holds the person's server.
 */
export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const { config, core } = options;
  const token = config.DISCORD_BOT_TOKEN;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!token || !applicationId)
    throw new Error('createDiscordBot needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID');
  const logger = options.logger.child({ platform: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...shardingOptions(config),
    rest: { api: config.DISCORD_API_URL, rejectOnRateLimit: (limit) => isDeliveryRoute(limit.route) },
  });
  // Notifications may go out before the gateway is connected.
  client.rest.setToken(token);
  const deps = {
    conversation: options.conversation,
    core,
    logger,
    maxEvidenceBytes: config.MAX_EVIDENCE_MB * 1024 * 1024,
  };
  client.on(Events.InteractionCreate, (interaction) => {
    handleInteraction(deps, interaction).then(
      () => countUpdate(core.deps, 'DISCORD', 'handled'),
      (error: unknown) => {
        countUpdate(core.deps, 'DISCORD', 'failed');
        logger.error({ err: error, interactionId: interaction.id }, 'interaction failed');
      },
    );
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  // A close discord.js does not recover from: before the start is over, the start fails with it.
  let started = false;
  let failStart: (error: DiscordGatewayLost) => void = () => {};
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  startFailed.catch(() => {});
  client.on(Events.ShardDisconnect, (event, shard) => {
    const error = new DiscordGatewayLost(shard, event.code);
    logger.error({ shard, code: event.code }, error.message);
    if (started) options.onFatal?.(error);
    else failStart(error);
  });

  async function registerCommands() {
    const body = slashCommands();
    // Per server: available at once (handy to try it out); globally: in every server, after a while.
    const routes = config.DISCORD_GUILD_IDS.length
      ? config.DISCORD_GUILD_IDS.map((guildId) =>
          Routes.applicationGuildCommands(applicationId as string, guildId),
        )
      : [Routes.applicationCommands(applicationId as string)];
    for (const route of routes) await client.rest.put(route, { body });
  }

  const postNews = publicNewsPoster({
    rest: client.rest,
    logger,
    localeOf: serverLocales(client.rest, (serverId) => client.guilds.cache.get(serverId)?.preferredLocale),
    publicUrl: config.PUBLIC_URL,
  });

  return {
    deliveryChannel: discordDeliveryChannel(client.rest, postNews, config.PUBLIC_URL),
    readiness: {
      name: 'discord',
      check: () =>
        client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready)
          ? undefined
          : 'not connected',
    },
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await Promise.race([client.login(token).then(() => ready), startFailed]);
      } catch (error) {
        // The shards that did connect are closed too: the process is about to stop on this error.
        await client.destroy();
        throw error;
      }
      started = true;
      // The commands are a convenience already registered by an earlier start: a failure is a warning.
      await registerCommands().catch((error: unknown) =>
        logger.warn({ err: error }, 'slash commands not registered'),
      );
      logger.info(
        {
          bot: client.user?.id,
          guilds: config.DISCORD_GUILD_IDS.length,
          shards: [...client.ws.shards.keys()],
          shardCount: client.options.shardCount,
        },
        'discord bot started',
      );
    },
    async stop() {
      await client.destroy();
    },
  };
}
