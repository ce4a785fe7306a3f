/** The clocks of product.md §3 and §5. Each fires once per subject (see `Timer` in schema.prisma). */
export const timerKinds = [
  'registrationClose', // subject: mediation
  'voteClose', // subject: vote
  'voteReminder72h', // subject: vote
  'voteReminder24h', // subject: vote
  'decisionDue7d', // subject: participant — a file must be decided within 3 weeks of being complete
  'decisionDue1d', // subject: participant
  'deadlineWarning14d', // subject: mediation — the 90-day limit (L612-2), warned 14, 7 and 1 days before
  'deadlineWarning7d', // subject: mediation
  'deadlineWarning1d', // subject: mediation
  'deadlineReached', // subject: mediation — closes it as failed when no outcome was reached
  'companyAnswerDue', // subject: mediation — 20 working days after the invitation
  'companyReminder5d', // subject: mediation — 5 working days before the company's answer is due
  'companyReminder1d', // subject: mediation — 1 working day before
  'adhesionClose', // subject: offer
  'payoutReminder', // subject: payout — 7 days after it was sent, the adherent is asked again
  'payoutAlert', // subject: payout — 14 days after, the mediators are alerted
  'auditHeadDaily', // subject: the day it posts for (core/audit/head-publication.ts) — re-arms itself
  'auditHeadAfterVote', // subject: vote — the audit head once the close has committed
] as const;

export type TimerKind = (typeof timerKinds)[number];
