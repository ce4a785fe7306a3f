import type { Core } from '../../core/core.ts';
import { formatDateTime, type Locale, t } from '../../core/i18n/index.ts';
import type { ActionContext } from './action.ts';
import { formatter } from './format.ts';

export type CompanyNotice = NonNullable<Awaited<ReturnType<Core['query']['companyNotice']>>>;

/**
 * The notice of seizure the company must receive (R612-2), ready to copy into an e-mail: its subject and
 * its body, always in French (the language of the mediation and of the company's obligations), whatever
 * the mediator's own language.
 */
export function companyNoticeText(notice: CompanyNotice): { subject: string; body: string } {
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
    fr('howToAnswer', { slug: notice.slug }),
    fr('signature'),
  ];
  return { subject: fr('subject', { title: notice.title.fr }), body: paragraphs.join('\n\n') };
}

/**
 * What the mediator reads: who to send the notice to (or how to complete the contact), then the notice
 * itself between two rules, so it is plain where the text to copy starts and ends.
 */
export function companyNoticeInstructions(ctx: ActionContext, notice: CompanyNotice): string {
  const f = formatter(ctx);
  const to = companyRecipient(ctx, notice.company);
  const { subject, body } = companyNoticeText(notice);
  const rule = '—'.repeat(20);
  return [
    f.say('mediator:companyNotice.manual', { at: f.when(notice.invitedAt), to }),
    '',
    rule,
    t('fr', 'mediator:companyNotice.subjectLine', { subject }),
    '',
    body,
    rule,
  ].join('\n');
}

type CompanyContact = {
  slug: string;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
};

/** Who a notice to the company goes to, or how to complete the company's contact first. */
export function companyRecipient(ctx: ActionContext, company: CompanyContact): string {
  const f = formatter(ctx);
  const { contactName: name, contactEmail: email, slug, name: companyName } = company;
  if (name && email) return f.say('mediator:companyNotice.to.full', { name, email, companyName });
  if (email) return f.say('mediator:companyNotice.to.emailOnly', { email, companyName });
  if (name) return f.say('mediator:companyNotice.to.nameOnly', { name, company: slug, companyName });
  return f.say('mediator:companyNotice.to.unknown', { company: slug, companyName });
}

/** The greeting of a letter to the company: its contact by name when known. */
export function companyGreeting(contactName: string | null): string {
  return contactName
    ? t('fr', 'company:notice.greeting.named', { name: contactName })
    : t('fr', 'company:notice.greeting.anonymous');
}
