import { z } from 'zod';

/**
 * Every setting comes from the environment (and an optional `.env`). Nothing is required: with no
 * configuration at all the product runs on an embedded database with demo data and a terminal chat.
 * A bad value stops start-up with one message naming every bad variable (see `loadConfig`).
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** true/false/1/0/yes/no; unset stays `undefined`, so the caller picks the default that fits. */
const optionalFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((value) =>
    value === undefined ? undefined : value === 'true' || value === '1' || value === 'yes',
  );

/** Discord ids (users, servers, applications) are 64-bit numbers written in decimal. */
const snowflake = /^\d{17,20}$/;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** A PostgreSQL server; when absent the embedded PGlite database is used. */
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgresql://')
        .optional(),
    ),
    /**
     * The same database, as the role that owns its tables: used only to apply the migrations (at
     * start-up and by `npm run db:migrate`), so that DATABASE_URL's role, the application's, cannot
     * alter the audit log's protections (README: Database roles).
     */
    MIGRATION_DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgresql://')
        .optional(),
    ),
    /** Folder for the embedded database and the evidence files. */
    DATA_DIR: z.string().trim().min(1).default('./data'),
    /**
     * Load the five demo mediations into an empty database. Unset: yes on the embedded database (a
     * newcomer's first run), no on a server (a real deployment must not start with demo cases).
     */
    SEED_DEMO_DATA: optionalFlag,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEFAULT_LOCALE: z.enum(['fr', 'en']).default('fr'),
    /** Largest amount a consumer may claim, in euros. */
    MAX_CLAIM_EUROS: positiveInt(1_000_000),
    /** Largest evidence file, in megabytes (Telegram lets bots download at most 20 MB). */
    MAX_EVIDENCE_MB: positiveInt(20),
    /**
     * How many days registration may stay open at most, checked when it opens: the 90-day limit of a
     * mediation (L612-2) starts with the first file received, during registration.
     */
    REGISTRATION_MAX_DAYS: z.coerce
      .number()
      .int()
      .positive()
      .max(89, 'must be under 90: the 90-day limit runs from the first file received')
      .default(30),
    /** Scheduler and outbox polling period, in milliseconds. */
    POLL_INTERVAL_MS: positiveInt(1000),
    /**
     * How long an instance has to handle an inbound update before another may take it over: after a
     * crash, its unfinished updates are handled again this long after they arrived.
     */
    INBOUND_LEASE_SECONDS: positiveInt(60),
    /**
     * Who is responsible for the personal data (RGPD art. 13: the controller's identity), and how to
     * reach them (an e-mail or postal address). Unset: the privacy notice says the demo's names are
     * examples, so that a real deployment cannot go live with them unnoticed.
     */
    PRIVACY_CONTROLLER: optionalText.pipe(z.string().max(200).optional()),
    PRIVACY_CONTACT: optionalText.pipe(z.string().max(200).optional()),
    /** Months after a mediation closes before its personal data is pseudonymised (the privacy notice). */
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
    /** The Telegram bot's token from @BotFather; when set, the Telegram bot runs. */
    TELEGRAM_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-token (from @BotFather)')
        .optional(),
    ),
    /** The Bot API server: Telegram's, a self-hosted one, or a local fake in tests. */
    TELEGRAM_API_ROOT: z
      .url({ protocol: /^https?$/, error: 'must be an http(s):// address' })
      .default('https://api.telegram.org'),
    /** Public https address where Telegram can reach HTTP_PORT; when set, webhook mode instead of polling. */
    TELEGRAM_WEBHOOK_URL: z
      .url({ protocol: /^https$/, error: 'must be a public https:// address' })
      .optional(),
    /** Sent back by Telegram with each webhook call, so forged calls can be refused (16–256 of A-Z a-z 0-9 _ -). */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters among A-Z a-z 0-9 _ -')
      .optional(),
    /** The public web site's address (`https://…`), for absolute links from the chats to its pages. */
    PUBLIC_URL: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s):// address, like https://cessezlefeu.fr' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    /** The Telegram bot's username (without @): the site's « Join on Telegram » links and QR codes. */
    TELEGRAM_BOT_USERNAME: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, 'must be a bot username such as CessezLeFeuBot (without @)')
        .optional(),
    ),
    /** An invitation to the Discord server where the bot runs (https://discord.gg/…), shown on the site. */
    DISCORD_INVITE_URL: optionalText.pipe(
      z.url({ protocol: /^https$/, error: 'must be an https:// invitation link' }).optional(),
    ),
    /**
     * The web site is behind a reverse proxy that appends the client's address to X-Forwarded-For:
     * the receipt check's rate limit then counts per client, not per proxy. Off by default (the
     * header is anyone's to write when nothing in front of the site rewrites it).
     */
    WEB_TRUST_FORWARDED_FOR: optionalFlag.transform((value) => value ?? false),
    /**
     * The mail server the company's invitation is sent through (issue 15): `smtp://user:pass@host:587`
     * (STARTTLS when offered) or `smtps://…:465`. Unset: the mediator forwards the ready text by hand.
     */
    SMTP_URL: optionalText.pipe(
      z
        .url({
          protocol: /^smtps?$/,
          error: 'must be an smtp:// or smtps:// address, like smtp://user:pass@mail.example:587',
        })
        .optional(),
    ),
    /** Who the e-mails come from: `Cessez-le-feu <mediation@example.org>` or a bare address. */
    SMTP_FROM: optionalText.pipe(
      z
        .string()
        .regex(
          /^(?:[^<>\r\n]+<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
          'must be an address, like Cessez-le-feu <mediation@example.org>',
        )
        .optional(),
    ),
    /** Port of the HTTP server (Telegram webhook, Slack events, health check). */
    HTTP_PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    /** The Slack app's bot token (OAuth & Permissions); when set, the mediators' Slack app runs. */
    SLACK_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with xoxb- (OAuth & Permissions page)')
        .optional(),
    ),
    /** Checks that requests come from Slack (Basic Information page); HTTP mode only. */
    SLACK_SIGNING_SECRET: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{16,128}$/, 'must be the signing secret from the Basic Information page')
        .optional(),
    ),
    /** An app-level token with `connections:write`: when set, Socket Mode instead of HTTP. */
    SLACK_APP_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token starting with xapp-')
        .optional(),
    ),
    /** Slack's Web API; a local fake in tests. Bolt appends the method name, hence the final slash. */
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s):// address' })
      .default('https://slack.com/api/')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
    /** Slack user ids allowed to act as mediators, comma-separated. */
    SLACK_MEDIATOR_IDS: z
      .string()
      .optional()
      .transform((ids) =>
        ids
          ?.split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be Slack user ids like U0123ABCD, comma-separated'),
          )
          .optional(),
      ),
    /** A Slack user group whose members may act as mediators (its id, not its @handle). */
    SLACK_MEDIATOR_GROUP: optionalText.pipe(
      z
        .string()
        .regex(/^S[A-Z0-9]{2,}$/, 'must be a user group id like S0123ABCD, not its @handle')
        .optional(),
    ),
    /** The channel where the mediators' team gets its notifications (its id, not its #name). */
    SLACK_MEDIATORS_CHANNEL: optionalText.pipe(
      z
        .string()
        .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id like C0123ABCD, not its #name')
        .optional(),
    ),
    /** The mediators' slash command, as declared in the Slack app. */
    SLACK_COMMAND: z
      .string()
      .trim()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command like /mediation')
      .default('/mediation'),
    /** The Discord bot's token (Developer Portal → Bot); when set, the Discord bot runs. */
    DISCORD_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/,
          'must be the bot token (Developer Portal → Bot → Reset Token)',
        )
        .optional(),
    ),
    /** The Discord application's id (General Information page): the commands are registered under it. */
    DISCORD_APPLICATION_ID: optionalText.pipe(
      z.string().regex(snowflake, 'must be the application id, a number of 17 to 20 digits').optional(),
    ),
    /** Discord's REST API (its gateway address is asked from it); a local fake in tests. */
    DISCORD_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s):// address' })
      .default('https://discord.com/api')
      .transform((url) => url.replace(/\/+$/, '')),
    /** Servers to register the slash commands in, at once (comma-separated ids); none = globally. */
    DISCORD_GUILD_IDS: z
      .string()
      .optional()
      .transform((ids) =>
        (ids ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(snowflake, 'must be server ids (17 to 20 digits), comma-separated'))),
    /**
     * How many gateway connections (shards) the Discord bot has in all: `auto` asks Discord at each
     * start (one per 1,000 servers or so; required above 2,500), a number fixes it (every instance
     * that holds some shards must give the same one).
     */
    DISCORD_SHARDS: z
      .string()
      .trim()
      .regex(/^(auto|[1-9]\d{0,4})$/, 'must be auto or a number of shards (1, 2, …)')
      .default('auto')
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value))),
    /** The shards this process connects, comma-separated (`0,1`); none = all of DISCORD_SHARDS. */
    DISCORD_SHARD_IDS: z
      .string()
      .optional()
      .transform((ids) =>
        (ids ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^\d{1,5}$/, 'must be shard numbers (0, 1, …), comma-separated')))
      .transform((ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b)),
  })
  .refine((config) => !config.MIGRATION_DATABASE_URL || config.DATABASE_URL, {
    path: ['DATABASE_URL'],
    message: "is required when MIGRATION_DATABASE_URL is set (the application's role on the same database)",
    when: () => true,
  })
  .refine((config) => !config.TELEGRAM_WEBHOOK_URL || config.TELEGRAM_WEBHOOK_SECRET, {
    path: ['TELEGRAM_WEBHOOK_SECRET'],
    message: 'is required when TELEGRAM_WEBHOOK_URL is set (any 16 to 256 characters among A-Z a-z 0-9 _ -)',
    // Checked even when another variable is bad, so the one start-up message names every problem.
    when: () => true,
  })
  .refine((config) => !config.SMTP_URL || config.SMTP_FROM, {
    path: ['SMTP_FROM'],
    message: 'is required when SMTP_URL is set (the sender of the e-mails, like mediation@example.org)',
    when: () => true,
  })
  // A half-configured Slack app stops the start-up with every missing piece named at once.
  .refine((config) => config.SLACK_BOT_TOKEN || !slackSettingsGiven(config), {
    path: ['SLACK_BOT_TOKEN'],
    message: 'is required when other SLACK_ variables are set (the bot token, xoxb-…)',
    when: () => true,
  })
  .refine((config) => !config.SLACK_BOT_TOKEN || config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET, {
    path: ['SLACK_SIGNING_SECRET'],
    message: 'is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode)',
    when: () => true,
  })
  .refine(
    (config) => !config.SLACK_BOT_TOKEN || config.SLACK_MEDIATOR_IDS?.length || config.SLACK_MEDIATOR_GROUP,
    {
      path: ['SLACK_MEDIATOR_IDS'],
      message: 'or SLACK_MEDIATOR_GROUP is required when SLACK_BOT_TOKEN is set: who may act as a mediator',
      when: () => true,
    },
  )
  .refine((config) => !config.SLACK_BOT_TOKEN || config.SLACK_MEDIATORS_CHANNEL, {
    path: ['SLACK_MEDIATORS_CHANNEL'],
    message: 'is required when SLACK_BOT_TOKEN is set: where the mediators get their notifications',
    when: () => true,
  })

  // A half-configured Discord bot: the token and the application id only work together.
  .refine((config) => !config.DISCORD_BOT_TOKEN || config.DISCORD_APPLICATION_ID, {
    path: ['DISCORD_APPLICATION_ID'],
    message: 'is required when DISCORD_BOT_TOKEN is set (General Information page of the application)',
    when: () => true,
  })
  // Instances that split the shards between them must agree on their number: `auto` could differ.
  .refine((config) => !config.DISCORD_SHARD_IDS?.length || typeof config.DISCORD_SHARDS === 'number', {
    path: ['DISCORD_SHARD_IDS'],
    message: 'requires DISCORD_SHARDS to be a number (the total, the same on every instance), not auto',
    when: () => true,
  })
  .refine(
    (config) =>
      typeof config.DISCORD_SHARDS !== 'number' ||
      // Ids that are not numbers are reported by their own check.
      (config.DISCORD_SHARD_IDS ?? []).every(
        (id) => typeof id !== 'number' || id < (config.DISCORD_SHARDS as number),
      ),
    {
      path: ['DISCORD_SHARD_IDS'],
      message: 'must be below DISCORD_SHARDS (shards are numbered from 0)',
      when: () => true,
    },
  )
  .refine(
    (config) =>
      config.DISCORD_BOT_TOKEN ||
      (!config.DISCORD_APPLICATION_ID &&
        !config.DISCORD_GUILD_IDS?.length &&
        !config.DISCORD_SHARD_IDS?.length),
    {
      path: ['DISCORD_BOT_TOKEN'],
      message: 'is required when other DISCORD_ variables are set (Developer Portal → Bot → Reset Token)',
      when: () => true,
    },
  );

/** Settings that only make sense with a Slack bot token (the API address and command have defaults). */
function slackSettingsGiven(config: Record<string, unknown>): boolean {
  return [
    'SLACK_SIGNING_SECRET',
    'SLACK_APP_TOKEN',
    'SLACK_MEDIATOR_IDS',
    'SLACK_MEDIATOR_GROUP',
    'SLACK_MEDIATORS_CHANNEL',
  ].some((name) => config[name] !== undefined);
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // A blank variable is an unset one: `FOO=` in a .env file or `FOO: ${FOO}` in a compose file
  // must give the default, not an error (or, for a flag, "off").
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const result = configSchema.safeParse(given);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(
    `Invalid configuration, please fix these environment variables:\n${lines.join('\n')}`,
  );
}
