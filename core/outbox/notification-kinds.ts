/**
 * Every notification the core can queue. Each kind has a text in locales/<lang>/notifications.json
 * under the same name; test/i18n checks that both exist.
 */
export const personNotificationKinds = [
  'fileSubmitted',
  'fileAdmitted',
  'fileRejected',
  'fileClosed',
  'openingNotice',
  'mediationExtended',
  'companyInvited',
  'companyTakesPart',
  'voteOpened',
  'voteReminder',
  'voteExtended',
  'voteResult',
  'voteCancelled',
  'adhesionRequested',
  'payoutSent',
  'payoutReminder',
  'mediationCancelled',
  'mediationClosed',
  'broadcast',
  'contactAnswer',
  'accountLinked',
  'accountUnlinked',
] as const;

export const mediatorNotificationKinds = [
  'fileToReview',
  'decisionDue',
  'mediationDeadline',
  'companyAnswerOverdue',
  'companyAnswerReminder',
  'companyAnswered',
  'companyOffer',
  'companyPayouts',
  'voteClosed',
  'payoutProblem',
  'payoutUnconfirmed',
  'payoutsAllConfirmed',
  'participantWithdrew',
  'adhesionClosed',
  'contactMessage',
  'auditHead',
] as const;

/**
 * Public news for community channels (audience `public`). Named apart from the personal kinds so that
 * no adapter ever draws a personal button (a ballot) under a public message.
 */
export const publicNewsKinds = [
  'newsRegistrationOpened',
  'newsVoteOpened',
  'newsVoteResult',
  'newsAuditHead',
] as const;

export type PersonNotificationKind = (typeof personNotificationKinds)[number];
export type MediatorNotificationKind = (typeof mediatorNotificationKinds)[number];
export type PublicNewsKind = (typeof publicNewsKinds)[number];
export type NotificationKind = PersonNotificationKind | MediatorNotificationKind | PublicNewsKind;
