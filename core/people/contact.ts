import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { requireText } from '../participants/free-text.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';

/** A message to the mediators is a chat message, not a letter: long enough for a story, short enough to read. */
export const MAX_CONTACT_MESSAGE_LENGTH = 2000;

/** Enough to tell a story in several messages; a flood (or a script) waits an hour. */
export const MAX_CONTACT_MESSAGES_PER_HOUR = 5;

/**
 * `/contact`: a person's message, relayed to the mediators through the outbox (delivered and retried
 * like any notification). The audit records that they wrote, never what: the message may tell about
 * their complaint or their life, and the audit log is kept for ever.
 */
export const contactMediators = defineCommand({
  name: 'contactMediators',
  actors: ['person'],
  input: z.object({ message: z.string().trim().min(1).max(MAX_CONTACT_MESSAGE_LENGTH) }),
  async run(ctx, { message }) {
    const personId = requirePersonId(ctx.actor);
    await loadLivePerson(ctx.tx, personId);
    const since = new Date(ctx.now.getTime() - 60 * 60 * 1000);
    const [{ recent }] = await ctx.tx.$queryRaw<[{ recent: number }]>`
      SELECT count(*)::int AS recent FROM outbox_message
      WHERE kind = 'contactMessage' AND created_at > ${since} AND payload -> 'refs' ->> 'personId' = ${personId}`;
    if (recent >= MAX_CONTACT_MESSAGES_PER_HOUR)
      refuse('RULE_VIOLATION', 'account:contact.tooMany', { count: recent });
    // Every message is its own event: two identical messages are both relayed.
    const messageId = randomUUID();
    ctx.notifyMediators({
      kind: 'contactMessage',
      textKey: 'account:notify.contactMessage',
      dedupKey: `contactMessage:${messageId}`,
      params: { message, personId, messageId },
      // The message id is what a mediator answers (`answerContact`).
      refs: { personId, messageId },
    });
    ctx.audit({ action: 'person.contacted', subjectId: personId, details: { messageId } });
    return { messageId };
  },
});

/** A mediator's answer: as long as a `/contact` message may be. */
export const ANSWER_MIN = 3;

/**
 * A mediator answers a `/contact` message. The message is found by the id it was relayed with (its
 * outbox row, `contactMessage:<id>`); the answer reaches the person through the outbox like any
 * notification. As for the message, the audit records that an answer went out, never its words.
 */
export const answerContact = defineCommand({
  name: 'answerContact',
  actors: ['mediator'],
  // Generous raw limit: a too-long answer gets a localized "too long", not a bare input error.
  input: z.object({ messageId: z.uuid(), message: z.string().max(50_000) }),
  async run(ctx, input) {
    const answer = requireText(input.message, ANSWER_MIN, MAX_CONTACT_MESSAGE_LENGTH, {
      code: 'INVALID_INPUT',
      tooShort: 'mediator:errors.messageTooShort',
      tooLong: 'mediator:errors.messageTooLong',
    });
    const relayed = await ctx.tx.outboxMessage.findUnique({
      where: { dedupKey: `contactMessage:${input.messageId}` },
      select: { payload: true },
    });
    const personId = (relayed?.payload as { refs?: { personId?: string } } | undefined)?.refs?.personId;
    if (!personId) refuse('NOT_FOUND', 'mediator:errors.contactNotFound');
    const person = await ctx.tx.person.findUnique({ where: { id: personId }, select: { erasedAt: true } });
    if (!person || person.erasedAt) refuse('NOT_FOUND', 'mediator:errors.contactErased');
    // Several answers to one message are several events: each is delivered.
    const answerId = randomUUID();
    ctx.notifyPerson(personId, {
      kind: 'contactAnswer',
      textKey: 'mediator:notify.contactAnswer',
      dedupKey: `contactAnswer:${answerId}`,
      params: { message: answer },
      refs: { messageId: input.messageId },
    });
    ctx.audit({
      action: 'person.contactAnswered',
      subjectId: personId,
      details: { messageId: input.messageId, answerId },
    });
    return { answerId, personId };
  },
});
