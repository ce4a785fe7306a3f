import { randomUUID } from 'node:crypto';
import type { CommandContext, NotificationParam } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import type { MediatorNotificationKind } from '../outbox/notification-kinds.ts';
import { requireText } from '../participants/free-text.ts';
import { shortId } from '../references/short-id.ts';

/**
 * A person's own words relayed to the mediators: a `/contact` message, or the note of a payout problem.
 * Both are answered the same way (`answerContact`), count against the same hourly limit, are erased
 * with the person, and never enter the audit log, which is kept for ever.
 */
export const RELAYED_MESSAGE_KINDS = ['contactMessage', 'payoutProblem'] as const;
export type RelayedMessageKind = (typeof RELAYED_MESSAGE_KINDS)[number] & MediatorNotificationKind;

/** A chat message, not a letter: long enough for a story, short enough to read. */
export const MAX_CONTACT_MESSAGE_LENGTH = 2000;

/** Enough to tell a story in several messages; a flood (or a script) waits an hour. */
export const MAX_CONTACT_MESSAGES_PER_HOUR = 5;

/** The checks of every free text a person sends: cleaned, not empty, not longer than a message. */
export function requireMessage(raw: string): string {
  return requireText(raw, 1, MAX_CONTACT_MESSAGE_LENGTH, {
    code: 'INVALID_INPUT',
    tooShort: 'account:contact.empty',
    tooLong: 'account:contact.tooLongCore',
  });
}

/**
 * Queues the mediators' notification of a relayed message under a new message id (the one a mediator
 * answers), after the hourly limit. Every message is its own event: two identical ones both go.
 */
export async function relayToMediators(
  ctx: CommandContext,
  personId: string,
  message: {
    kind: RelayedMessageKind;
    textKey: string;
    params: Record<string, NotificationParam>;
    refs?: Record<string, string>;
  },
): Promise<string> {
  const since = new Date(ctx.now.getTime() - 60 * 60 * 1000);
  const [{ recent }] = await ctx.tx.$queryRaw<[{ recent: number }]>`
    SELECT count(*)::int AS recent FROM outbox_message
    WHERE kind = ANY(${RELAYED_MESSAGE_KINDS as unknown as string[]}::text[]) AND created_at > ${since}
      AND payload -> 'refs' ->> 'personId' = ${personId}`;
  if (recent >= MAX_CONTACT_MESSAGES_PER_HOUR)
    refuse('RULE_VIOLATION', 'account:contact.tooMany', { count: recent });
  const messageId = randomUUID();
  ctx.notifyMediators({
    kind: message.kind,
    textKey: message.textKey,
    dedupKey: `${message.kind}:${messageId}`,
    params: { ...message.params, ref: shortId(messageId) },
    refs: { ...message.refs, personId, messageId },
  });
  return messageId;
}

/** The person who wrote a relayed message, found by its id; undefined if there is no such message. */
export async function authorOfMessage(ctx: CommandContext, messageId: string): Promise<string | undefined> {
  const relayed = await ctx.tx.outboxMessage.findFirst({
    where: { dedupKey: { in: RELAYED_MESSAGE_KINDS.map((kind) => `${kind}:${messageId}`) } },
    select: { payload: true },
  });
  return (relayed?.payload as { refs?: { personId?: string } } | undefined)?.refs?.personId;
}
