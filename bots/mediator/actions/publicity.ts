import { z } from 'zod';
import * as arg from '../arg-types.ts';
import { defineAction, need, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findMediation } from '../resolve.ts';

/**
 * L612-3: a mediation is confidential, and its news reach the community channels only once a mediator
 * has marked it public, saying how the parties agreed. Confirmed first (the CLI's `--yes`, Slack's
 * button): news once posted cannot be taken back.
 */
export const makePublic = defineAction({
  name: 'make-public',
  summaryKey: 'mediator:actions.makePublic.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), agreement: arg.text(3, 1000) }),
  positional: ['mediation', 'agreement'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const made = need(
      await ctx.core.makeNewsPublic(ctx.actor, { mediationId: m.id, partiesAgreement: args.agreement }),
    );
    return succeed(formatter(ctx).say('mediator:makePublic.done', { title: inLocale(ctx, m.title) }), made);
  },
});

/** Back to confidential, at once and without confirmation: it only ever publishes less. */
export const makePrivate = defineAction({
  name: 'make-private',
  summaryKey: 'mediator:actions.makePrivate.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const made = need(await ctx.core.makeNewsPrivate(ctx.actor, { mediationId: m.id }));
    return succeed(formatter(ctx).say('mediator:makePrivate.done', { title: inLocale(ctx, m.title) }), made);
  },
});
