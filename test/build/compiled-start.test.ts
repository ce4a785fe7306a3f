import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { usingServer } from '../support/database.ts';
import {
  FAKE_BOT_TOKEN,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  postToApp,
  slashCommand,
  startFakeSlack,
} from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { freePort } from '../support/free-port.ts';

/**
 * What production runs: `npm run build`, then `node dist/bots/main.js` with no tsx and no TypeScript
 * source beside it. The build goes into a folder laid out like the Docker image (dist/, package.json,
 * node_modules), away from the repository, so a file the program reads from the sources instead of from
 * dist/ (a locale, a migration) fails here. Docker cannot run here: the commands the Dockerfile and
 * compose.yaml give (start, health checks, migrations) are read from those files and run as they are.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const app = mkdtempSync(join(tmpdir(), 'clf-build-'));
const ALICE = 'U0ALICE';

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
/** A command given as a JSON array (`CMD ["node", …]`), `node` left out: this test runs its own Node. */
function nodeCommand(words: string[]): string[] {
  const [program, ...args] = words.filter((word) => word !== 'CMD');
  if (program !== 'node') throw new Error(`expected a node command, found ${program}`);
  return args;
}
/** A compose list (`key:` then `- item` lines) of one service; items in double quotes are JSON strings. */
function composeList(service: string, key: string): string[] {
  const section = new RegExp(`^ {2}${service}:$[\\s\\S]*?^ +${key}:\\n((?: +- .*\\n)+)`, 'm').exec(compose);
  if (!section?.[1]) throw new Error(`no ${key} list in the service ${service}`);
  return section[1]
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^ +- /, ''))
    .map((item) => (item.startsWith('"') ? (JSON.parse(item) as string) : item));
}
const imageStart = nodeCommand(JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]'));
const imageHealthCheck = nodeCommand(
  JSON.parse(/^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]'),
);
const composeHealthCheck = nodeCommand(composeList('app', 'test'));
const composeMigrate = nodeCommand(composeList('migrate', 'command'));

/** `node <args>` in the built folder, with only `env`. */
function runNode(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: app, env, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  const build = await runNode([join(root, 'scripts/build.mjs'), '--out-dir', join(app, 'dist')], {
    PATH: process.env.PATH ?? '',
  });
  expect(build.stderr).toBe('');
  expect(build.code).toBe(0);
  copyFileSync(join(root, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
}, 240_000);

// On the PostgreSQL pass, the compiled program migrates a new database of that server at start-up, as the
// compose file's does; otherwise it creates the embedded one in DATA_DIR.
let database: { url: string; drop(): Promise<void> } | undefined;
beforeAll(async () => {
  if (usingServer()) database = await createServerDatabase(String(process.env.DATABASE_URL));
});

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake?.stop();
  await database?.drop();
  rmSync(app, { recursive: true, force: true });
});

describe('the compiled build', () => {
  const dataDir = join(app, 'data');
  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DEFAULT_LOCALE: 'fr',
    POLL_INTERVAL_MS: '200',
    ...(database ? { DATABASE_URL: database.url, SEED_DEMO_DATA: 'true' } : {}),
  });

  it('starts with node dist/bots/main.js: chats in the terminal, serves /healthz and the Slack app', async () => {
    const port = await freePort();
    // The mediators' Slack app over HTTP, against the fake: the webhook server runs beside the chat.
    const child = spawn(process.execPath, imageStart, {
      cwd: app,
      env: {
        ...env(),
        HTTP_PORT: String(port),
        SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_MEDIATOR_IDS: ALICE,
        SLACK_MEDIATORS_CHANNEL: 'C0MEDIATORS',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const output = collect(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => output.stdout.includes(t('fr', 'console:chat.welcome')) || output.exited, 180_000);
      expect(output.stderr).toBe('');
      expect(output.exited).toBe(false);

      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // The image's HEALTHCHECK (it reads HTTP_PORT) and compose's (the container's port, 3000).
      expect(await runNode(imageHealthCheck, { HTTP_PORT: String(port) })).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
      const composeCheck = composeHealthCheck.map((word) => word.replace(':3000/', `:${port}/`));
      expect(await runNode(composeCheck, {})).toMatchObject({ code: 0 });

      const command = await postToApp(
        `${base}/slack/events`,
        slashCommand({ text: 'list', user: { id: ALICE }, responseUrl: fake.responseUrl('list') }),
      );
      expect(command.status).toBe(200);
      const [answer] = await waitFor(
        () => fake.responsesTo('list').length > 0 && fake.responsesTo('list'),
        30_000,
      );
      expect(JSON.stringify(answer)).toContain('red-by-sfr');

      child.stdin.end('/aide\n');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(output.stdout).toContain(t('fr', 'account:help.text'));
    expect(output.stdout.trimEnd().endsWith(t('fr', 'console:stopping'))).toBe(true);
    expect(output.stderr).toBe('');
  }, 240_000);

  it('runs the migrations as compose does, and the admin command line, from dist on the same data', async () => {
    const migrate = await runNode(composeMigrate, env());
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toMatch(/^No migration to apply: .* is up to date\.\n$/);
    const list = await runNode(['dist/bots/admin/cli.js', 'list'], env());
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('red-by-sfr — Frais supplémentaires avec RED by SFR');
  }, 240_000);
});

function collect(child: ChildProcessWithoutNullStreams) {
  const output = { stdout: '', stderr: '', exited: false };
  child.stdout.on('data', (chunk) => {
    output.stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += String(chunk);
  });
  child.on('exit', () => {
    output.exited = true;
  });
  return output;
}

async function createServerDatabase(serverUrl: string) {
  const name = `clf_build_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
