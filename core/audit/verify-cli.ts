// `npm run audit:verify [-- --expect <head hash>]`: walks the whole audit chain of the configured
// database and says whether any entry was edited, removed or re-linked (exit code 3) and, given a head
// hash kept outside the database (the one this command printed, or the one posted to the mediators),
// whether the chain still contains it (exit code 4 when it does not: cut, emptied or rewritten).
import { parseArgs } from 'node:util';
import { describeDatabase } from '../db/open-configured.ts';
import { runOperatorTask } from '../db/operator-cli.ts';
import { parseKeptHead, verifyAuditReport, verifyExitCodes } from './verify-report.ts';

const usage = 'Usage: npm run audit:verify [-- --expect <head hash: 64 hexadecimal digits>]';

function keptHeadFromArguments(): string | undefined | Error {
  try {
    const { values } = parseArgs({ options: { expect: { type: 'string' } }, strict: true });
    if (values.expect === undefined) return undefined;
    return (
      parseKeptHead(values.expect) ??
      new Error(`--expect takes a head hash of 64 hexadecimal digits. ${usage}`)
    );
  } catch (error) {
    return new Error(`${(error as Error).message}. ${usage}`);
  }
}

const keptHead = keptHeadFromArguments();
if (keptHead instanceof Error) {
  // A mistake in the command: said at once, before any database is opened.
  console.error(keptHead.message);
  process.exitCode = verifyExitCodes.badArgument;
} else {
  await runOperatorTask(async (db, config) => {
    const report = await verifyAuditReport(db.prisma, describeDatabase(config), keptHead);
    process.exitCode = report.exitCode;
    return report.message;
  });
}
