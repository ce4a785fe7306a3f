// `npm run verify-vote -- <vote> [--file list.csv] [--receipt CODE]`: see verify-vote.ts.
// Exit code 3 when the vote does not check out, 4 when the request cannot be answered.
import { runOperatorTask } from '../db/operator-cli.ts';
import { verifyVoteCommand } from './verify-vote.ts';

await runOperatorTask(async (db) => {
  const { output, exitCode } = await verifyVoteCommand(db, process.argv.slice(2));
  process.exitCode = exitCode;
  return output;
});
