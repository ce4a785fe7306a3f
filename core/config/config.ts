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
    /** Scheduler and outbox polling period, in milliseconds. */
    POLL_INTERVAL_MS: positiveInt(1000),
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
    /** Port of the HTTP server (Telegram webhook, health check). */
    HTTP_PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  })
  .refine((config) => !config.TELEGRAM_WEBHOOK_URL || config.TELEGRAM_WEBHOOK_SECRET, {
    path: ['TELEGRAM_WEBHOOK_SECRET'],
    message: 'is required when TELEGRAM_WEBHOOK_URL is set (any 16 to 256 characters among A-Z a-z 0-9 _ -)',
    // Checked even when another variable is bad, so the one start-up message names every problem.
    when: () => true,
  });

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
