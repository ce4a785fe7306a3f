import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram, waitFor } from '../support/fake-telegram.ts';
import { freePort } from '../support/free-port.ts';
import { parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm start` with Telegram by long polling (no webhook route): the HTTP server still runs, for the
// health checks and the metrics.
describe('npm start with a chat platform serves /healthz, /readyz and /metrics', () => {
  let fake: FakeTelegram;
  let child: ChildProcess;
  let port: number;
  let stderr = '';
  beforeAll(async () => {
    fake = await startFakeTelegram();
    port = await freePort();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|TELEGRAM_|SLACK_|DISCORD_)/.test(name)),
    );
    child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bots/main.ts'], {
      cwd: root,
      env: {
        ...inherited,
        DATA_DIR: await mkdtemp(join(tmpdir(), 'clf-endpoints-')),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        HTTP_PORT: String(port),
        POLL_INTERVAL_MS: '200',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await fake?.stop();
  });

  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
    return response && { status: response.status, text: await response.text() };
  };

  it('is ready once the database is migrated and the bot polls, and counts what it handles', async () => {
    const ready = await waitFor(async () => (await get('/readyz'))?.status === 200, 90_000).catch(
      () => false,
    );
    expect(ready, `not ready; stderr: ${stderr}`).toBe(true);
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready' });
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok' });

    const person = fake.person({ languageCode: 'fr' });
    await person.sendCommand('/start');
    const handled = async () =>
      seriesValue(parsePrometheusText((await get('/metrics'))?.text ?? ''), 'clf_inbound_updates_total', {
        platform: 'telegram',
        outcome: 'handled',
      });
    await waitFor(async () => (await handled()) === 1, 30_000);
    const families = parsePrometheusText((await get('/metrics'))?.text ?? '');
    // The process's own metrics, and the commands the /start ran, timed.
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(families.get('clf_command_duration_seconds')?.samples.length).toBeGreaterThan(0);
    expect(
      seriesValue(families, 'clf_outbox_pending_messages', { audience: 'person' }),
    ).toBeGreaterThanOrEqual(0);
  }, 150_000);
});
