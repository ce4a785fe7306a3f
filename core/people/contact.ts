import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';

/** A message to the mediators is a chat message, not a letter: long enough for a story, short enough to read. */
export const MAX_CONTACT_MESSAGE_LENGTH = 2000;

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
    // Every message is its own event: two identical messages are both relayed.
    const messageId = randomUUID();
    ctx.notifyMediators({
      kind: 'contactMessage',
      textKey: 'account:notify.contactMessage',
      dedupKey: `contactMessage:${messageId}`,
      params: { message, personId },
      refs: { personId },
    });
    ctx.audit({ action: 'person.contacted', subjectId: personId, details: { messageId } });
    return { messageId };
  },
});
