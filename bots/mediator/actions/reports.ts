import { z } from 'zod';
import { NO_MEDIATION_CHAIN } from '../../../core/audit/roots.ts';
import { verifyAuditChains } from '../../../core/audit/verify-chains.ts';
import { parisWallTime } from '../../../core/clock/working-days.ts';
import type { ActionContext } from '../action.ts';
import * as arg from '../arg-types.ts';
import { defineAction, failure, refuseAction, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findMediation } from '../resolve.ts';

type Statistics = NonNullable<Awaited<ReturnType<ActionContext['core']['query']['mediationStatistics']>>>;

/** Counts, total claimed, turnout of a running vote, results of closed ones: never who voted what. */
export const statistics = defineAction({
  name: 'statistics',
  summaryKey: 'mediator:actions.statistics.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const stats = await ctx.core.query.mediationStatistics({ mediationId: m.id });
    if (!stats) refuseAction('NOT_FOUND', 'mediator:errors.mediationNotFound', { ref: args.mediation });
    return succeed(describeStatistics(ctx, inLocale(ctx, m.title), stats), stats);
  },
});

function describeStatistics(ctx: ActionContext, title: string, stats: Statistics): string {
  const f = formatter(ctx);
  const p = stats.participants;
  const lines = [
    f.say('mediator:statistics.heading', { title }),
    f.say('mediator:statistics.files', {
      draft: p.DRAFT,
      submitted: p.SUBMITTED,
      admitted: p.ADMITTED,
      rejected: p.REJECTED,
      withdrawn: p.WITHDRAWN,
    }),
    f.say('mediator:statistics.claimed', { claimed: f.money(stats.totalClaimedCents) }),
  ];
  for (const offer of stats.offers) {
    const status = f.say(`common:offerStatus.${offer.status}`);
    const vote = offer.vote;
    let line: string;
    if (!vote) line = f.say('mediator:statistics.noVote', { round: offer.round, status });
    else if (!vote.closed) {
      const percent = vote.electorate === 0 ? 0 : Math.round((100 * vote.voted) / vote.electorate);
      line = f.say('mediator:statistics.turnout', {
        round: offer.round,
        at: f.when(vote.closesAt),
        voted: vote.voted,
        electorate: vote.electorate,
        percent,
      });
    } else {
      line =
        !vote.outcome || vote.outcome === 'VOIDED'
          ? f.say('mediator:statistics.voided', { round: offer.round })
          : f.say('mediator:statistics.result', { round: offer.round, outcome: vote.outcome, ...vote.tally });
    }
    lines.push(line);
    if (offer.adhesions.adhered + offer.adhesions.declined > 0) {
      lines.push(`  ${f.say('mediator:statistics.adhesions', offer.adhesions)}`);
    }
  }
  const payouts = stats.payouts;
  if (payouts.PENDING + payouts.SENT + payouts.CONFIRMED + payouts.PROBLEM > 0) {
    lines.push(f.say('mediator:statistics.payouts', { ...payouts, total: f.money(payouts.totalCents) }));
  }
  lines.push(f.say('mediator:statistics.secrecy'));
  return lines.join('\n');
}

/** The review data of every file as a CSV file (never anything about votes). */
export const exportParticipants = defineAction({
  name: 'export-participants',
  summaryKey: 'mediator:actions.exportParticipants.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const csv = await ctx.core.query.participantsCsv({ mediationId: m.id, locale: ctx.locale });
    if (!csv) refuseAction('NOT_FOUND', 'mediator:errors.mediationNotFound', { ref: args.mediation });
    const text = formatter(ctx).say('mediator:exportParticipants.done', {
      title: inLocale(ctx, m.title),
      count: csv.rows,
    });
    return succeed(
      text,
      { mediationId: m.id, fileName: csv.fileName, rows: csv.rows },
      { file: { name: csv.fileName, mimeType: csv.mimeType, content: csv.content } },
    );
  },
});

export const auditLog = defineAction({
  name: 'audit-log',
  summaryKey: 'mediator:actions.auditLog.summary',
  args: z.object({ mediation: arg.mediationRef(), limit: arg.integer(1, 500).optional() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const entries = await ctx.core.query.auditLog({ mediationId: m.id, limit: args.limit ?? 50 });
    const f = formatter(ctx);
    const lines = [
      f.say('mediator:auditLog.heading', { title: inLocale(ctx, m.title), count: entries.length }),
    ];
    for (const entry of entries) {
      const details = Object.entries(entry.details)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      const place = entry.inSharedLog
        ? f.say('mediator:auditLog.sharedEntry', { position: entry.position })
        : `#${entry.position}`;
      lines.push(
        `  ${place} ${f.when(entry.at)} ${entry.actor} ${entry.action}${details ? ` ${details}` : ''}`,
      );
    }
    return succeed(lines.join('\n'), entries);
  },
});

/** Walks every hash chain (one per mediation, and the shared one): any edited, removed or re-linked entry is found. */
export const verifyAudit = defineAction({
  name: 'verify-audit',
  summaryKey: 'mediator:actions.verifyAudit.summary',
  args: z.object({}),
  positional: [],
  async run(ctx) {
    const result = await verifyAuditChains(ctx.core.deps.db.prisma);
    const broken = result.chains.find((chain) => chain.broken);
    if (!broken?.broken) {
      const shared = result.chains.find((chain) => chain.chain === NO_MEDIATION_CHAIN);
      return succeed(
        formatter(ctx).say('mediator:verifyAudit.intact', {
          chains: result.chains.length,
          entries: result.entries,
          roots: result.roots,
          headHash: shared?.head.hash ?? '',
        }),
        result,
      );
    }
    return failure(ctx.locale, {
      code: 'CONFLICT',
      messageKey: 'mediator:verifyAudit.broken',
      params: {
        chain: broken.chain,
        seq: broken.broken.position.toString(),
        problem: broken.broken.problem,
        entries: broken.entries,
      },
    });
  },
});

export const annualReport = defineAction({
  name: 'annual-report',
  summaryKey: 'mediator:actions.annualReport.summary',
  args: z.object({ year: arg.integer(2000, 2999).optional() }),
  positional: ['year'],
  async run(ctx, args) {
    const year = args.year ?? parisWallTime(ctx.core.deps.clock.now()).year;
    const report = await ctx.core.query.annualReport({ year });
    const f = formatter(ctx);
    const lines = [
      f.say('mediator:annualReport.heading', { year: String(year) }),
      f.say('mediator:annualReport.disputes', report.disputes),
      report.refusals.files === 0
        ? f.say('mediator:annualReport.noRefusal')
        : f.say('mediator:annualReport.refusals', {
            count: report.refusals.files,
            percent: f.decimal(report.refusals.percentOfFiles),
          }),
      ...report.refusals.reasons.map(
        (reason) => `  - ${reason.reason || f.say('mediator:common.erased')} (${reason.count})`,
      ),
      f.say('mediator:annualReport.withdrawals', { count: report.withdrawals }),
      f.say('mediator:annualReport.outcomes', {
        closed: report.outcomes.closed,
        succeeded: report.outcomes.succeeded,
        failed: report.outcomes.failed,
        cancelled: report.outcomes.cancelled,
      }),
      ...report.outcomes.reasons.map((reason) => {
        const why = f.closingReason(reason.reason);
        return `  - ${f.say('mediator:annualReport.reason', { status: f.status(reason.status), reason: why, count: reason.count })}`;
      }),
      report.meanDurationDays === null
        ? f.say('mediator:annualReport.noDuration')
        : f.say('mediator:annualReport.duration', { days: f.decimal(report.meanDurationDays) }),
    ];
    return succeed(lines.join('\n'), report);
  },
});
