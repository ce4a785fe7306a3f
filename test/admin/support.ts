import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminIo, type AdminOptions, runAdminCli } from '../../bots/admin/admin-cli.ts';
import type { TestCore } from '../support/core.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Questions the command line asked on the terminal. */
  asked: string[];
  /** Whether it opened the database at all. */
  opened: boolean;
}

export interface CliSettings {
  /** A person at a terminal, who answers this to any question. */
  answer?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Use the test core instead of the configured database (the default when a core is given). */
  core?: TestCore;
  seeded?: number;
  openCore?: AdminOptions['openCore'];
}

/** Runs `npm run admin -- <words>` in this process, with captured output. */
export async function runCli(words: string[], settings: CliSettings = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  let opened = false;
  const io: AdminIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { ...settings.env },
    cwd: settings.cwd ?? emptyFolder(),
    interactive: settings.answer !== undefined,
    ask: async (question) => {
      asked.push(question);
      return settings.answer ?? '';
    },
  };
  const { core } = settings;
  const openCore: AdminOptions['openCore'] = core
    ? async () => {
        opened = true;
        return { core: core.core, seeded: settings.seeded ?? 0, close: async () => {} };
      }
    : settings.openCore
      ? async (io) => {
          opened = true;
          return (settings.openCore as NonNullable<AdminOptions['openCore']>)(io);
        }
      : undefined;
  const code = await runAdminCli(words, io, openCore ? { openCore } : {});
  return { code, stdout, stderr, asked, opened };
}

let empty: string | undefined;

/** Where the command line runs unless told: never the repository's folder, whose .env would apply. */
function emptyFolder(): string {
  empty ??= mkdtempSync(join(tmpdir(), 'clf-admin-'));
  return empty;
}
