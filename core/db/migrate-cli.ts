// `npm run db:migrate`: brings the configured database (DATABASE_URL, or the embedded one in
// ${DATA_DIR}/db) up to date with prisma/migrations.
import { describeDatabase, migrateConfiguredDatabase } from './open-configured.ts';
import { countMigrations, runOperatorTask } from './operator-cli.ts';

await runOperatorTask(async (db, config) => {
  const applied = await migrateConfiguredDatabase(config, db);
  const where = describeDatabase(config);
  return applied.length === 0
    ? `No migration to apply: ${where} is up to date.`
    : `Applied ${countMigrations(applied)} to ${where}; database is up to date.`;
});
