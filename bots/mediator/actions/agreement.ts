import { z } from 'zod';
import { shortId } from '../../../core/references/short-id.ts';
import * as arg from '../arg-types.ts';
import { defineAction, need, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findId, findMediation } from '../resolve.ts';
import { handOver } from './evidence.ts';

/** After an accepted vote: each participant is asked to sign the agreement before the given date. */
export const openAdhesion = defineAction({
  name: 'open-adhesion',
  summaryKey: 'mediator:actions.openAdhesion.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), closesAt: arg.dateTime() }),
  positional: ['mediation', 'closesAt'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const opened = need(
      await ctx.core.openAdhesion(ctx.actor, { mediationId: m.id, adhesionClosesAt: args.closesAt }),
    );
    const f = formatter(ctx);
    return succeed(
      f.say('mediator:openAdhesion.done', {
        title: inLocale(ctx, m.title),
        at: f.when(args.closesAt),
        count: opened.asked,
      }),
      opened,
    );
  },
});

/** Ends the signing before its date: enough adherents → payouts; otherwise the mediation fails. */
export const closeAdhesion = defineAction({
  name: 'close-adhesion',
  summaryKey: 'mediator:actions.closeAdhesion.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const closed = need(await ctx.core.closeAdhesion(ctx.actor, { mediationId: m.id }));
    const key = closed.executed ? 'mediator:closeAdhesion.executed' : 'mediator:closeAdhesion.failed';
    return succeed(formatter(ctx).say(key, { count: closed.adherents, slug: m.slug }), closed);
  },
});

/** Where the signing stands and every payout, problems first. */
export const listPayouts = defineAction({
  name: 'payouts',
  summaryKey: 'mediator:actions.payouts.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const summary = await ctx.core.query.adhesionSummary({ mediationId: m.id });
    const payouts = await ctx.core.query.payoutList({ mediationId: m.id });
    const f = formatter(ctx);
    const lines = [f.say('mediator:payouts.heading', { title: inLocale(ctx, m.title) })];
    if (!summary) lines.push(f.say('mediator:payouts.noAgreement'));
    else
      lines.push(
        f.say('mediator:payouts.adhesions', {
          adhered: summary.adhered,
          declined: summary.declined,
          undecided: summary.undecided,
        }),
      );
    if (summary && payouts.length === 0) lines.push(f.say('mediator:payouts.none'));
    for (const payout of payouts) {
      const line = f.say('mediator:payouts.line', {
        id: shortId(payout.id),
        file: shortId(payout.participantId),
        amount: f.money(payout.amountCents),
        status: f.say(`common:payoutStatus.${payout.status}`),
      });
      const sent = payout.sentAt ? f.say('mediator:payouts.sentAt', { at: f.when(payout.sentAt) }) : '';
      lines.push(`  ${line}${sent}`);
      if (payout.problemNote)
        lines.push(`    ${f.say('mediator:payouts.problem', { note: payout.problemNote })}`);
    }
    if (payouts.some((payout) => payout.status === 'PENDING' || payout.status === 'PROBLEM'))
      lines.push(f.say('mediator:payouts.howToMark'));
    return succeed(lines.join('\n'), { adhesion: summary, payouts });
  },
});

export const markPayoutSent = defineAction({
  name: 'mark-payout-sent',
  summaryKey: 'mediator:actions.markPayoutSent.summary',
  args: z.object({ payout: arg.ref() }),
  positional: ['payout'],
  async run(ctx, args) {
    const payoutId = await findId(ctx, 'payout', args.payout);
    const marked = need(await ctx.core.markPayoutSent(ctx.actor, { payoutId }));
    const key = marked.changed ? 'mediator:markPayoutSent.done' : 'mediator:markPayoutSent.already';
    return succeed(formatter(ctx).say(key, { id: shortId(payoutId) }), marked);
  },
});

/**
 * Ends the mediation by its agreement. Payouts never confirmed are named one by one with their reason
 * (`--unconfirmed "ab12cd34 Personne injoignable"`, repeated): the core refuses to leave any out.
 */
export const closeSucceeded = defineAction({
  name: 'close-succeeded',
  summaryKey: 'mediator:actions.closeSucceeded.summary',
  irreversible: true,
  args: z.object({
    mediation: arg.mediationRef(),
    unconfirmed: arg.repeated(arg.payoutReason(), 1000).optional(),
  }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const unconfirmed = [];
    for (const { payout, reason } of args.unconfirmed ?? []) {
      unconfirmed.push({ payoutId: await findId(ctx, 'payout', payout), reason });
    }
    const closed = need(
      await ctx.core.closeMediationAsSucceeded(ctx.actor, { mediationId: m.id, unconfirmed }),
    );
    const f = formatter(ctx);
    const lines = [f.say('mediator:closeSucceeded.done', { title: inLocale(ctx, m.title) })];
    if (closed.unconfirmed > 0)
      lines.push(f.say('mediator:closeSucceeded.unconfirmed', { count: closed.unconfirmed }));
    return succeed(lines.join('\n'), closed);
  },
});

/**
 * The proofs of transfer the company attached on its portal, handed to the mediator who asked like a
 * file's evidence: written into a folder by the command line (`<slug>-1-avis-virement.pdf`…), uploaded
 * to their direct messages by Slack. Each look is audited by the core.
 */
export const viewPayoutProofs = defineAction({
  name: 'payout-proofs',
  summaryKey: 'mediator:actions.payoutProofs.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const viewed = need(await ctx.core.viewPayoutProofs(ctx.actor, { mediationId: m.id }));
    const f = formatter(ctx);
    const title = inLocale(ctx, m.title);
    const fallback = f.say('mediator:payoutProofs.defaultName');
    const { files, missing, described } = handOver(m.slug, viewed.files, fallback);
    const lines =
      viewed.files.length === 0
        ? [f.say('mediator:payoutProofs.none', { title })]
        : [
            f.say('mediator:payoutProofs.done', { title, count: viewed.files.length }),
            ...described.map((file, index) =>
              f.say('mediator:payoutProofs.line', {
                position: index + 1,
                name: file.name ?? file.fileName ?? fallback,
                date: f.when(file.createdAt),
                count: file.payouts,
              }),
            ),
            ...(missing > 0 ? [f.say('mediator:payoutProofs.missing', { count: missing })] : []),
          ];
    return succeed(lines.join('\n'), { mediationId: m.id, files: described }, { files });
  },
});
