import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import type { IncomingEvent, Reply } from '../../bots/conversation/types.ts';
import type { Core } from '../../core/core.ts';
import type { Database } from '../../core/db/connect.ts';
import { insertParticipant } from '../support/participants.ts';

/** One person talking to the bot in the terminal chat: commands, texts and button presses. */
export function chatAs(core: Core, userId: string, languageCode = 'fr') {
  const conversation = createConversation(core, consumerFlows);
  const send = (event: IncomingEvent) =>
    conversation.handle({ platform: 'CONSOLE', userId, chatId: userId, languageCode, event });
  return {
    command: (name: string, args = '') => send({ type: 'command', name, args }),
    text: (text: string) => send({ type: 'text', text }),
    press: (id: string) => send({ type: 'choice', id }),
  };
}

export const textOf = (replies: Reply[]) => replies.map((reply) => reply.text).join('\n---\n');
export const buttonIds = (replies: Reply[]) =>
  replies.flatMap((reply) => (reply.choices ?? []).flat().map((choice) => choice.id));
export const buttonLabels = (replies: Reply[]) =>
  replies.flatMap((reply) => (reply.choices ?? []).flat().map((choice) => choice.label));

export async function personIdOf(db: Database, userId: string): Promise<string> {
  const identity = await db.prisma.platformIdentity.findFirstOrThrow({
    where: { platform: 'CONSOLE', externalId: userId },
  });
  return identity.personId;
}

/** Makes the person behind a chat an admitted participant of a mediation (as if a mediator admitted them). */
export async function admit(
  db: Database,
  mediationId: string,
  personId: string,
  now: Date,
  description?: string,
) {
  const { participantId } = await insertParticipant(db, mediationId, now, {
    personId,
    description,
    amountCents: 123_456,
  });
  return { id: participantId, personId };
}
