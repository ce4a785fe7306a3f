import type { Core } from '../../core/core.ts';
import { formatDate, formatDateTime, type Locale, t } from '../../core/i18n/index.ts';
import type { ActionContext } from './action.ts';
import { formatter } from './format.ts';

export type CompanyNotice = NonNullable<Awaited<ReturnType<Core['query']['companyNotice']>>>;

/**
 * The notice of seizure the company must receive (R612-2), ready to copy into an e-mail: its subject and
 * its body, always in French (the language of the mediation and of the company's obligations), whatever
 * the mediator's own language.
 */
export function companyNoticeText(
  notice: CompanyNotice,
  portal?: { url: string; expiresAt: Date },
): { subject: string; body: string } {
  const fr = (key: string, params: Record<string, string | number> = {}) =>
    t('fr' satisfies Locale, `company:notice.${key}`, params);
  const when = (at: Date) => formatDateTime(at, 'fr');
  const { contactName } = notice.company;
  const paragraphs = [
    companyGreeting(contactName),
    fr('seized', { title: notice.title.fr, slug: notice.slug, count: notice.admitted }),
    fr('answer', { answerDueAt: when(notice.answerDueAt) }),
    notice.endsBy ? fr('limit', { endsBy: when(notice.endsBy) }) : fr('limitUndated'),
    fr('rights'),
    portal
      ? fr('howToAnswerPortal', { url: portal.url, at: when(portal.expiresAt), slug: notice.slug })
      : fr('howToAnswer', { slug: notice.slug }),
    fr('signature'),
  ];
  return { subject: fr('subject', { title: notice.title.fr }), body: paragraphs.join('\n\n') };
}

/**
 * What goes to the company with a portal link: the notice of seizure, or, once it answered its
 * invitation, the short message giving it the way back (`access`).
 */
export function companyLetter(
  notice: CompanyNotice,
  portal?: { url: string; expiresAt: Date },
): { subject: string; body: string; access: boolean } {
  return notice.answered && portal
    ? { ...companyAccessText(notice, portal), access: true }
    : { ...companyNoticeText(notice, portal), access: false };
}

/**
 * A new link for a company that already answered its invitation, coming back to its portal (offers,
 * votes' results, payouts): the notice of seizure, with its deadline past, would no longer be true.
 */
function companyAccessText(
  notice: CompanyNotice,
  portal: { url: string; expiresAt: Date },
): { subject: string; body: string } {
  const fr = (key: string, params: Record<string, string | number> = {}) =>
    t('fr' satisfies Locale, `company:access.${key}`, params);
  const body = fr('body', {
    title: notice.title.fr,
    slug: notice.slug,
    url: portal.url,
    at: formatDateTime(portal.expiresAt, 'fr'),
  });
  const paragraphs = [companyGreeting(notice.company.contactName), body, t('fr', 'company:notice.signature')];
  return { subject: fr('subject', { title: notice.title.fr }), body: paragraphs.join('\n\n') };
}

/**
 * What the mediator reads: who to send the notice to (or how to complete the contact), then the notice
 * itself between two rules, so it is plain where the text to copy starts and ends.
 */
export function companyNoticeInstructions(
  ctx: ActionContext,
  notice: CompanyNotice,
  portal?: { url: string; expiresAt: Date },
): string {
  const f = formatter(ctx);
  const to = companyRecipient(ctx, notice.company);
  const letter = companyLetter(notice, portal);
  const instructions = letter.access
    ? f.say('mediator:companyNotice.manualAccess', { to })
    : f.say('mediator:companyNotice.manual', { at: f.when(notice.invitedAt), to });
  return toCopy(instructions, [
    t('fr', 'mediator:companyNotice.subjectLine', { subject: letter.subject }),
    '',
    letter.body,
  ]);
}

/**
 * The company must learn of an extension too (L612-2): the mediator gets the notice to forward, in
 * French like the notice of seizure, ready to copy.
 */
export function companyExtensionInstructions(
  ctx: ActionContext,
  title: { fr: string },
  extended: {
    endsBy: Date;
    companyNotice: { company: CompanyContact; reason: string; days: number };
  },
): string {
  const { company, reason, days } = extended.companyNotice;
  const notice = t('fr', 'mediations:companyNotice.extension', {
    greeting: companyGreeting(company.contactName),
    title: title.fr,
    count: days,
    endsBy: formatDate(extended.endsBy, 'fr'),
    reason,
  });
  const to = formatter(ctx).say('mediator:extendMediation.forwardTo', {
    company: company.name,
    to: companyRecipient(ctx, company),
  });
  return toCopy(to, [notice]);
}

/** Who to send it to, then the text between two rules: plain where the text to copy starts and ends. */
function toCopy(instructions: string, text: readonly string[]): string {
  const rule = '—'.repeat(20);
  return [instructions, '', rule, ...text, rule].join('\n');
}

type CompanyContact = {
  slug: string;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
};

/** Who a notice to the company goes to, or how to complete the company's contact first. */
function companyRecipient(ctx: ActionContext, company: CompanyContact): string {
  const f = formatter(ctx);
  const { contactName: name, contactEmail: email, slug, name: companyName } = company;
  if (name && email) return f.say('mediator:companyNotice.to.full', { name, email, companyName });
  if (email) return f.say('mediator:companyNotice.to.emailOnly', { email, companyName });
  if (name) return f.say('mediator:companyNotice.to.nameOnly', { name, company: slug, companyName });
  return f.say('mediator:companyNotice.to.unknown', { company: slug, companyName });
}

/** The greeting of a letter to the company: its contact by name when known. */
function companyGreeting(contactName: string | null): string {
  return contactName
    ? t('fr', 'company:notice.greeting.named', { name: contactName })
    : t('fr', 'company:notice.greeting.anonymous');
}
