import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './fake-telegram.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The program as `npm start` runs it (bots/main.ts), in a child process with this environment (the
 * test's platform and database variables left out): started, signalled and killed at will.
 */
export function programProcess(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(DATABASE_URL|MIGRATION_DATABASE_URL|TELEGRAM_|SLACK_|DISCORD_|SEED_DEMO_DATA)/.test(name),
    ),
  );
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  const program = {
    output: '',
    /** Starts it and waits until `ready()` says so; fails at once if it stops first. */
    async start(ready: () => Promise<boolean> | boolean, patienceMs = 180_000) {
      // One process, tsx as a loader: its command line would run the program in a child of its own,
      // which a SIGKILL of the parent would leave running.
      const started = spawn(process.execPath, ['--import', 'tsx', 'bots/main.ts'], {
        cwd: root,
        env: { ...inherited, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const collect = (chunk: unknown) => {
        program.output += String(chunk);
      };
      started.stdout?.on('data', collect);
      started.stderr?.on('data', collect);
      exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
      const first = await Promise.race([
        waitFor(ready, patienceMs).then(() => 'ready'),
        exited.then(() => 'exited'),
      ]);
      if (first === 'exited')
        throw new Error(`the program stopped at start:\n${program.output.slice(-3000)}`);
    },
    /** Sends a signal; resolves with the exit code once the process is gone. */
    async signal(name: NodeJS.Signals): Promise<number | null> {
      child?.kill(name);
      child = undefined;
      return exited;
    },
    kill: () => program.signal('SIGKILL'),
    running: () => child !== undefined && child.exitCode === null,
  };
  return program;
}
