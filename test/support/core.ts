import { afterAll, beforeAll, expect } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type Core, createCore } from '../../core/core.ts';
import type { Database } from '../../core/db/connect.ts';
import { defaultLimits } from '../../core/deps.ts';
import { createMetrics } from '../../core/observability/metrics.ts';
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
    // Counted in every test, so a wrong label fails there; test/observability reads them back.
    metrics: createMetrics(),
  });
  return { core, db, clock, evidence, close: () => db.close() };
}

/**
 * The test core of one test file: opened before its tests, closed after them. With `checkAuditChain`,
 * the file ends by proving that everything it did left the audit chain intact.
 */
export function useTestCore(options: { start?: Date; checkAuditChain?: boolean } = {}): TestCore {
  const t = {} as TestCore;
  beforeAll(async () => {
    Object.assign(t, await openTestCore(options.start));
  });
  afterAll(async () => {
    if (options.checkAuditChain) expect(await verifyAuditChains(t.db.prisma)).toMatchObject({ valid: true });
    await t.close();
  });
  return t;
}
