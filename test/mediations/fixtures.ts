import { expect } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { type Result, unwrap } from '../../core/domain/errors.ts';
import type { NotificationPayload } from '../../core/i18n/render.ts';
import { renderNotification } from '../../core/i18n/render.ts';
import { expandGroupNotifications } from '../../core/outbox/fan-out.ts';
import { fireDueTimers } from '../../core/scheduler/scheduler.ts';
import type { TimerKind } from '../../core/scheduler/timer-kinds.ts';
import type { TestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';

export const mediator = mediatorActor('U0MEDIATOR');

let counter = 0;
const nextTag = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A valid `createMediation` input; the slug is unique per call. */
export function draftInput(t: TestCore, overrides: Record<string, unknown> = {}) {
  const tag = nextTag();
  return {
    slug: `red-fees-${tag}`,
    company: { slug: `red-${tag}`, name: 'RED by SFR' },
    title: { fr: 'Frais cachés RED', en: 'RED hidden fees' },
    summary: { fr: 'Des frais facturés sans accord.', en: 'Fees charged without consent.' },
    goal: { fr: 'Obtenir le remboursement.', en: 'Get a refund.' },
    eligibilityQuestions: [
      { fr: 'Êtes-vous client RED ?', en: 'Are you a RED customer?', requiredAnswer: true },
    ],
    registrationClosesAt: new Date(t.clock.now().getTime() + 10 * DAY),
    ...overrides,
  };
}

export async function createDraft(t: TestCore, overrides: Record<string, unknown> = {}) {
  return unwrap(await t.core.createMediation(mediator, draftInput(t, overrides) as never)).mediationId;
}

/** L612-3: a mediation's news go out only once a mediator marked it public, the parties agreeing. */
export async function makePublic(t: TestCore, mediationId: string) {
  unwrap(
    await t.core.makeNewsPublic(mediator, {
      mediationId,
      partiesAgreement: 'Accord écrit de l’entreprise et des participant·es.',
    }),
  );
}

/** A participant written directly: the joining journey belongs to the participants area. */
export function addParticipant(
  t: TestCore,
  mediationId: string,
  options: Parameters<typeof insertParticipant>[3] = {},
) {
  return insertParticipant(t.db, mediationId, t.clock.now(), options);
}

export type Member = Awaited<ReturnType<typeof addParticipant>>;

/** An OPEN mediation with admitted (and optionally submitted) participants. */
export async function openMediation(
  t: TestCore,
  {
    admitted = 2,
    submitted = 0,
    overrides = {},
    newsPublic = false,
  }: {
    admitted?: number;
    submitted?: number;
    overrides?: Record<string, unknown>;
    /** Marked public before registration opens, so every news item goes out. */
    newsPublic?: boolean;
  } = {},
) {
  const mediationId = await createDraft(t, overrides);
  if (newsPublic) await makePublic(t, mediationId);
  unwrap(await t.core.openRegistration(mediator, { mediationId }));
  const members: Member[] = [];
  for (let i = 0; i < admitted; i++) members.push(await addParticipant(t, mediationId));
  const pending: Member[] = [];
  for (let i = 0; i < submitted; i++)
    pending.push(await addParticipant(t, mediationId, { status: 'SUBMITTED' }));
  return { mediationId, members, pending };
}

/** A mediation in NEGOTIATION (registration closed, company invited). */
export async function inNegotiation(t: TestCore, options: Parameters<typeof openMediation>[1] = {}) {
  const opened = await openMediation(t, options);
  unwrap(await t.core.closeRegistration(mediator, { mediationId: opened.mediationId }));
  unwrap(await t.core.inviteCompany(mediator, { mediationId: opened.mediationId }));
  return opened;
}

export const fixedOffer = (fixedCents = 5_000) => ({
  terms: { fr: 'Remboursement forfaitaire des frais', en: 'Flat refund of the fees' },
  compensation: { kind: 'FIXED' as const, fixedCents },
});

export const percentOffer = (basisPoints: number, capCents?: number, minAdhesions?: number) => ({
  terms: { fr: 'Remboursement d’une part du montant', en: 'Refund of a share of the amount' },
  compensation: { kind: 'PERCENT' as const, basisPoints, ...(capCents ? { capCents } : {}) },
  ...(minAdhesions ? { minAdhesions } : {}),
});

/**
 * Puts the current offer to a vote as the votes area would: vote row, frozen electorate, offer and
 * mediation in VOTING. Written with Prisma so these tests do not depend on `openVote`.
 */
export async function startVote(t: TestCore, mediationId: string, offerId: string, electors: Member[]) {
  const now = t.clock.now();
  const vote = await t.db.prisma.vote.create({
    data: {
      offerId,
      voteBase: 'ELECTORATE',
      thresholdNumerator: 3,
      thresholdDenominator: 4,
      quorumNumerator: 1,
      quorumDenominator: 2,
      opensAt: now,
      closesAt: new Date(now.getTime() + 7 * DAY),
      electorate: { create: electors.map((e) => ({ participantId: e.participantId })) },
    },
  });
  await t.db.prisma.offer.update({ where: { id: offerId }, data: { status: 'VOTING' } });
  await t.db.prisma.mediation.update({ where: { id: mediationId }, data: { status: 'VOTING' } });
  return vote.id;
}

/** Closes that vote as accepted (or rejected), as `closeVote` would, without the tally. */
export async function endVote(
  t: TestCore,
  mediationId: string,
  offerId: string,
  voteId: string,
  outcome: 'ACCEPTED' | 'REJECTED',
  counts = { electorateSize: 4, acceptCount: 3, refuseCount: 1, abstainCount: 0 },
) {
  await t.db.prisma.vote.update({
    where: { id: voteId },
    data: { closedAt: t.clock.now(), outcome, ...counts },
  });
  await t.db.prisma.offer.update({ where: { id: offerId }, data: { status: outcome } });
  await t.db.prisma.mediation.update({ where: { id: mediationId }, data: { status: outcome } });
}

/** A mediation whose offer (fixed 50 € unless given) was accepted by its electorate. */
export async function acceptedMediation(
  t: TestCore,
  {
    admitted = 4,
    offer = fixedOffer() as object,
    amounts,
  }: { admitted?: number; offer?: object; amounts?: (number | null)[] } = {},
) {
  const negotiation = await inNegotiation(t, { admitted });
  const { mediationId, members } = negotiation;
  if (amounts) {
    for (const [i, member] of members.entries()) {
      await t.db.prisma.participant.update({
        where: { id: member.participantId },
        data: { amountCents: amounts[i] ?? null },
      });
    }
  }
  const { offerId } = unwrap(await t.core.recordOffer(mediator, { mediationId, ...offer } as never));
  const voteId = await startVote(t, mediationId, offerId, members);
  await endVote(t, mediationId, offerId, voteId, 'ACCEPTED');
  return { ...negotiation, offerId, voteId };
}

export async function fireTimers(t: TestCore) {
  return fireDueTimers(t.core.deps, { limit: 100, instanceId: 'test' });
}

export async function timerOf(t: TestCore, kind: TimerKind, subjectId: string) {
  return t.db.prisma.timer.findUnique({ where: { kind_subjectId: { kind, subjectId } } });
}

/** The outbox after group notifications are expanded into one row per person. */
export async function outbox(t: TestCore, where: { kind?: string; personId?: string | null } = {}) {
  await expandGroupNotifications(t.core.deps, { limit: 100 });
  return t.db.prisma.outboxMessage.findMany({
    where: { ...where, audience: where.personId === null ? 'mediators' : { not: 'group' } },
    orderBy: { createdAt: 'asc' },
  });
}

export async function mediationRow(t: TestCore, mediationId: string) {
  return t.db.prisma.mediation.findUniqueOrThrow({ where: { id: mediationId } });
}

/** A refusal of the given code, and nothing else. */
export function expectRefused(result: Result<unknown>, code: string, messageKey?: string) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (messageKey) expect(result.error.messageKey).toBe(messageKey);
}

/** Every queued text exists in both languages: a missing key would show as the key itself. */
export async function expectEveryNotificationRenders(t: TestCore) {
  const rows = await outbox(t);
  for (const row of rows) {
    const payload = row.payload as unknown as NotificationPayload;
    for (const locale of ['fr', 'en'] as const) {
      const text = renderNotification(locale, payload);
      expect(text, `${payload.textKey} in ${locale}`).not.toContain(payload.textKey.split(':')[1] ?? '');
      expect(text, `${payload.textKey} in ${locale}`).not.toMatch(/\{\{|undefined/);
    }
  }
  return rows.length;
}

/** The item at `index`, failing the test clearly when there is none. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`expected an item at index ${index} of ${items.length}`);
  return item;
}

/** A value the test expects to be set. */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be set`);
  return value;
}
