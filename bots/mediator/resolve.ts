import type { Core } from '../../core/core.ts';
import type { CoreError } from '../../core/domain/errors.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { ReferenceCandidate, ReferenceKind } from '../../core/references/queries.ts';
import { distinctLength, prefixDigits } from '../../core/references/short-id.ts';
import type { ActionContext } from './action.ts';
import { refuseAction } from './define-action.ts';

/** A mediation as the core's `mediationDetails` shows it. */
export type MediationView = NonNullable<Awaited<ReturnType<Core['query']['mediationDetails']>>>;

export type Lookup<T> = { ok: true; found: T } | { ok: false; error: CoreError };

/** A candidate's status in words (a message's is its kind: /contact, payout problem). */
const statusText = (kind: ReferenceKind, status: string) =>
  kind === 'message' ? `mediator:refs.messageKind.${status}` : `common:${kind}Status.${status}`;

/** More matches than the query shows: the list ends with « … ». */
const SHOWN = 5;

/**
 * The one id of `kind` that `ref` (a whole id, or its first characters) names. Unknown or ambiguous,
 * the refusal says so, listing the candidates shortened just enough to tell them apart.
 */
export async function lookUpId(
  core: Core,
  locale: Locale,
  kind: ReferenceKind,
  ref: string,
): Promise<Lookup<string>> {
  const typed = ref.trim().slice(0, 40);
  const matches = await core.query.idsStartingWith({ kind, prefix: typed });
  const [only] = matches;
  if (matches.length === 1 && only) return { ok: true, found: only.id };
  if (matches.length === 0) {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: `mediator:refs.unknown.${kind}`, params: { ref: typed } },
    };
  }
  return {
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      messageKey: `mediator:refs.ambiguous.${kind}`,
      params: { ref: typed, candidates: candidatesText(locale, kind, matches) },
    },
  };
}

function candidatesText(locale: Locale, kind: ReferenceKind, matches: ReferenceCandidate[]): string {
  const shown = matches.slice(0, SHOWN);
  const length = distinctLength(shown.map((match) => match.id));
  const lines = shown.map((match) => {
    const status = t(locale, statusText(kind, match.status));
    // A mediation's slug is its name; another thing's is the mediation it belongs to.
    return `${match.id.slice(0, length)} (${match.slug ? `${match.slug}, ` : ''}${status})`;
  });
  return [...lines, ...(matches.length > SHOWN ? ['…'] : [])].join(', ');
}

/**
 * A mediation by its slug (`red-by-sfr`), its id, or its id's first characters. The slug is tried
 * first: a slug made of hex digits (`cafe42`) means that mediation, not an id starting so.
 */
export async function lookUpMediation(
  core: Core,
  locale: Locale,
  ref: string,
): Promise<Lookup<MediationView>> {
  const trimmed = ref.trim().slice(0, 100);
  const bySlug = trimmed ? await core.query.mediationBySlug({ slug: trimmed.toLowerCase() }) : null;
  if (bySlug) return { ok: true, found: bySlug };
  const notFound: Lookup<MediationView> = {
    ok: false,
    error: { code: 'NOT_FOUND', messageKey: 'mediator:errors.mediationNotFound', params: { ref: trimmed } },
  };
  if (!prefixDigits(trimmed)) return notFound;
  const id = await lookUpId(core, locale, 'mediation', trimmed);
  if (!id.ok) return id.error.code === 'NOT_FOUND' ? notFound : id;
  const found = await core.query.mediationDetails({ mediationId: id.found });
  return found ? { ok: true, found } : notFound;
}

/** Finds a mediation by slug or id (prefix); stops the action if none. */
export async function findMediation(ctx: ActionContext, ref: string): Promise<MediationView> {
  const found = await lookUpMediation(ctx.core, ctx.locale, ref);
  if (!found.ok) return refuseAction(found.error.code, found.error.messageKey, found.error.params);
  return found.found;
}

/** The id a short reference names; stops the action if none, or several. */
export async function findId(ctx: ActionContext, kind: ReferenceKind, ref: string): Promise<string> {
  const found = await lookUpId(ctx.core, ctx.locale, kind, ref);
  if (!found.ok) return refuseAction(found.error.code, found.error.messageKey, found.error.params);
  return found.found;
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
