/**
 * Every notification the core can queue. Each kind has a text in locales/<lang>/notifications.json
 * under the same name; test/i18n checks that both exist.
 */
export const personNotificationKinds = [
  'fileSubmitted',
  'fileAdmitted',
  'fileRejected',
  'openingNotice',
  'mediationExtended',
  'companyInvited',
  'voteOpened',
  'voteReminder',
  'voteExtended',
  'voteResult',
  'voteCancelled',
  'adhesionRequested',
  'payoutSent',
  'mediationCancelled',
  'mediationClosed',
  'broadcast',
] as const;

export const mediatorNotificationKinds = [
  'fileToReview',
  'decisionDue',
  'mediationDeadline',
  'companyAnswerOverdue',
  'voteClosed',
  'payoutProblem',
  'participantWithdrew',
  'adhesionClosed',
  'contactMessage',
] as const;

export type PersonNotificationKind = (typeof personNotificationKinds)[number];
export type MediatorNotificationKind = (typeof mediatorNotificationKinds)[number];
export type NotificationKind = PersonNotificationKind | MediatorNotificationKind;
