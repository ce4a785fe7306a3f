import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../core/db/migrate.ts';
import { countMigrations } from '../../core/db/operator-cli.ts';

// The operator's view of `npm run db:migrate` and `npm run db:seed`: real processes, real exit codes.
const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const workDir = mkdtempSync(join(tmpdir(), 'clf-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: 'migrate-cli' | 'seed-cli', env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [join(root, `core/db/${script}.ts`)],
      // A clean environment, run away from the repository so no `.env` file is picked up.
      { cwd: workDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every shipped migration, as the command lines name them: "2 migrations (…_init, …)". */
const shipped = countMigrations(readMigrations().map((migration) => migration.name));
const escaped = shipped.replace(/[()]/g, '\\$&');

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('the database command lines on the embedded database', () => {
  const env = { DATA_DIR: join(workDir, 'data') };

  it('seed a new installation, then find nothing left to do', { timeout: 300_000 }, async () => {
    const first = await run('seed-cli', env);
    expect(first).toEqual({
      code: 0,
      stdout: `Applied ${shipped}; seeded 5 demo mediations into the embedded database in ${env.DATA_DIR}/db.\n`,
      stderr: '',
    });
    const again = await run('seed-cli', env);
    expect(again.stdout).toBe(
      `Demo data already present in the embedded database in ${env.DATA_DIR}/db: nothing to seed.\n`,
    );
    const migrate = await run('migrate-cli', env);
    expect(migrate).toEqual({
      code: 0,
      stdout: `No migration to apply: the embedded database in ${env.DATA_DIR}/db is up to date.\n`,
      stderr: '',
    });
  });

  it('migrate a new installation and say which migrations ran', { timeout: 120_000 }, async () => {
    const result = await run('migrate-cli', { DATA_DIR: join(workDir, 'other') });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Applied ${escaped} to the embedded database in .*; database is up to date\\.\n$`),
    );
    expect(shipped).toContain('20261127000000_init');
  });
});

describe('the database command lines when something is wrong', () => {
  it('explain an unreachable server in one line, without a stack trace', { timeout: 60_000 }, async () => {
    const result = await run('migrate-cli', { DATABASE_URL: 'postgresql://postgres:secret@127.0.0.1:1/clf' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: Cannot reach the PostgreSQL database "clf" on 127.0.0.1:1: the connection was refused (is the server running, and is the port right?).\n',
    );
    noStackTrace(result.stderr);
  });

  it('name the bad setting and exit with a distinct code', { timeout: 60_000 }, async () => {
    const result = await run('seed-cli', { DATABASE_URL: 'mysql://localhost/clf' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: must start with postgresql://');
    noStackTrace(result.stderr);
  });
});
