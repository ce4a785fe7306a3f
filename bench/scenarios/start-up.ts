import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from '../support.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxCli = join(root, 'node_modules/tsx/dist/cli.mjs');
const compiled = join(root, 'dist/bots/main.js');

/**
 * Start-up (issue 16): seconds from launching the program to its first prompt in the terminal chat (the
 * welcome that names /start), on the embedded database, beside a bare start of the same runtime (a
 * program that prints one line). Measured: `npm start`'s own command (tsx bots/main.ts) on a data folder
 * already used and on a fresh one (migrations and demo data), and the compiled build (`node
 * dist/bots/main.js`, `npm run build` first) on the used folder. The median of `runs` each.
 */
export async function startUpScenario(runs = 5) {
  const used = mkdtempSync(join(tmpdir(), 'clf-bench-start-'));
  try {
    const startTsx = (dataDir: string) => untilPrompt([tsxCli, join(root, 'bots/main.ts')], dataDir);
    await startTsx(used); // creates and seeds the folder once
    const figures = {
      bareTsx: await median(runs, () => untilPrompt([tsxCli, '-e', 'console.log("/start")'])),
      npmStartUsedFolder: await median(runs, () => startTsx(used)),
      npmStartFreshFolder: await median(runs, async () => {
        const fresh = mkdtempSync(join(tmpdir(), 'clf-bench-fresh-'));
        try {
          return await startTsx(fresh);
        } finally {
          rmSync(fresh, { recursive: true, force: true });
        }
      }),
      bareNode: await median(runs, () => untilPrompt(['-e', 'console.log("/start")'])),
      compiledUsedFolder: existsSync(compiled)
        ? await median(runs, () => untilPrompt([compiled], used))
        : null,
    };
    const ratio = (a: number | null, b: number) => (a ? round(a / b, 2) : null);
    return {
      scenario: 'start-up',
      runs,
      seconds: figures,
      npmStartOverBareTsx: ratio(figures.npmStartUsedFolder, figures.bareTsx),
      compiledOverBareNode: ratio(figures.compiledUsedFolder, figures.bareNode),
    };
  } finally {
    rmSync(used, { recursive: true, force: true });
  }
}

/** Seconds until the program prints its first prompt, then it is stopped (its input ends). */
async function untilPrompt(args: string[], dataDir?: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    // No platform token: the terminal chat (and its site, on a port of its own).
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir ?? '',
      HTTP_PORT: String(40_000 + Math.floor(Math.random() * 20_000)),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('/start')) return;
      const seconds = (performance.now() - started) / 1000;
      child.stdin.end();
      child.once('exit', () => resolve(round(seconds, 2)));
    });
    child.once('exit', (code) => {
      if (!output.includes('/start')) reject(new Error(`no prompt (exit ${code}): ${output.slice(-500)}`));
    });
  });
}

async function median(runs: number, measure: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}
