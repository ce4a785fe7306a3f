import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { titleParam } from '../mediations/audience.ts';
import { requireText } from '../participants/free-text.ts';
import { shortId } from '../references/short-id.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';
import { authorOfMessage, MAX_CONTACT_MESSAGE_LENGTH, relayToMediators, requireMessage } from './relay.ts';

/**
 * `/contact`: a person's message, relayed to the mediators through the outbox (delivered and retried
 * like any notification), saying which of their files it is about when they chose one. The audit
 * records that they wrote, never what: the message may tell about their complaint or their life.
 */
export const contactMediators = defineCommand({
  name: 'contactMediators',
  actors: ['person'],
  // Generous raw limit: a too-long message gets a localized "too long", not a bare input error.
  input: z.object({ message: z.string().max(50_000), participantId: z.uuid().optional() }),
  async run(ctx, input) {
    const personId = requirePersonId(ctx.actor);
    await loadLivePerson(ctx.tx, personId);
    const message = requireMessage(input.message);
    const file = input.participantId
      ? await ctx.tx.participant.findFirst({
          where: { id: input.participantId, personId },
          select: { id: true, mediation: { select: { id: true, slug: true, titleFr: true, titleEn: true } } },
        })
      : null;
    if (input.participantId && !file) refuse('NOT_FOUND', 'account:contact.fileNotFound');
    const messageId = await relayToMediators(ctx, personId, {
      kind: 'contactMessage',
      textKey: file ? 'account:notify.contactMessage.aboutFile' : 'account:notify.contactMessage.general',
      params: file
        ? { message, title: titleParam(file.mediation), slug: file.mediation.slug, file: shortId(file.id) }
        : { message, person: shortId(personId) },
      refs: file ? { mediationId: file.mediation.id, participantId: file.id } : {},
    });
    ctx.audit({
      action: 'person.contacted',
      subjectId: personId,
      ...(file ? { mediationId: file.mediation.id } : {}),
      details: { messageId, ...(file ? { participantId: file.id } : {}) },
    });
    return { messageId };
  },
});

/** A mediator's answer: as long as a `/contact` message may be. */
export const ANSWER_MIN = 3;

/**
 * A mediator answers a relayed message (`/contact`, a payout problem), found by the id it was relayed
 * with; the answer reaches the person through the outbox like any notification. As for the message,
 * the audit records that an answer went out, never its words.
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
    const personId = await authorOfMessage(ctx, input.messageId);
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
