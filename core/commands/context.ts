import type { AuditRecord } from '../audit/audit-log.ts';
import type { SqlTx, Tx } from '../db/connect.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { Actor } from '../domain/actor.ts';
import type { NotificationKind } from '../outbox/notification-kinds.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';

/** A value a notification carries: text in both languages, or data the renderer formats per locale. */
export type NotificationParam =
  | string
  | number
  | { fr: string; en: string }
  | { money: number }
  | { date: string };

export interface Notification {
  kind: NotificationKind;
  /** The i18n key of its text, e.g. `votes:notify.voteOpened`; rendered in the recipient's language. */
  textKey: string;
  /** Unique per recipient and event: the same notification is never queued twice. */
  dedupKey: string;
  params?: Record<string, NotificationParam>;
  /** Ids the platform adapters need to draw buttons (e.g. the vote to answer). */
  refs?: Record<string, string>;
}

/** A whole group of people, resolved when the dispatcher expands the notification. */
export type NotificationGroup =
  | { group: 'electorate'; voteId: string }
  | { group: 'nonVoters'; voteId: string }
  | { group: 'participants'; mediationId: string };

/**
 * What a command sees: its transaction, the time it runs at, who runs it, and the effects it queues.
 * Audit entries, notifications and timers are written by the runner at the end of the same transaction.
 * `tx` is Prisma's client, or only SQL for the commands defined with `defineSqlCommand`.
 */
export interface CommandContext<Transaction extends SqlTx = Tx> {
  tx: Transaction;
  now: Date;
  actor: Actor;
  audit(record: AuditRecord): void;
  notifyPerson(personId: string, notification: Notification): void;
  notifyMediators(notification: Notification): void;
  /** One outbox row for a whole group; each member later gets `<dedupKey>:<personId>`, once. */
  notifyGroup(group: NotificationGroup, notification: Notification): void;
  /**
   * Public news of a mediation for the community channels (product.md §6): one row, delivered once per
   * platform that announces (core/outbox/public-news.ts). Counts and titles only, never a person.
   */
  announcePublicly(news: Notification): void;
  /** Sets (or moves, if not yet fired) the timer of this kind for this subject. */
  schedule(kind: TimerKind, subjectId: string, dueAt: Date): Promise<void>;
  cancelTimer(kind: TimerKind, subjectId: string): Promise<void>;
}

export interface PendingEffects {
  audit: AuditRecord[];
  /** Exactly the columns the runner's INSERT writes (command.ts, `writeEffects`). */
  outbox: {
    dedupKey: string;
    personId: string | null;
    audience: 'person' | 'mediators' | 'group' | 'public';
    kind: NotificationKind;
    payload: Prisma.InputJsonObject;
    nextAttemptAt: Date;
    createdAt: Date;
  }[];
}
