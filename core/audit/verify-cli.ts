// `npm run audit:verify [-- --expect <hash>] [--lang fr|en]`: walks every audit chain of the configured
// database (one per mediation, and the shared one with the roots) and says, chain by chain, whether any
// entry was edited, removed, re-linked, misplaced, or no longer matches what a root recorded (exit code
// 3) and, given a hash kept outside the database (a root's, posted to the mediators every day, or a
// chain's, posted after a vote), whether the log still contains it (exit code 4 when it does not: cut,
// emptied or rewritten). The report is in English unless --lang fr, or a French LANG, asks otherwise.
import { parseArgs } from 'node:util';
import { describeDatabase } from '../db/open-configured.ts';
import { runOperatorTask } from '../db/operator-cli.ts';
import type { Locale } from '../i18n/index.ts';
import { parseKeptHead, verifyAuditReport, verifyExitCodes } from './verify-report.ts';

const usage = 'Usage: npm run audit:verify [-- --expect <hash: 64 hexadecimal digits>] [--lang fr|en]';

function argumentsOrError(): { keptHead?: string; locale: Locale } | Error {
  try {
    const { values } = parseArgs({
      options: { expect: { type: 'string' }, lang: { type: 'string' } },
      strict: true,
    });
    const lang = values.lang ?? (process.env.LANG?.startsWith('fr') ? 'fr' : 'en');
    if (lang !== 'fr' && lang !== 'en') return new Error(`--lang takes fr or en. ${usage}`);
    if (values.expect === undefined) return { locale: lang };
    const keptHead = parseKeptHead(values.expect);
    if (!keptHead) return new Error(`--expect takes a hash of 64 hexadecimal digits. ${usage}`);
    return { keptHead, locale: lang };
  } catch (error) {
    return new Error(`${(error as Error).message}. ${usage}`);
  }
}

const args = argumentsOrError();
if (args instanceof Error) {
  // A mistake in the command: said at once, before any database is opened.
  console.error(args.message);
  process.exitCode = verifyExitCodes.badArgument;
} else {
  await runOperatorTask(async (db, config) => {
    const report = await verifyAuditReport(
      db.prisma,
      describeDatabase(config, args.locale),
      args.keptHead,
      args.locale,
    );
    process.exitCode = report.exitCode;
    return report.message;
  });
}
