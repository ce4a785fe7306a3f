import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `tsx bots/main.ts` (what `npm start` runs) with these lines piped in; resolves when it exits. */
function runWithPipedInput(
  lines: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Nothing configured but a fresh folder: the embedded database, the demo mediations, the terminal chat.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|TELEGRAM_|SEED_DEMO_DATA)/.test(name)),
  );
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bots/main.ts'], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start with no platform token', () => {
  it('chats in the terminal with piped input, then stops cleanly when the input ends', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'clf-start-'));
    const { code, stdout, stderr } = await runWithPipedInput(['/start red-by-sfr', '7', '/aide'], {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      POLL_INTERVAL_MS: '200',
      DEFAULT_LOCALE: 'fr',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(t('fr', 'console:ready', { count: 5 }));
    expect(stdout).toContain(t('fr', 'console:chat.welcome'));
    // The deep link opened the mediation; 7 matched none of its two choices; /aide answered.
    expect(stdout).toContain('Entreprise\u00a0: RED by SFR');
    expect(stdout).toContain(t('fr', 'console:choiceOutOfRange', { number: 7, last: 2 }));
    expect(stdout).toContain(t('fr', 'account:help.text'));
    expect(stdout.trimEnd().endsWith(t('fr', 'console:stopping'))).toBe(true);
    // The embedded database was created in DATA_DIR, where a second start would find it again.
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);
    // The logs went to their file beside the data, never into the conversation.
    expect(stdout).not.toContain('"level":');
    expect(await readFile(join(dataDir, 'cessez-le-feu.log'), 'utf8')).toContain('"msg":"database ready"');
  }, 90_000);
});
