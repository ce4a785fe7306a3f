import type { CommandContext, Notification, NotificationParam } from '../commands/context.ts';
import type { VoteTallyParams, voteRuleParams } from '../votes/rule-params.ts';
import { titleParam } from './audience.ts';

/**
 * The public news of a mediation (product.md §6: the announcement channel of community servers). They
 * hold only what anyone may read on the mediation's public card: its title, summary, dates, and at the
 * end of a vote its counts. Never a person, a file, who voted what, or an amount (no money parameter can
 * be given: `PublicNewsParam`). One dedup key per event: a command retried, or a clock firing after a
 * mediator acted, never announces twice.
 *
 * L612-3: a mediation is confidential. Only one a mediator marked public with the parties' agreement
 * (`newsPublicSince`, core/mediations/publicity-commands.ts) has news at all; a private one's events
 * write no public row.
 */
interface PublicMediation {
  id: string;
  slug: string;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  newsPublicSince: Date | null;
}

/** What a news item may carry: texts, counts and dates; an amount (`{ money }`) is not among them. */
type PublicNewsParam = Exclude<NotificationParam, { money: number }>;

function announce(
  ctx: CommandContext,
  mediation: PublicMediation,
  news: Omit<Notification, 'params'> & { params: Record<string, PublicNewsParam> },
): void {
  if (mediation.newsPublicSince === null) return;
  ctx.announcePublicly(news);
}

const refsOf = (mediation: PublicMediation) => ({ mediationId: mediation.id, slug: mediation.slug });

/** Registration opened: people may join, until `closesAt`. */
export function announceRegistrationOpened(ctx: CommandContext, mediation: PublicMediation, closesAt: Date) {
  announce(ctx, mediation, {
    kind: 'newsRegistrationOpened',
    textKey: 'news:registrationOpened',
    dedupKey: `news:registrationOpened:${mediation.id}`,
    params: {
      title: titleParam(mediation),
      summary: { fr: mediation.summaryFr, en: mediation.summaryEn },
      closesAt: { date: closesAt.toISOString() },
    },
    refs: refsOf(mediation),
  });
}

/**
 * A vote opened: the participants decide on the company's offer (its terms are for them, not public).
 * The news states the mediation's own rule, as the electors' notice does: readers who may join a later
 * mediation learn how this one decides.
 */
export function announceVoteOpened(
  ctx: CommandContext,
  mediation: PublicMediation,
  vote: { id: string; round: number; closesAt: Date; rule: ReturnType<typeof voteRuleParams> },
) {
  announce(ctx, mediation, {
    kind: 'newsVoteOpened',
    textKey: 'news:voteOpened',
    dedupKey: `news:voteOpened:${vote.id}`,
    params: {
      title: titleParam(mediation),
      round: vote.round,
      closesAt: { date: vote.closesAt.toISOString() },
      ...vote.rule,
    },
    refs: { ...refsOf(mediation), voteId: vote.id },
  });
}

/**
 * A vote's result: counts only (they are anonymous by construction: a GROUP BY over ballots), with what
 * the rule measured them against.
 */
export function announceVoteResult(
  ctx: CommandContext,
  mediation: PublicMediation,
  result: {
    voteId: string;
    round: number;
    outcome: 'ACCEPTED' | 'REJECTED';
    tally: VoteTallyParams;
    resultsSha256: string;
  },
) {
  announce(ctx, mediation, {
    kind: 'newsVoteResult',
    textKey: `news:voteResult_${result.outcome}`,
    dedupKey: `news:voteResult:${result.voteId}`,
    params: {
      title: titleParam(mediation),
      round: result.round,
      outcome: result.outcome,
      resultsSha256: result.resultsSha256,
      ...result.tally,
    },
    refs: { ...refsOf(mediation), voteId: result.voteId, round: String(result.round) },
  });
}

/**
 * The audit log's head once a vote's close is in it: anyone who keeps this hash can later have the
 * log checked against it (`npm run audit:verify -- --expect <hash>`), so the close and everything
 * before it cannot be rewritten or cut away unnoticed. A hash and a count, nothing about anyone.
 */
export function announceAuditHead(
  ctx: CommandContext,
  mediation: PublicMediation,
  head: { voteId: string; round: number; seq: number; hash: string },
) {
  announce(ctx, mediation, {
    kind: 'newsAuditHead',
    textKey: 'news:auditHead',
    dedupKey: `news:auditHead:${head.voteId}`,
    params: { title: titleParam(mediation), round: head.round, seq: head.seq, hash: head.hash },
    refs: { ...refsOf(mediation), voteId: head.voteId, round: String(head.round) },
  });
}
