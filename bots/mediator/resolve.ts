import { z } from 'zod';
import type { ActionContext } from './action.ts';
import { refuseAction } from './define-action.ts';

const uuid = z.uuid();

/** A mediation as the core's `mediationDetails` shows it. */
export type MediationView = NonNullable<
  Awaited<ReturnType<ActionContext['core']['query']['mediationDetails']>>
>;

/** Finds a mediation by its id or its slug, whichever the mediator typed; stops the action if none. */
export async function findMediation(ctx: ActionContext, ref: string): Promise<MediationView> {
  const { query } = ctx.core;
  const trimmed = ref.trim();
  const found = uuid.safeParse(trimmed).success
    ? await query.mediationDetails({ mediationId: trimmed.toLowerCase() })
    : await query.mediationBySlug({ slug: trimmed });
  if (!found) refuseAction('NOT_FOUND', 'mediator:errors.mediationNotFound', { ref: trimmed });
  return found;
}

/** The vote running in a mediation: the one to extend or close. */
export async function findRunningVote(ctx: ActionContext, mediation: MediationView) {
  const vote = await ctx.core.query.openVoteOfMediation({ mediationId: mediation.id });
  if (!vote) refuseAction('RULE_VIOLATION', 'mediator:errors.noRunningVote', { slug: mediation.slug });
  return vote;
}

/** A company by its slug or id, for a new mediation. */
export async function findCompany(ctx: ActionContext, ref: string) {
  const trimmed = ref.trim().toLowerCase();
  const company = (await ctx.core.query.companies()).find((c) => c.id === trimmed || c.slug === trimmed);
  if (!company) refuseAction('NOT_FOUND', 'mediator:errors.companyNotFound', { ref: ref.trim() });
  return company;
}
