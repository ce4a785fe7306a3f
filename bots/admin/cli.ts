// `npm run admin -- <action> …`: the mediators' command line (see README, "Admin command line").
import { createInterface } from 'node:readline/promises';
import { type AdminIo, runAdminCli } from './admin-cli.ts';

const io: AdminIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  interactive: Boolean(process.stdin.isTTY),
  ask: async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  },
};

process.exitCode = await runAdminCli(process.argv.slice(2), io);
