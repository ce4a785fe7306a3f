// `npm run audit:verify`: walks the whole audit chain of the configured database and says whether any
// entry was edited, removed or re-linked. Exit code 3 when the chain is broken.
import { describeDatabase } from '../db/open-configured.ts';
import { runOperatorTask } from '../db/operator-cli.ts';
import { verifyAuditChain } from './audit-log.ts';

const CHAIN_BROKEN = 3;

await runOperatorTask(async (db, config) => {
  const result = await verifyAuditChain(db.prisma);
  const where = describeDatabase(config);
  if (result.valid) {
    return `Audit log of ${where} is intact: ${result.entries} entries. Head hash ${result.headHash} (keep it: a later run must show it or a chain that continues from it).`;
  }
  process.exitCode = CHAIN_BROKEN;
  return `Audit log of ${where} is BROKEN at entry #${result.brokenAtSeq}: an entry was ${result.problem}. ${result.entries} entries before it are intact.`;
});
