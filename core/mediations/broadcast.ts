import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { refuse } from '../domain/errors.ts';
import { requireText } from '../participants/free-text.ts';
import { PARTIES, titleParam } from './audience.ts';
import { lockMediation } from './lifecycle.ts';

/** A chat message, like `/contact` in the other direction: long enough for news, short enough to read. */
export const BROADCAST_MIN = 3;
export const BROADCAST_MAX = 2000;

/**
 * A mediator's message to everyone still in a mediation (files admitted or awaiting a decision): one
 * group notification, expanded by the dispatcher, so a mediation of any size stays one short
 * transaction. The audit records that a message went out and to how many, never its words.
 */
export const broadcastMessage = defineCommand({
  name: 'broadcastMessage',
  actors: ['mediator'],
  // Generous raw limit: a too-long message gets a localized "too long", not a bare input error.
  input: z.object({ mediationId: z.uuid(), message: z.string().max(50_000) }),
  async run(ctx, input) {
    const message = requireText(input.message, BROADCAST_MIN, BROADCAST_MAX, {
      code: 'INVALID_INPUT',
      tooShort: 'mediator:errors.messageTooShort',
      tooLong: 'mediator:errors.messageTooLong',
    });
    const mediation = await lockMediation(ctx, input.mediationId);
    // The same people the dispatcher expands the group into (core/outbox/fan-out.ts).
    const recipients = await ctx.tx.participant.count({
      where: { mediationId: mediation.id, status: { in: [...PARTIES] }, person: { erasedAt: null } },
    });
    if (recipients === 0) refuse('RULE_VIOLATION', 'mediator:errors.nobodyToTell');
    const broadcastId = randomUUID();
    ctx.notifyGroup(
      { group: 'participants', mediationId: mediation.id },
      {
        kind: 'broadcast',
        textKey: 'mediator:notify.broadcast',
        dedupKey: `broadcast:${broadcastId}`,
        params: { title: titleParam(mediation), message },
        refs: { mediationId: mediation.id },
      },
    );
    ctx.audit({
      action: 'mediation.broadcast',
      mediationId: mediation.id,
      subjectId: mediation.id,
      details: { broadcastId, recipients },
    });
    return { broadcastId, recipients };
  },
});
