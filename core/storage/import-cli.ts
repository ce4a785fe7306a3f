// `npm run evidence:import`: copies the evidence files an earlier version kept in DATA_DIR/evidence
// into the PostgreSQL server of DATABASE_URL, where every instance now reads them.
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config/config.ts';
import { describeDatabase, migrateConfiguredDatabase } from '../db/open-configured.ts';
import { runOperatorTask } from '../db/operator-cli.ts';
import { evidenceDirectory } from './configured-evidence-store.ts';
import { importEvidenceFiles } from './import-evidence-files.ts';

loadDotenv({ quiet: true });
// The embedded database is not even opened (another process may hold it): its folder is its store.
// A bad setting is left to runOperatorTask, which names it.
const settings = (() => {
  try {
    return loadConfig();
  } catch {
    return undefined;
  }
})();
if (settings && !settings.DATABASE_URL) {
  console.log(
    `Nothing to do: with the embedded database, evidence files stay in ${evidenceDirectory(settings)}.`,
  );
} else {
  await runOperatorTask(async (db, config) => {
    const dir = evidenceDirectory(config);
    await migrateConfiguredDatabase(config, db);
    const report = await importEvidenceFiles(db, dir);
    return [
      `Evidence files from ${dir} into ${describeDatabase(config)}: ${report.imported} copied, ` +
        `${report.alreadyThere} already there, ${report.unreferenced} not referenced (left alone), ` +
        `${report.mismatched} not matching their fingerprint (not copied).`,
      report.stillMissing === 0
        ? 'Every evidence file is in the database; the folder is no longer read.'
        : `${report.stillMissing} evidence file(s) are still missing from the database: run this where the rest was kept.`,
    ].join('\n');
  });
}
