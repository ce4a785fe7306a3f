import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config/config.ts';

const defaults = {
  NODE_ENV: 'development',
  DATA_DIR: './data',
  LOG_LEVEL: 'info',
  DEFAULT_LOCALE: 'fr',
  MAX_CLAIM_EUROS: 1_000_000,
  MAX_EVIDENCE_MB: 20,
  POLL_INTERVAL_MS: 1000,
};
/** Unset optional settings are absent: no server database. */
const absent = ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'SEED_DEMO_DATA'];

function expectDefaults(config: Record<string, unknown>) {
  expect(config).toMatchObject(defaults);
  for (const name of absent) expect(config[name], name).toBeUndefined();
}

describe('configuration', () => {
  it('runs with nothing configured: embedded database, demo data, French', () => {
    expectDefaults(loadConfig({}));
  });

  it('treats a blank variable as unset (`FOO=` in a .env file, an unset variable in a compose file)', () => {
    const blank = Object.fromEntries([...Object.keys(defaults), ...absent].map((name) => [name, '  ']));
    expectDefaults(loadConfig(blank));
    // Unset: the start-up decides (demo data on the embedded database only).
    expect(loadConfig({ SEED_DEMO_DATA: '' }).SEED_DEMO_DATA).toBeUndefined();
    expect(loadConfig({ SEED_DEMO_DATA: 'yes' }).SEED_DEMO_DATA).toBe(true);
  });

  it('reads the values it is given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      SEED_DEMO_DATA: 'no',
      DEFAULT_LOCALE: 'en',
      MAX_EVIDENCE_MB: '5',
      DATA_DIR: ' /var/lib/clf ',
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      SEED_DEMO_DATA: false,
      DEFAULT_LOCALE: 'en',
      MAX_EVIDENCE_MB: 5,
      DATA_DIR: '/var/lib/clf',
    });
  });

  it("migrates as the owner only alongside the application's own role on a server", () => {
    const owner = 'postgresql://clf_owner:secret@db/clf';
    const both = loadConfig({ DATABASE_URL: 'postgresql://clf_app:s@db/clf', MIGRATION_DATABASE_URL: owner });
    expect(both.MIGRATION_DATABASE_URL).toBe(owner);
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: owner })).toThrow(
      /- DATABASE_URL: is required when MIGRATION_DATABASE_URL is set/,
    );
    expect(() => loadConfig({ DATABASE_URL: owner, MIGRATION_DATABASE_URL: 'mysql://db' })).toThrow(
      /- MIGRATION_DATABASE_URL: must start with postgresql:\/\//,
    );
  });

  it('bounds registration at 30 days unless told otherwise, always under the 90-day limit', () => {
    expect(loadConfig({}).REGISTRATION_MAX_DAYS).toBe(30);
    expect(loadConfig({ REGISTRATION_MAX_DAYS: '45' }).REGISTRATION_MAX_DAYS).toBe(45);
    expect(() => loadConfig({ REGISTRATION_MAX_DAYS: '90' })).toThrow(
      /- REGISTRATION_MAX_DAYS: must be under 90: the 90-day limit runs from the first file received/,
    );
    expect(() => loadConfig({ REGISTRATION_MAX_DAYS: '0' })).toThrow(/- REGISTRATION_MAX_DAYS:/);
  });

  it('names every bad variable in one message, without echoing their values', () => {
    const bad = {
      NODE_ENV: 'prod',
      DATABASE_URL: 'mysql://admin:hunter2@db/cases',
      SEED_DEMO_DATA: 'maybe',
      LOG_LEVEL: 'loud',
      DEFAULT_LOCALE: 'de',
      MAX_CLAIM_EUROS: '-5',
      MAX_EVIDENCE_MB: '2.5',
      POLL_INTERVAL_MS: 'often',
    };
    let error: unknown;
    try {
      loadConfig({ ...bad, DATA_DIR: '/fine' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of Object.keys(bad)) expect(message).toContain(`- ${name}:`);
    expect(message).not.toContain('DATA_DIR');
    expect(message).not.toContain('hunter2');
  });

  it('does not need a .env file, and uses one when present', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clf-config-'));
    const withoutFile: Record<string, string> = {};
    // What start-up does: an absent .env is not an error.
    expect(() => loadDotenv({ path: join(dir, '.env'), processEnv: withoutFile, quiet: true })).not.toThrow();
    expectDefaults(loadConfig(withoutFile));

    writeFileSync(join(dir, '.env'), 'DEFAULT_LOCALE=en\nLOG_LEVEL=\n');
    const withFile: Record<string, string> = {};
    loadDotenv({ path: join(dir, '.env'), processEnv: withFile, quiet: true });
    expect(loadConfig(withFile)).toMatchObject({ DEFAULT_LOCALE: 'en', LOG_LEVEL: 'info' });
  });
});
