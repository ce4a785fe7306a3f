import { describe, expect, it } from 'vitest';
import { unwrap } from '../../core/domain/errors.ts';
import { renderNotification } from '../../core/i18n/index.ts';
import type { NotificationPayload } from '../../core/i18n/render.ts';
import { useTestCore } from '../support/core.ts';
import { addParticipant, createDraft, expectRefused, mediator, openMediation, outbox } from './fixtures.ts';

const t = useTestCore({ checkAuditChain: true });

describe('a mediator broadcasting a message to a mediation', () => {
  it('queues one group notification that reaches every admitted or pending participant once', async () => {
    const { mediationId, members, pending } = await openMediation(t, { admitted: 2, submitted: 1 });
    const rejected = await addParticipant(t, mediationId, { status: 'REJECTED' });
    const withdrawn = await addParticipant(t, mediationId, { status: 'WITHDRAWN' });
    const draft = await addParticipant(t, mediationId, { status: 'DRAFT' });
    const message = 'Bonjour à toutes et à tous : la réunion avec l’entreprise a lieu jeudi.';

    const sent = unwrap(await t.core.broadcastMessage(mediator, { mediationId, message: `  ${message}  ` }));
    expect(sent.recipients).toBe(3);

    // One row for the whole group, written by the command…
    const group = await t.db.prisma.outboxMessage.findMany({
      where: { audience: 'group', kind: 'broadcast' },
    });
    expect(group).toHaveLength(1);
    expect(group[0]?.payload).toMatchObject({
      textKey: 'mediator:notify.broadcast',
      params: { message },
      group: { group: 'participants', mediationId },
    });
    // …expanded by the dispatcher into one per person still in the mediation.
    const rows = await outbox(t, { kind: 'broadcast' });
    const reached = rows.map((row) => row.personId).sort();
    expect(reached).toEqual([...members, ...pending].map((m) => m.personId).sort());
    for (const left of [rejected, withdrawn, draft]) expect(reached).not.toContain(left.personId);
    const text = renderNotification('fr', rows[0]?.payload as unknown as NotificationPayload);
    expect(text).toContain(message);
    expect(text).toContain('Frais cachés RED');

    // The audit says a message went out and to how many, never what it said.
    const [entry] = await t.db.prisma.auditEntry.findMany({ where: { action: 'mediation.broadcast' } });
    expect(entry).toMatchObject({ mediationId, actor: 'mediator:U0MEDIATOR' });
    expect(entry?.details).toMatchObject({ recipients: 3, broadcastId: sent.broadcastId });
    expect(JSON.stringify(entry?.details)).not.toContain('réunion');
  });

  it('sends two identical messages twice: each broadcast is its own event', async () => {
    const { mediationId } = await openMediation(t, { admitted: 1 });
    const message = 'Rappel : pensez à vérifier vos dossiers.';
    unwrap(await t.core.broadcastMessage(mediator, { mediationId, message }));
    unwrap(await t.core.broadcastMessage(mediator, { mediationId, message }));
    const group = await t.db.prisma.outboxMessage.count({
      where: {
        audience: 'group',
        kind: 'broadcast',
        payload: { path: ['group', 'mediationId'], equals: mediationId },
      },
    });
    expect(group).toBe(2);
  });

  it('refuses a mediation nobody takes part in, a blank or too long message, an unknown mediation', async () => {
    const mediationId = await createDraft(t);
    expectRefused(
      await t.core.broadcastMessage(mediator, { mediationId, message: 'Bonjour à tous' }),
      'RULE_VIOLATION',
      'mediator:errors.nobodyToTell',
    );
    const { mediationId: open } = await openMediation(t, { admitted: 1 });
    expectRefused(
      await t.core.broadcastMessage(mediator, { mediationId: open, message: ' \n ' }),
      'INVALID_INPUT',
      'mediator:errors.messageTooShort',
    );
    expectRefused(
      await t.core.broadcastMessage(mediator, { mediationId: open, message: 'x'.repeat(2001) }),
      'INVALID_INPUT',
      'mediator:errors.messageTooLong',
    );
    expectRefused(
      await t.core.broadcastMessage(mediator, {
        mediationId: '00000000-0000-4000-8000-000000000000',
        message: 'Bonjour à tous',
      }),
      'NOT_FOUND',
    );
  });

  it('is for mediators only', async () => {
    const { mediationId, members } = await openMediation(t, { admitted: 1 });
    const person = { kind: 'person' as const, personId: members[0]?.personId as string };
    expectRefused(
      await t.core.broadcastMessage(person, { mediationId, message: 'Bonjour à tous' }),
      'FORBIDDEN',
    );
  });
});
