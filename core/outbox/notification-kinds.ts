/**
 * Every notification the core can queue, by audience; each is queued with the i18n key of its text.
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
  'companySignedIn',
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
