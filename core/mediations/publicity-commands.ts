import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { lockMediation } from './lifecycle.ts';
import { announceRegistrationOpened } from './news.ts';

/**
 * L612-3 (Code de la consommation): a mediation is confidential. Its public news (announcement channels of
 * community servers: core/mediations/news.ts) go out only once a mediator has marked it public, the
 * parties having agreed. The mediator states how they agreed (kept on the mediation, for the mediators);
 * who marked it and when is the audit entry. A mediation made public while its registration is open has
 * that announced at once. Private is the default, and may be restored at any time:
 * news not yet announced then stay unannounced (core/outbox/public-news.ts).
 */
export const makeNewsPublic = defineCommand({
  name: 'makeNewsPublic',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), partiesAgreement: z.string().trim().min(3).max(1000) }),
  async run(ctx, { mediationId, partiesAgreement }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (mediation.newsPublicSince) {
      refuse('CONFLICT', 'mediations:errors.alreadyPublic');
    }
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: { newsPublicSince: ctx.now, newsPublicAgreement: partiesAgreement, updatedAt: ctx.now },
    });
    // Made public while people may still join: that is news now (once: its dedup key is the opening's).
    const closesAt = mediation.registrationClosesAt;
    if (mediation.status === 'OPEN' && closesAt && closesAt > ctx.now) {
      announceRegistrationOpened(ctx, { ...mediation, newsPublicSince: ctx.now }, closesAt);
    }
    // The agreement's wording stays on the mediation: the audit log holds ids and facts, never free text.
    ctx.audit({
      action: 'mediation.newsMadePublic',
      mediationId,
      subjectId: mediationId,
      details: { partiesAgreed: true, status: mediation.status },
    });
    return { mediationId, newsPublicSince: ctx.now };
  },
});

/** Back to confidential: no more public news of this mediation, from this transaction on. */
export const makeNewsPrivate = defineCommand({
  name: 'makeNewsPrivate',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const mediation = await lockMediation(ctx, mediationId);
    if (!mediation.newsPublicSince) refuse('CONFLICT', 'mediations:errors.alreadyPrivate');
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: { newsPublicSince: null, newsPublicAgreement: null, updatedAt: ctx.now },
    });
    ctx.audit({
      action: 'mediation.newsMadePrivate',
      mediationId,
      subjectId: mediationId,
      details: { publicSince: mediation.newsPublicSince.toISOString(), status: mediation.status },
    });
    return { mediationId };
  },
});
