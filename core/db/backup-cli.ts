// `npm run db:backup [-- --out <file>]`: copies the embedded database and its evidence files into one
// file (DATA_DIR/backups/cessez-le-feu-<time>.tar by default), while the product is stopped.
import { parseArgs } from 'node:util';
import { backupEmbeddedDatabase } from './backup/embedded-backup.ts';
import { exitCodes, runOperatorCommand } from './operator-cli.ts';

const usage = 'Usage: npm run db:backup [-- --out <file.tar>]';

let out: string | undefined;
try {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(
      `${usage}\nCopies the embedded database (DATA_DIR/db) and its evidence files (DATA_DIR/evidence) into one ` +
        'tar file, by default in DATA_DIR/backups. Stop the product first. For a PostgreSQL server, use pg_dump.',
    );
    process.exit(exitCodes.ok);
  }
  out = values.out;
} catch (error) {
  console.error(`${(error as Error).message}. ${usage}`);
  process.exit(exitCodes.badConfiguration);
}

await runOperatorCommand(async (config) => {
  const backup = await backupEmbeddedDatabase(config, out);
  const size = (backup.bytes / 1024 / 1024).toFixed(1);
  return (
    `Backed up the embedded database (${backup.migrations} migrations) and ${backup.evidenceFiles} evidence ` +
    `file${backup.evidenceFiles === 1 ? '' : 's'} to ${backup.file} (${size} MB). It holds people's ` +
    'complaints and proofs: keep a copy away from this machine, as safe as the data itself.'
  );
});
