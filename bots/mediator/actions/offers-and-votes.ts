import { z } from 'zod';
import type { CompensationKind } from '../../../core/db/generated/enums.ts';
import type { MediatorAction } from '../action.ts';
import * as arg from '../arg-types.ts';
import { inviteToPortal } from '../company-link.ts';
import { defineAction, need, refuseAction, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findMediation, findRunningVote } from '../resolve.ts';

export const inviteCompany = defineAction({
  name: 'invite-company',
  summaryKey: 'mediator:actions.inviteCompany.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const invited = need(await ctx.core.inviteCompany(ctx.actor, { mediationId: m.id }));
    const f = formatter(ctx);
    const done = f.say('mediator:inviteCompany.done', {
      company: m.company.name,
      title: inLocale(ctx, m.title),
      at: f.when(invited.companyAnswerDueAt),
    });
    // R612-2: the company must be told the mediation is seized; no channel to it is configured, so the
    // mediator sends the notice the service writes (the invitation recorded it as sent by hand).
    // R612-2: the company must be told the mediation is seized: by e-mail when the service can send
    // one, otherwise by the mediator, with the text the service writes (and its portal link).
    const invitation = await inviteToPortal(ctx, m.id);
    return succeed(`${done}\n\n${invitation.text}`, {
      ...invited,
      portalUrl: invitation.url,
      emailed: invitation.emailed,
      notice: invitation.notice,
    });
  },
});

const offerArgs = z.object({
  mediation: arg.mediationRef(),
  termsFr: arg.text(3, 4000),
  termsEn: arg.text(3, 4000),
  fixed: arg.euros().optional(),
  percent: arg.percent().optional(),
  cap: arg.euros().optional(),
  minAdhesions: arg.integer(1, 1_000_000).optional(),
});

type OfferArgs = z.infer<typeof offerArgs>;

/** The offer's terms as the core takes them: a fixed amount, or a share of the claim (maybe capped). */
function offerTerms(args: OfferArgs) {
  if ((args.fixed === undefined) === (args.percent === undefined)) {
    refuseAction('INVALID_INPUT', 'mediator:errors.oneCompensation');
  }
  if (args.cap !== undefined && args.percent === undefined)
    refuseAction('INVALID_INPUT', 'mediator:errors.capNeedsPercent');
  const compensation =
    args.fixed !== undefined
      ? { kind: 'FIXED' as const, fixedCents: args.fixed }
      : { kind: 'PERCENT' as const, basisPoints: args.percent as number, capCents: args.cap };
  return {
    terms: { fr: args.termsFr, en: args.termsEn },
    compensation,
    ...(args.minAdhesions ? { minAdhesions: args.minAdhesions } : {}),
  };
}

function describeCompensation(args: OfferArgs) {
  return {
    compensationKind: (args.fixed !== undefined ? 'FIXED' : 'PERCENT') as CompensationKind,
    fixedCents: args.fixed ?? null,
    percentBasisPoints: args.percent ?? null,
    capCents: args.cap ?? null,
  };
}

/** Record the company's offer (next round), or replace the live one (which voids its running vote). */
function offerAction(name: string, key: 'recordOffer' | 'replaceOffer'): MediatorAction<OfferArgs> {
  return defineAction({
    name,
    summaryKey: `mediator:actions.${key}.summary`,
    irreversible: key === 'replaceOffer',
    args: offerArgs,
    positional: ['mediation'],
    async run(ctx, args) {
      const m = await findMediation(ctx, args.mediation);
      const recorded = need(await ctx.core[key](ctx.actor, { mediationId: m.id, ...offerTerms(args) }));
      const f = formatter(ctx);
      const text = f.say(`mediator:${key}.done`, {
        title: inLocale(ctx, m.title),
        round: recorded.round,
        compensation: f.compensation(describeCompensation(args)),
        slug: m.slug,
      });
      const voided =
        key === 'replaceOffer' && m.status === 'VOTING'
          ? `\n${f.say('mediator:replaceOffer.voteVoided')}`
          : '';
      return succeed(`${text}${voided}`, recorded);
    },
  });
}

export const recordOffer = offerAction('record-offer', 'recordOffer');
export const replaceOffer = offerAction('replace-offer', 'replaceOffer');

/** The company's offer sent back with a comment, instead of being put to the vote (issue 15). */
export const returnOffer = defineAction({
  name: 'return-offer',
  summaryKey: 'mediator:actions.returnOffer.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), comment: arg.text(1, 2000) }),
  positional: ['mediation', 'comment'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const returned = need(
      await ctx.core.returnOffer(ctx.actor, { mediationId: m.id, comment: args.comment }),
    );
    const f = formatter(ctx);
    return succeed(
      f.say('mediator:returnOffer.done', { title: inLocale(ctx, m.title), round: returned.round }),
      returned,
    );
  },
});

export const openVote = defineAction({
  name: 'open-vote',
  summaryKey: 'mediator:actions.openVote.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), closesAt: arg.dateTime() }),
  positional: ['mediation', 'closesAt'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const opened = need(await ctx.core.openVote(ctx.actor, { mediationId: m.id, closesAt: args.closesAt }));
    const f = formatter(ctx);
    return succeed(
      f.say('mediator:openVote.done', {
        title: inLocale(ctx, m.title),
        at: f.when(args.closesAt),
        count: opened.electorate,
      }),
      { ...opened, closesAt: args.closesAt },
    );
  },
});

export const extendVote = defineAction({
  name: 'extend-vote',
  summaryKey: 'mediator:actions.extendVote.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), hours: arg.integer(1, 72), reason: arg.text(3, 1000) }),
  positional: ['mediation', 'hours', 'reason'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const vote = await findRunningVote(ctx, m);
    const extended = need(
      await ctx.core.extendVote(ctx.actor, { voteId: vote.voteId, hours: args.hours, reason: args.reason }),
    );
    const f = formatter(ctx);
    return succeed(f.say('mediator:extendVote.done', { count: args.hours, at: f.when(extended.closesAt) }), {
      voteId: vote.voteId,
      ...extended,
    });
  },
});

/** Closes a vote whose deadline has passed or whose electors have all voted, and shows the result. */
export const closeVote = defineAction({
  name: 'close-vote',
  summaryKey: 'mediator:actions.closeVote.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const vote = await findRunningVote(ctx, m);
    const result = need(await ctx.core.closeVote(ctx.actor, { voteId: vote.voteId }));
    // The closed vote's card holds the counts with the rule they were measured against.
    const closed = await ctx.core.query.voteCard({ voteId: vote.voteId });
    const f = formatter(ctx);
    const done = f.say('mediator:closeVote.done', {
      title: inLocale(ctx, m.title),
      outcome: result.outcome,
      ...closed?.result?.tally,
    });
    const next = f.say(`mediator:closeVote.next.${result.outcome}`, { slug: m.slug });
    return succeed(`${done}\n${next}`, result);
  },
});
