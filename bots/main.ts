import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { config as loadDotenv } from 'dotenv';
import { pino } from 'pino';
import { armDailyAuditHead } from '../core/audit/head-publication.ts';
import { HOUR, systemClock } from '../core/clock/clock.ts';
import { databaseClock } from '../core/clock/database-clock.ts';
import { type Config, ConfigError, loadConfig } from '../core/config/config.ts';
import { createLogger } from '../core/config/logger.ts';
import { pruneInboundUpdates } from '../core/conversations/inbound-updates.ts';
import { createCore } from '../core/core.ts';
import {
  DatabaseUnavailable,
  describeDatabase,
  embeddedDirectory,
  holdsEmbeddedDatabase,
  migrateConfiguredDatabase,
  openConfiguredDatabase,
} from '../core/db/open-configured.ts';
import { isDatabaseEmpty, seedDemoData } from '../core/db/seed.ts';
import { type CoreDeps, limitsFromConfig, privacyFromConfig } from '../core/deps.ts';
import { formatDate, t } from '../core/i18n/index.ts';
import { releaseLeases } from '../core/instance-leases.ts';
import { watchBacklog } from '../core/observability/backlog-gauges.ts';
import { createMetrics } from '../core/observability/metrics.ts';
import { startDispatcher } from '../core/outbox/dispatcher.ts';
import { pruneLinking } from '../core/people/linking.ts';
import { enforceRetention } from '../core/retention/retention.ts';
import { startScheduler } from '../core/scheduler/scheduler.ts';
import { startTicker } from '../core/scheduler/ticker.ts';
import { configuredEvidenceStore } from '../core/storage/configured-evidence-store.ts';
import { sweepOrphanEvidenceFiles } from '../core/storage/orphan-sweep.ts';
import { adminInTerminal } from './admin/in-terminal.ts';
import { createChoiceMenu } from './console/choice-menu.ts';
import { consoleChannel } from './console/console-channel.ts';
import { startTerminalChat, type TerminalChat } from './console/terminal-chat.ts';
import { terminalLocale } from './console/terminal-locale.ts';
import { createConversation } from './conversation/engine.ts';
import { consumerFlows } from './conversation/flows/index.ts';
import { deliveryChannels } from './delivery-channels.ts';
import { metricsRoute } from './http/metrics-route.ts';
import { databaseCheck, migrationsCheck, readinessRoute } from './http/readiness.ts';
import { type HttpRoute, type HttpServer, startHttpServer } from './http/server.ts';
import { mediatorActions } from './mediator/actions/index.ts';
import { createSite } from './web/site.tsx';

/**
 * `npm start`: the composition root. Reads the configuration, opens and migrates the database (the
 * embedded one, with the demo mediations, when nothing is configured), then runs the clocks and the
 * notification outbox until Ctrl+C. With no chat platform configured, the consumer chat runs in the
 * terminal itself, and ends with its input (a script piping lines in, or Ctrl+D).
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  // On a server the logs go to stdout, for the platform that collects them; in the terminal chat they
  // would break into the conversation, so they go to a file beside the data.
  const logger = createLogger(
    config.LOG_LEVEL,
    chatPlatformConfigured(config)
      ? undefined
      : pino.destination({ dest: join(config.DATA_DIR, 'cessez-le-feu.log'), mkdir: true, sync: true }),
  );
  const locale = config.DEFAULT_LOCALE;
  // A first start makes the database and loads the demo mediations: seconds, which a person should not
  // spend before a silent terminal.
  const embeddedDir = config.DATABASE_URL ? undefined : embeddedDirectory(config);
  if (embeddedDir && !chatPlatformConfigured(config) && !holdsEmbeddedDatabase(embeddedDir)) {
    process.stdout.write(`${t(locale, 'console:preparingDatabase', { dir: embeddedDir })}\n`);
  }
  const db = await openConfiguredDatabase(config);
  const applied = await migrateConfiguredDatabase(config, db);
  logger.info({ database: describeDatabase(config), migrationsApplied: applied.length }, 'database ready');
  if ((config.SEED_DEMO_DATA ?? !config.DATABASE_URL) && (await isDatabaseEmpty(db))) {
    const { created } = await seedDemoData(db, systemClock);
    logger.info({ created }, 'demo mediations loaded');
  }

  // Deadlines are decided on the database's clock, the same for every instance.
  const clock = await databaseClock(db.sql);
  const metrics = createMetrics({ processMetrics: true });
  const deps: CoreDeps = {
    db,
    clock,
    logger,
    // In the PostgreSQL server when there is one, so that every instance reads every file.
    evidence: configuredEvidenceStore(config, db, logger),
    limits: limitsFromConfig(config),
    metrics,
    privacy: privacyFromConfig(config),
    publicUrl: config.PUBLIC_URL,
    mailer:
      config.SMTP_URL && config.SMTP_FROM
        ? (await import('./mail/smtp-mailer.ts')).smtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM })
        : undefined,
  };
  watchBacklog(metrics, deps);
  const core = createCore(deps);
  const conversation = createConversation(core, consumerFlows, { publicUrl: config.PUBLIC_URL });
  const instanceId = randomUUID();
  // The numbers typed in the terminal chat answer the latest choices printed, a notification's included.
  const menu = createChoiceMenu();
  let chat: TerminalChat | undefined;
  const terminal = consoleChannel({
    menu,
    publicUrl: config.PUBLIC_URL,
    write: (text) => (chat ? chat.print(text) : process.stdout.write(text)),
  });
  // A platform's library is loaded only when its token is set: each costs up to a second of start-up.
  // With a token, consumers chat on Telegram and get their notifications there.
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? {
        ...(await import('./telegram/bot.ts')),
        ...(await import('./telegram/delivery-channel.ts')),
      }
    : undefined;
  const telegramBot = telegram
    ? telegram.createTelegramBot({
        conversation,
        core,
        config,
        logger,
        instanceId,
        onFatal: () => {
          process.exitCode = 1;
          void stop();
        },
      })
    : undefined;
  // With a Discord token, consumers use its slash commands and get their notifications by DM.
  // Discord closing a shard for good (it now wants more shards): stop, so that a restart reconnects.
  const discordBot = config.DISCORD_BOT_TOKEN
    ? (await import('./discord/bot.ts')).createDiscordBot({
        conversation,
        core,
        config,
        logger,
        onFatal: () => {
          process.exitCode = 1;
          void stop();
        },
      })
    : undefined;
  // With a Slack token, the mediators act in Slack and get the team's notifications in their channel.
  const slackApp = config.SLACK_BOT_TOKEN
    ? (await import('./slack/app.ts')).createSlackApp({ core, config, logger, actions: mediatorActions })
    : undefined;
  // The Discord bot also posts the public news of mediations in each server's chosen channel.
  const channels = deliveryChannels({
    terminal,
    serving: chatPlatformConfigured(config),
    platforms: [
      ...(telegram && telegramBot
        ? [telegram.telegramDeliveryChannel(telegramBot.telegram, { publicUrl: config.PUBLIC_URL })]
        : []),
      ...(discordBot ? [discordBot.deliveryChannel] : []),
    ],
    slack: slackApp && {
      channel: slackApp.deliveryChannel,
      mediatorsChannelId: config.SLACK_MEDIATORS_CHANNEL,
    },
    announcements: discordBot ? [discordBot.deliveryChannel] : [],
  });
  if (!channels.mediators) {
    logger.warn(
      'no mediators channel (SLACK_BOT_TOKEN and SLACK_MEDIATORS_CHANNEL): their notifications wait',
    );
  }
  // The audit log's head leaves the database every day (to the mediators): a cut or rewritten log shows.
  await armDailyAuditHead(deps);
  const scheduler = startScheduler(deps, { intervalMs: config.POLL_INTERVAL_MS, instanceId });
  const housekeeping = startTicker('housekeeping', logger, HOUR, async () => {
    await pruneInboundUpdates(deps);
    await pruneLinking(deps);
    // Before the orphan sweep: the evidence files the retention releases and fails to delete go with it.
    const retention = await enforceRetention(deps);
    await sweepOrphanEvidenceFiles(deps);
    return { moreWaiting: retention.moreWaiting };
  });
  const dispatcher = startDispatcher(deps, channels, { intervalMs: config.POLL_INTERVAL_MS, instanceId });

  const open = await core.query.openMediations({ locale, pageSize: 50 });
  const lines = open.items.map((item) =>
    t(locale, 'console:openMediation', {
      title: item.title,
      company: item.company,
      closes: item.registrationClosesAt ? formatDate(item.registrationClosesAt, locale) : '—',
    }),
  );
  process.stdout.write(
    `${t(locale, 'console:ready', { count: open.total })}\n${lines.join('\n')}\n${t(locale, telegramBot ? 'console:runningOnTelegram' : discordBot ? 'discord:running' : 'console:howToStop')}\n`,
  );

  let http: HttpServer | undefined;
  let stopping = false;
  // SIGTERM (a deployment, `docker stop`) or Ctrl+C: nothing new is taken, what is in hand is
  // finished, what this instance still holds is handed to the others, then the database is closed.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A stop that hangs (a platform that never answers) ends anyway: a process killed now loses
    // nothing either, its recorded updates and leased messages come back to another instance.
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    chat?.close();
    // In the terminal chat, in the language the person chose with /langue (the database is still open).
    const stopLocale = chat ? await terminalLocale(core, locale)().catch(() => locale) : locale;
    process.stdout.write(`${t(stopLocale, 'console:stopping')}\n`);
    // Inbound first: the webhooks in hand and the polled batch in hand are finished, no new one is
    // taken, while the clocks and the outbox finish their work.
    await http?.stop();
    await telegramBot?.stop();
    await discordBot?.stop();
    await slackApp?.stop();
    await Promise.all([scheduler.stop(), dispatcher.stop(), housekeeping.stop()]);
    await releaseLeases(deps, instanceId).catch((error: unknown) =>
      logger.warn({ err: error }, 'leases not released: they run out by themselves'),
    );
    clock.stop();
    await deps.evidence.close?.();
    await db.close();
    logger.info('stopped');
    process.exit(process.exitCode ?? 0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // Slack's token is checked before its requests are taken; one server then takes every platform's
  // webhooks, listening before Telegram is told where to send updates (webhook mode), and serves the
  // health checks, the metrics and the public web site. For the terminal chat alone it serves the site
  // to look at, if its port is free (a second `npm start` goes on without it).
  await slackApp?.start();
  const platforms = [telegramBot, discordBot, slackApp].filter((platform) => platform !== undefined);
  const routes = [telegramBot?.webhookRoute, slackApp?.route].filter((route): route is HttpRoute => !!route);
  const readiness = [databaseCheck(db.sql), migrationsCheck(db.sql), ...platforms.map((p) => p.readiness)];
  const site = createSite({
    core,
    logger,
    publicUrl: config.PUBLIC_URL,
    telegramBot: config.TELEGRAM_BOT_USERNAME,
    discordInvite: config.DISCORD_INVITE_URL,
    trustForwardedFor: config.WEB_TRUST_FORWARDED_FOR,
  });
  const serve = () =>
    startHttpServer({
      port: config.HTTP_PORT,
      routes: [...routes, readinessRoute(readiness), metricsRoute(metrics.registry)],
      fallback: getRequestListener(site.fetch),
      logger,
    });
  if (platforms.length > 0) {
    http = await serve();
  } else {
    http = await serve().catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      process.stdout.write(`${t(locale, 'console:site.portTaken', { port: config.HTTP_PORT })}\n`);
      return undefined;
    });
    if (http) {
      const url = config.PUBLIC_URL ?? `http://localhost:${http.port}`;
      process.stdout.write(`${t(locale, 'console:site.served', { url: `${url}/${locale}/` })}\n`);
    }
  }
  await telegramBot?.start();
  await discordBot?.start();

  if (!chatPlatformConfigured(config)) {
    process.stdout.write(`${t(locale, 'console:chat.welcome')}\n`);
    const localeOf = terminalLocale(core, locale);
    chat = startTerminalChat({
      input: process.stdin,
      output: process.stdout,
      conversation,
      menu,
      languageCode: locale,
      localeOf,
      maxEvidenceBytes: deps.limits.maxEvidenceBytes,
      // Absolute, so the path printed under a download opens from any folder.
      downloadsDir: resolve(config.DATA_DIR, 'downloads'),
      // Notifications caused by the last piped lines are printed before the process ends.
      settleMs: 2 * config.POLL_INTERVAL_MS,
      admin: adminInTerminal(core, { localeOf, env: process.env }),
    });
    void chat.finished.then(stop);
  }
}

/** Longer than an update or an outbox pass takes; shorter than compose's stop_grace_period (30 s). */
const STOP_DEADLINE_MS = 25_000;

/** A bot token means people chat there; without one, they chat in this terminal. */
function chatPlatformConfigured(config: Config): boolean {
  return Boolean(config.TELEGRAM_BOT_TOKEN || config.DISCORD_BOT_TOKEN);
}

main().catch((error: unknown) => {
  // A person's configuration, an unreachable database, a shard count Discord refuses: one clear line.
  // (DiscordGatewayLost by its name: its module, discord.js with it, is loaded only with a Discord token.)
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailable ||
    (error instanceof Error && error.name === 'DiscordGatewayLost')
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  process.stderr.write(
    `Cessez-le-feu stopped on an unexpected error:\n${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
