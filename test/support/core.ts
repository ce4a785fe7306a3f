import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type Core, createCore } from '../../core/core.ts';
import type { Database } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { memoryEvidenceStore } from '../../core/storage/evidence-store.ts';
import { openTestDatabase } from './database.ts';

export interface TestCore {
  core: Core;
  db: Database;
  clock: ManualClock;
  evidence: ReturnType<typeof memoryEvidenceStore>;
  close(): Promise<void>;
}

/** A core over a fresh test database, with a clock the test moves by hand. */
export async function openTestCore(start = new Date('2026-03-02T09:00:00Z')): Promise<TestCore> {
  const db = await openTestDatabase();
  const clock = new ManualClock(start);
  const evidence = memoryEvidenceStore();
  const core = createCore({
    db,
    clock,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    evidence,
    limits: defaultLimits,
  });
  return { core, db, clock, evidence, close: () => db.close() };
}
