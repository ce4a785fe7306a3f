import { createHash } from 'node:crypto';
import { DAY } from '../clock/clock.ts';
import type { CommandContext } from '../commands/context.ts';
import type { Tx } from '../db/connect.ts';
import type { CoreDeps } from '../deps.ts';
import { titleParam } from '../mediations/audience.ts';
import { announceAuditHead } from '../mediations/news.ts';
import type { TimerHandlers } from '../scheduler/timer-handler.ts';
import { GENESIS_HASH } from './hash-chain.ts';
import { appendRoot, readChainHead } from './roots.ts';

/**
 * A chain proves that nothing inside it was changed, not that it was not cut short, emptied, or
 * rewritten whole by someone who owns the table: only a hash kept outside the database does
 * (`npm run audit:verify -- --expect <hash>`). So hashes leave the database on a schedule: every day a
 * root that binds the head of every mediation's chain (roots.ts) goes to the mediators' channel; after
 * every vote close, the head of that mediation's chain goes to the mediators and into the mediation's
 * public news, where anyone can keep it, with a fresh root for the mediators. Timers carry them, so
 * each post happens once, also after downtime.
 */
export interface AuditHead {
  /** Number of entries in the chain (the last one's place). */
  seq: number;
  hash: string;
}

/** The last entry of one chain, as committed when the reading statement started. */
export async function readAuditHead(tx: Pick<Tx, 'auditEntry'>, chain: string): Promise<AuditHead> {
  const head = await readChainHead(tx, chain);
  return { seq: Number(head.position), hash: head.hash ?? GENESIS_HASH };
}

/**
 * Called by the vote's close, in its transaction. The post itself must wait: the close's own
 * `vote.closed` entry is appended at the very end of that transaction, so the head is read by a timer
 * due at once, which fires after the commit (the next scheduler tick).
 */
export async function postAuditHeadAfterVoteClose(ctx: CommandContext, voteId: string): Promise<void> {
  await ctx.schedule('auditHeadAfterVote', voteId, ctx.now);
}

/** The daily post, at 06:00 UTC (07:00 or 08:00 in Paris): before the mediators' day starts. */
const DAILY_HOUR_UTC = 6;

export function nextDailyPost(after: Date): Date {
  const day = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), DAILY_HOUR_UTC);
  return new Date(day > after.getTime() ? day : day + DAY);
}

/**
 * A timer's subject is a UUID: the daily one's is derived from its day, so that two instances arming it
 * at the same time write the same row, and each day is posted once.
 */
export function dailySubject(dueAt: Date): string {
  const hex = createHash('sha256')
    .update(`auditHeadDaily:${dueAt.toISOString().slice(0, 10)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** At start-up: the daily post is armed unless a pending one already is (it re-arms itself after). */
export async function armDailyAuditHead(deps: CoreDeps): Promise<void> {
  const pending = await deps.db.prisma.timer.count({
    where: { kind: 'auditHeadDaily', firedAt: null, cancelledAt: null },
  });
  if (pending > 0) return;
  const dueAt = nextDailyPost(deps.clock.now());
  await deps.db.prisma.$executeRaw`
    INSERT INTO timer (kind, subject_id, due_at) VALUES ('auditHeadDaily', ${dailySubject(dueAt)}::uuid, ${dueAt})
    ON CONFLICT (kind, subject_id) DO NOTHING`;
}

/** The operator's check of the posted head, given as is (a command, not words to translate). */
const verifyCommand = (hash: string) => `npm run audit:verify -- --expect ${hash}`;

export const auditTimers: TimerHandlers = {
  auditHeadDaily: async (ctx, day) => {
    const root = await appendRoot(ctx.tx, ctx.now);
    ctx.notifyMediators({
      kind: 'auditHead',
      textKey: 'audit:notify.daily',
      dedupKey: `auditHead:daily:${day}`,
      params: {
        chains: root.chains,
        entries: root.entries,
        hash: root.hash,
        command: verifyCommand(root.hash),
        at: { date: ctx.now.toISOString() },
      },
    });
    const next = nextDailyPost(ctx.now);
    await ctx.schedule('auditHeadDaily', dailySubject(next), next);
  },
  auditHeadAfterVote: async (ctx, voteId) => {
    const vote = await ctx.tx.vote.findUnique({
      where: { id: voteId },
      select: { closedAt: true, offer: { select: { round: true, mediation: true } } },
    });
    if (!vote?.closedAt) return;
    const { mediation, round } = vote.offer;
    // The mediation's own chain, the close included: what its public and its mediators can keep.
    const head = await readAuditHead(ctx.tx, mediation.id);
    const root = await appendRoot(ctx.tx, ctx.now);
    ctx.notifyMediators({
      kind: 'auditHead',
      textKey: 'audit:notify.afterVote',
      dedupKey: `auditHead:vote:${voteId}`,
      params: {
        title: titleParam(mediation),
        round,
        ...head,
        command: verifyCommand(head.hash),
        rootHash: root.hash,
        chains: root.chains,
      },
      refs: { voteId, mediationId: mediation.id },
    });
    announceAuditHead(ctx, mediation, { voteId, round, ...head });
  },
};
