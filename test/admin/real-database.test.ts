import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../bots/admin/admin-cli.ts';
import { openConfiguredDatabase } from '../../core/db/open-configured.ts';
import { runCli } from './support.ts';

// The command line on a real embedded database in a temporary DATA_DIR, as a newcomer runs it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'clf-admin-db-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm run admin -- <words>` as a separate process, with no database server configured. */
function npmRunAdmin(words: string[], env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|SEED_DEMO_DATA|LOG_LEVEL)$/.test(name)),
  );
  const child = spawn('npm', ['run', '--silent', 'admin', '--', ...words], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the admin command line on the embedded database', () => {
  it('migrates and seeds a new DATA_DIR like npm start, then acts on it', { timeout: 120_000 }, async () => {
    const first = await runCli(['list', '--json'], { env: { DATA_DIR: dataDir } });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      'Base de données neuve\u00a0: les 5 médiations de démonstration ont été chargées.\n',
    );
    expect((JSON.parse(first.stdout) as { data: unknown[] }).data).toHaveLength(5);
    const cancel = await runCli(['cancel', 'kuvera', 'Médiation de test', '--yes', '--as', 'test'], {
      env: { DATA_DIR: dataDir },
    });
    expect(cancel).toMatchObject({ code: 0, stderr: '' });
    const again = await runCli(['show', 'kuvera', '--lang', 'en'], { env: { DATA_DIR: dataDir } });
    expect(again.stdout).toContain('Status: cancelled');
    expect(again.stdout).toContain('Médiation de test');
  });

  it('says clearly that another program has the database open, instead of corrupting it', {
    timeout: 120_000,
  }, async () => {
    const held = await openConfiguredDatabase({ DATA_DIR: dataDir, DATABASE_URL: undefined });
    try {
      const run = await runCli(['list'], { env: { DATA_DIR: dataDir } });
      expect(run.code).toBe(exitCodes.database);
      expect(run.stderr).toBe(
        `La base de données intégrée (${join(dataDir, 'db')}) est déjà ouverte par un autre programme (processus ${process.pid}, sans doute «\u00a0npm start\u00a0»). Arrêtez-le (Ctrl+C), puis recommencez. Si aucun programme ne tourne, supprimez le fichier ${join(dataDir, 'db.lock')}.\n`,
      );
    } finally {
      await held.close();
    }
    expect((await runCli(['list'], { env: { DATA_DIR: dataDir } })).code).toBe(0);
  });

  it('works as `npm run admin`: help, an action, and no guessing without a terminal', {
    timeout: 180_000,
  }, async () => {
    const help = await npmRunAdmin(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Utilisation\u00a0: npm run admin -- <action>');
    expect(help.stdout).toContain('open-vote');

    const show = await npmRunAdmin(['show', 'red-by-sfr'], { DATA_DIR: dataDir });
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Frais supplémentaires avec RED by SFR (red-by-sfr)');

    const unconfirmed = await npmRunAdmin(['cancel', 'sfam', 'Doublon'], { DATA_DIR: dataDir });
    expect(unconfirmed.code).toBe(exitCodes.usage);
    expect(unconfirmed.stderr).toContain('«\u00a0cancel\u00a0» est irréversible\u00a0: ajoutez --yes');
  });
});
