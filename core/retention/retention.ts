import { DAY } from '../clock/clock.ts';
import { execute } from '../commands/command.ts';
import type { CoreDeps } from '../deps.ts';
import { privacyOf } from '../deps.ts';
import { systemActor } from '../domain/actor.ts';
import { unwrap } from '../domain/errors.ts';
import { RELAYED_MESSAGE_KINDS } from '../people/relay.ts';
import { CLOSED_STATUSES, purgeClosedMediation } from './closed-mediations.ts';
import { expireIdleAccounts } from './idle-accounts.ts';
import { IDLE_CONVERSATION_DAYS, monthsBefore } from './periods.ts';

export interface RetentionOptions {
  /** Files pseudonymised, accounts expired or rows deleted per transaction. */
  batchSize?: number;
  /** Batches per run: the rest waits for the next run (`moreWaiting`), so housekeeping never hogs. */
  maxBatches?: number;
}

export interface RetentionReport {
  mediations: number;
  files: number;
  evidenceFiles: number;
  messages: number;
  conversations: number;
  accounts: number;
  moreWaiting: boolean;
}

const actor = systemActor('retention');

/**
 * The retention clock (privacy notice, `/confidentialite`): run by the hourly housekeeping, it applies
 * the periods the notice states. Closed mediations past `retentionMonths` lose their participants'
 * personal data (purgeClosedMediation); messages sent or relayed that long ago are deleted; conversation
 * steps idle for `IDLE_CONVERSATION_DAYS` are forgotten; accounts unseen that long with no file left in a
 * mediation still running are erased. Every step is idempotent and batched: a clock that rings late,
 * twice, or on two instances at once does each thing once. Logs counts only.
 */
export async function enforceRetention(
  deps: CoreDeps,
  options: RetentionOptions = {},
): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? 500;
  let budget = options.maxBatches ?? 20;
  const now = deps.clock.now();
  const cutoff = monthsBefore(now, privacyOf(deps).retentionMonths);
  const report: RetentionReport = {
    mediations: 0,
    files: 0,
    evidenceFiles: 0,
    messages: 0,
    conversations: 0,
    accounts: 0,
    moreWaiting: false,
  };

  const due = await deps.db.prisma.mediation.findMany({
    where: { status: { in: [...CLOSED_STATUSES] }, closedAt: { lt: cutoff }, personalDataPurgedAt: null },
    orderBy: { closedAt: 'asc' },
    select: { id: true },
    take: budget,
  });
  for (const { id } of due) {
    let done = false;
    while (!done && budget > 0) {
      budget -= 1;
      const step = unwrap(await execute(deps, purgeClosedMediation, actor, { mediationId: id, batchSize }));
      report.files += step.files;
      report.evidenceFiles += step.evidenceFiles;
      done = step.done;
    }
    if (done) report.mediations += 1;
    else report.moreWaiting = true;
  }

  // Written that long ago: our notifications to people (amounts, titles), delivered or not (a year late
  // they would only mislead), and the person's own words to the mediators. The team's other messages
  // still waiting for their channel are kept: nothing personal, and nobody has read them yet.
  let messagesDone = false;
  while (budget > 0 && !messagesDone) {
    budget -= 1;
    const deleted = await deps.db.sql.query<{ id: string }>(
      `DELETE FROM outbox_message WHERE id IN (
         SELECT id FROM outbox_message
         WHERE audience IN ('person', 'mediators') AND created_at < $1
           AND (audience = 'person' OR status <> 'PENDING' OR kind = ANY($3::text[]))
         LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [cutoff, batchSize, RELAYED_MESSAGE_KINDS],
    );
    report.messages += deleted.length;
    messagesDone = deleted.length < batchSize;
  }

  const idleSince = new Date(now.getTime() - IDLE_CONVERSATION_DAYS * DAY);
  const forgotten = await deps.db.sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM conversation_state WHERE updated_at < $1 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [idleSince],
  );
  report.conversations = forgotten[0]?.n ?? 0;

  let accountsDone = false;
  while (budget > 0 && !accountsDone) {
    budget -= 1;
    const step = unwrap(
      await execute(deps, expireIdleAccounts, actor, { lastSeenBefore: cutoff, batchSize }),
    );
    report.accounts += step.accounts;
    accountsDone = step.accounts < batchSize;
  }
  if (!messagesDone || !accountsDone) report.moreWaiting = true;
  const { moreWaiting: _more, ...counts } = report;
  if (Object.values(counts).some((count) => count > 0)) deps.logger.info(counts, 'retention applied');
  return report;
}
