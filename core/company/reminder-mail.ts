import { formatDateTime, t } from '../i18n/index.ts';

/**
 * The reminder e-mailed to the company's contact before its answer is due (issue 15), in French like
 * the notice of seizure: what is awaited, by when, what its silence would mean, and how to answer.
 */
export function companyReminderMail(input: {
  mediation: { titleFr: string; slug: string };
  company: { contactName: string | null };
  workingDaysLeft: number;
  dueAt: Date;
}): { subject: string; text: string } {
  const fr = (key: string, params: Record<string, string | number> = {}) => t('fr', `company:${key}`, params);
  const params = {
    title: input.mediation.titleFr,
    slug: input.mediation.slug,
    dueAt: formatDateTime(input.dueAt, 'fr'),
    count: input.workingDaysLeft,
  };
  const greeting = input.company.contactName
    ? fr('notice.greeting.named', { name: input.company.contactName })
    : fr('notice.greeting.anonymous');
  return {
    subject: fr('reminder.subject', params),
    text: [greeting, fr('reminder.body', params), fr('reminder.how', params), fr('notice.signature')].join(
      '\n\n',
    ),
  };
}
