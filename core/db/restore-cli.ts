// `npm run db:restore -- <file> [--yes]`: puts a backup of `npm run db:backup` in place of the embedded
// database and its evidence files, while the product is stopped. Data already there is replaced only with
// --yes, and kept aside rather than deleted.
import { parseArgs } from 'node:util';
import { englishCount } from '../i18n/format.ts';
import { restoreEmbeddedDatabase } from './backup/embedded-backup.ts';
import { exitCodes, runOperatorCommand } from './operator-cli.ts';

const usage = 'Usage: npm run db:restore -- <backup.tar> [--yes]';

let file = '';
let yes = false;
try {
  const { values, positionals } = parseArgs({
    options: { yes: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(
      `${usage}\nReplaces the embedded database (DATA_DIR/db) and its evidence files with a backup made by ` +
        'npm run db:backup. Stop the product first. --yes is needed when DATA_DIR already holds data; that ' +
        'data is moved aside (…before-restore-<time>), not deleted. For a PostgreSQL server, use pg_restore.',
    );
    process.exit(exitCodes.ok);
  }
  if (positionals.length !== 1) throw new Error('Name one backup file');
  file = positionals[0] ?? '';
  yes = values.yes ?? false;
} catch (error) {
  console.error(`${(error as Error).message}. ${usage}`);
  process.exit(exitCodes.badConfiguration);
}

await runOperatorCommand(async (config) => {
  const restored = await restoreEmbeddedDatabase(config, file, { replaceExisting: yes });
  const aside =
    restored.keptAside.length > 0
      ? ` The data it replaced is in ${restored.keptAside.join(' and ')}: delete it once you have checked the restore.`
      : '';
  return (
    `Restored the backup of ${restored.createdAt} (${englishCount(restored.migrations, 'migration')}, ` +
    `${englishCount(restored.evidenceFiles, 'evidence file')}) into ${config.DATA_DIR}.${aside} ` +
    'The next start applies any newer migration.'
  );
});
