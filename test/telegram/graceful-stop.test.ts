import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { createServerDatabase } from '../support/database.ts';
import { startFakeTelegram, waitFor } from '../support/fake-telegram.ts';
import { freePort } from '../support/free-port.ts';
import { programProcess } from '../support/program-process.ts';

// SIGTERM (a deployment, `docker stop`): nothing new is taken, what is in hand is finished and answered,
// what the instance still holds is handed over, the database is closed, and the process exits 0.
const serverUrl = process.env.DATABASE_URL;

describe.skipIf(!serverUrl)('the program stopped with SIGTERM', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('finishes and answers the update in hand, leaves nothing leased, and exits 0', async () => {
    const database = await createServerDatabase('clf_stop');
    cleanups.push(database.drop);
    const url = new URL(database.url);
    const name = url.pathname.slice(1);

    const fake = await startFakeTelegram();
    cleanups.push(() => fake.stop());
    const program = programProcess({
      DATABASE_URL: url.toString(),
      SEED_DEMO_DATA: 'true',
      DATA_DIR: await mkdtemp(join(tmpdir(), 'clf-stop-')),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      HTTP_PORT: String(await freePort()),
      POLL_INTERVAL_MS: '200',
      LOG_LEVEL: 'info',
    });
    cleanups.push(() => program.kill());
    await program.start(() => fake.callsOf('getUpdates').length > 0);

    // The answer is on its way, slowly, when the stop comes.
    const person = fake.person();
    fake.hold('sendMessage', 2000);
    await person.sendCommand('/aide');
    await waitFor(() => fake.callsOf('sendMessage').length > 0, 60_000);
    const code = await program.signal('SIGTERM');

    expect(code).toBe(0);
    expect(person.texts()).toEqual([t('fr', 'account:help.text')]);
    expect(program.output).toContain('"msg":"stopped"');
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    cleanups.push(() => db.end());
    const rows = async (sql: string) => (await db.query(sql)).rows;
    expect(await rows(`SELECT status FROM inbound_update`)).toEqual([{ status: 'answered' }]);
    expect(await rows(`SELECT id FROM outbox_message WHERE leased_by IS NOT NULL`)).toEqual([]);
    // The pool was closed: no session of the program is left on the server.
    expect(
      await rows(`SELECT pid FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`),
    ).toEqual([]);
  }, 300_000);
});
