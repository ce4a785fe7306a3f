// `npm run db:seed`: migrates the configured database, then loads the five demo mediations of the founding
// document. Safe to run again: mediations already present are left untouched.
import { systemClock } from '../clock/clock.ts';
import { describeDatabase, migrateConfiguredDatabase } from './open-configured.ts';
import { countMigrations, runOperatorTask } from './operator-cli.ts';
import { seedDemoData } from './seed.ts';

await runOperatorTask(async (db, config) => {
  const applied = await migrateConfiguredDatabase(config, db);
  const { created } = await seedDemoData(db, systemClock);
  const migrated = applied.length > 0 ? `Applied ${countMigrations(applied)}; ` : '';
  const seeded =
    created > 0
      ? `seeded ${created} demo mediation${created === 1 ? '' : 's'} into ${describeDatabase(config)}.`
      : `demo data already present in ${describeDatabase(config)}: nothing to seed.`;
  return capitalize(`${migrated}${seeded}`);
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
