import { z } from 'zod';
import { addParisDays } from '../clock/working-days.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { refuse } from '../domain/errors.ts';
import { recipients, titleParam } from './audience.ts';
import { armDeadlineClocks, MEDIATION_DAYS } from './deadline.ts';
import { lockMediation, moveMediation, requireMove } from './lifecycle.ts';
import { announceRegistrationOpened } from './news.ts';

/** DRAFT → OPEN: the mediation is published; its rule profile is frozen from now on. */
export const openRegistration = defineCommand({
  name: 'openRegistration',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid(), registrationClosesAt: z.coerce.date().optional() }),
  async run(ctx, input) {
    const mediation = await lockMediation(ctx, input.mediationId);
    requireMove(mediation.status, 'OPEN');
    const closesAt = input.registrationClosesAt ?? mediation.registrationClosesAt;
    if (!closesAt || closesAt <= ctx.now) {
      refuse('RULE_VIOLATION', 'mediations:errors.registrationDeadlinePast');
    }
    await moveMediation(ctx, mediation.id, 'OPEN', {
      registrationOpenedAt: ctx.now,
      registrationClosesAt: closesAt,
    });
    await ctx.schedule('registrationClose', mediation.id, closesAt);
    announceRegistrationOpened(ctx, mediation, closesAt);
    return { mediationId: mediation.id, registrationClosesAt: closesAt };
  },
});

/** OPEN → REGISTRATION_CLOSED before the planned time (the clock does it at the planned time). */
export const closeRegistration = defineCommand({
  name: 'closeRegistration',
  actors: ['mediator'],
  input: z.object({ mediationId: z.uuid() }),
  async run(ctx, { mediationId }) {
    const result = await closeRegistrationNow(ctx, mediationId);
    await ctx.cancelTimer('registrationClose', mediationId);
    return result;
  },
});

/**
 * Closing registration sends the opening notice to every admitted participant, which starts the 90-day
 * limit (product.md §3). Files still waiting for a decision stay pending: they may be admitted until the
 * vote opens (each then gets the notice on admission, see `sendOpeningNotice`); the mediators are told.
 */
export async function closeRegistrationNow(ctx: CommandContext, mediationId: string) {
  const endsBy = addParisDays(ctx.now, MEDIATION_DAYS);
  const mediation = await moveMediation(ctx, mediationId, 'REGISTRATION_CLOSED', {
    openingNoticeAt: ctx.now,
    endsBy,
  });
  const admitted = await recipients(ctx.tx, mediationId, ['ADMITTED']);
  for (const recipient of admitted) {
    sendOpeningNotice(ctx, { ...mediation, endsBy }, recipient);
  }
  await armDeadlineClocks(ctx, mediationId, endsBy);
  const pending = await ctx.tx.participant.count({ where: { mediationId, status: 'SUBMITTED' } });
  if (pending > 0) {
    ctx.notifyMediators({
      kind: 'fileToReview',
      textKey: 'mediations:notify.pendingFilesAtClosing',
      dedupKey: `pendingFilesAtClosing:${mediationId}`,
      params: { title: titleParam(mediation), count: pending },
      refs: { mediationId },
    });
  }
  ctx.audit({
    action: 'mediation.openingNotice',
    mediationId,
    subjectId: mediationId,
    details: { admitted: admitted.length, pending },
  });
  return { mediationId, endsBy, admitted: admitted.length, pending };
}

/**
 * The opening notice to one admitted participant: when registration closes, and for a file admitted
 * after that (the participants area calls this on admission when `openingNoticeAt` is set).
 */
export function sendOpeningNotice(
  ctx: CommandContext,
  mediation: { id: string; titleFr: string; titleEn: string; endsBy: Date | null },
  recipient: { participantId: string; personId: string },
): void {
  ctx.notifyPerson(recipient.personId, {
    kind: 'openingNotice',
    textKey: 'mediations:notify.openingNotice',
    dedupKey: `openingNotice:${recipient.participantId}`,
    params: {
      title: titleParam(mediation),
      ...(mediation.endsBy ? { endsBy: { date: mediation.endsBy.toISOString() } } : {}),
    },
    refs: { mediationId: mediation.id, participantId: recipient.participantId },
  });
}
