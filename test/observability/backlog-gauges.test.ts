import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import type { Database } from '../../core/db/connect.ts';
import { watchBacklog } from '../../core/observability/backlog-gauges.ts';
import { createMetrics } from '../../core/observability/metrics.ts';
import { parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';

describe('the gauges read from the database at scrape time', () => {
  it('are left out while the database does not answer, and the counters are still served', async () => {
    const metrics = createMetrics();
    let queries = 0;
    const db = {
      prisma: {
        $queryRaw: () => {
          queries++;
          return Promise.reject(new Error('ECONNREFUSED'));
        },
      },
    } as unknown as Database;
    watchBacklog(metrics, { db, clock: new ManualClock(), logger: createLogger('silent') });
    metrics.updates.inc({ platform: 'telegram', outcome: 'handled' });
    const families = parsePrometheusText(await metrics.registry.metrics());
    expect(
      seriesValue(families, 'clf_inbound_updates_total', { platform: 'telegram', outcome: 'handled' }),
    ).toBe(1);
    expect(families.get('clf_outbox_pending_messages')?.samples).toEqual([]);
    expect(families.get('clf_timers_late')?.samples).toEqual([]);
    // One query for the outbox's two gauges, one for the timers' two: not one per gauge.
    expect(queries).toBe(2);
  });
});
