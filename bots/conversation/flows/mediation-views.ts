import type { Core } from '../../../core/core.ts';
import { formatDate, formatDateTime, type Locale } from '../../../core/i18n/index.ts';
import { ruleTextParams } from '../../../core/mediations/rule-profile.ts';
import { mediationPath, pageUrl } from '../../web/paths.ts';
import { choiceId } from '../choice-id.ts';
import type { FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';

/** Five buttons a page: a phone screen shows them all without scrolling past the text. */
export const MEDIATIONS_PER_PAGE = 5;

export type MediationDetails = NonNullable<Awaited<ReturnType<Core['query']['mediationDetails']>>>;

export function inLocale(locale: Locale, text: { fr: string; en: string }): string {
  return locale === 'en' ? text.en : text.fr;
}

/** One page of open mediations, each a button opening its details, with « Précédent / Suivant ». */
export async function openMediationsPage(ctx: FlowContext, requestedPage: number): Promise<Reply> {
  const first = await ctx.core.query.openMediations({
    page: requestedPage,
    pageSize: MEDIATIONS_PER_PAGE,
    locale: ctx.locale,
  });
  if (first.total === 0) return { text: ctx.t('joining:browse.none') };
  // A page button pressed after mediations closed may point past the end: show the last page instead.
  const listing =
    first.items.length === 0
      ? await ctx.core.query.openMediations({
          page: first.pages,
          pageSize: MEDIATIONS_PER_PAGE,
          locale: ctx.locale,
        })
      : first;
  const choices: Choice[][] = listing.items.map((item) => [
    {
      id: choiceId('browse', 'open', item.id),
      label: ctx.t('joining:browse.item', { title: item.title, company: item.company }),
    },
  ]);
  const paging: Choice[] = [];
  if (listing.page > 1) {
    paging.push({
      id: choiceId('browse', 'page', String(listing.page - 1)),
      label: ctx.t('joining:browse.previous'),
    });
  }
  if (listing.page < listing.pages) {
    paging.push({
      id: choiceId('browse', 'page', String(listing.page + 1)),
      label: ctx.t('joining:browse.next'),
    });
  }
  if (paging.length > 0) choices.push(paging);
  return {
    text: ctx.t('joining:browse.heading', { page: listing.page, pages: listing.pages, count: listing.pages }),
    choices,
    expects: 'choice',
  };
}

/** What a person reads before joining: the case, its deadline, its size and the rule that will decide. */
export function mediationDetailsReply(ctx: FlowContext, details: MediationDetails): Reply {
  const { locale } = ctx;
  const closesAt = details.registrationClosesAt;
  const open = details.status === 'OPEN' && (!closesAt || closesAt > ctx.core.deps.clock.now());
  const lines = [
    ctx.t('joining:details.text', {
      title: inLocale(locale, details.title),
      company: details.company.name,
      summary: inLocale(locale, details.summary),
      goal: inLocale(locale, details.goal),
    }),
    '',
    open
      ? closesAt
        ? ctx.t('joining:details.deadline', { closesAt: formatDateTime(closesAt, locale) })
        : ctx.t('joining:details.noDeadline')
      : ctx.t('joining:details.notOpen', { status: ctx.t(`common:mediationStatus.${details.status}`) }),
    ctx.t('joining:details.participants', { count: details.participants }),
    '',
    ...ruleCardLines(ctx, details.ruleCard),
    legalLimitLine(ctx, details.endsBy),
    ...publicPageLines(ctx, details),
    '',
    // R612-1 and R612-4: what a consumer must know before deciding to join, said before they can.
    ctx.t('rights:ruleCard'),
  ];
  const choices: Choice[][] = [];
  if (open)
    choices.push([{ id: choiceId('join', 'start', details.id), label: ctx.t('joining:details.join') }]);
  choices.push([{ id: choiceId('browse', 'page', '1'), label: ctx.t('joining:browse.backToList') }]);
  return { text: lines.join('\n'), choices, expects: 'choice' };
}

/** A public mediation's page on the web site, when its address is configured: the whole rule card and timeline. */
function publicPageLines(ctx: FlowContext, details: MediationDetails): string[] {
  if (!ctx.publicUrl || !details.newsPublic) return [];
  return [
    ctx.t('conversation:sitePage', { url: pageUrl(ctx.publicUrl, ctx.locale, mediationPath(details.slug)) }),
  ];
}

/**
 * L612-2: the mediation reaches its outcome within 90 days of the first notice of seizure; once that
 * notice went out, the date itself.
 */
function legalLimitLine(ctx: FlowContext, endsBy: Date | null): string {
  return endsBy
    ? ctx.t('joining:details.legalLimitDate', { endsBy: formatDate(endsBy, ctx.locale) })
    : ctx.t('joining:details.legalLimit');
}

/** The same sentence as on every ballot of this mediation: the rule of its own profile. */
function ruleCardLines(ctx: FlowContext, card: MediationDetails['ruleCard']): string[] {
  return [ctx.t('joining:details.rule', ruleTextParams(card))];
}
