import { describe, expect, it } from 'vitest';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { renderNotification } from '../../core/i18n/index.ts';
import type { NotificationPayload } from '../../core/i18n/render.ts';
import { expectRefused, mediator } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore({ checkAuditChain: true });

let externalId = 7000;

async function personWhoWrote(message = 'Bonjour, où en est mon dossier ? Je n’ai rien reçu.') {
  externalId += 1;
  const { personId } = unwrap(
    await t.core.identifyPerson(systemActor('telegram'), {
      platform: 'TELEGRAM',
      externalId: String(externalId),
      chatId: String(externalId),
    }),
  );
  const { messageId } = unwrap(await t.core.contactMediators(personActor(personId), { message }));
  return { personId, messageId };
}

describe('a mediator answering a /contact message', () => {
  it('finds the person from the message id and sends the answer through the outbox', async () => {
    const { personId, messageId } = await personWhoWrote();
    // The mediators' notification carries the message id, so they (or a Slack button) can answer it.
    const relayed = await t.db.prisma.outboxMessage.findUniqueOrThrow({
      where: { dedupKey: `contactMessage:${messageId}` },
    });
    // Shown shortened, as mediators type it (answer-contact 3f2a9c1b …).
    expect(relayed.payload).toMatchObject({
      refs: { personId, messageId },
      params: { ref: messageId.slice(0, 8) },
    });
    expect(renderNotification('fr', relayed.payload as unknown as NotificationPayload)).toContain(
      `Message ${messageId.slice(0, 8)} reçu par /contact`,
    );

    const answer = 'Votre dossier est en cours d’examen : vous aurez une réponse avant le 20 mars.';
    const result = unwrap(await t.core.answerContact(mediator, { messageId, message: answer }));
    expect(result.personId).toBe(personId);

    const rows = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'contactAnswer' } });
    expect(rows).toEqual([expect.objectContaining({ personId, audience: 'person', status: 'PENDING' })]);
    const text = renderNotification('fr', rows[0]?.payload as unknown as NotificationPayload);
    expect(text).toContain(answer);
    expect(text).toContain('/contact');

    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'person.contactAnswered' } });
    expect(audit).toEqual([expect.objectContaining({ subjectId: personId, actor: 'mediator:U0MEDIATOR' })]);
    expect(audit[0]?.details).toMatchObject({ messageId });
    expect(JSON.stringify(audit[0]?.details)).not.toContain('examen');
  });

  it('sends a second answer to the same message too', async () => {
    const { personId, messageId } = await personWhoWrote();
    unwrap(await t.core.answerContact(mediator, { messageId, message: 'Première réponse.' }));
    unwrap(await t.core.answerContact(mediator, { messageId, message: 'Et un complément.' }));
    expect(await t.db.prisma.outboxMessage.count({ where: { kind: 'contactAnswer', personId } })).toBe(2);
  });

  it('refuses an unknown message, a person who erased their data, a blank answer, a non-mediator', async () => {
    expectRefused(
      await t.core.answerContact(mediator, {
        messageId: '00000000-0000-4000-8000-000000000001',
        message: 'Bonjour',
      }),
      'NOT_FOUND',
      'mediator:errors.contactNotFound',
    );
    const erased = await personWhoWrote();
    unwrap(await t.core.erasePerson(personActor(erased.personId), { confirm: true }));
    // Erasure took the relayed message (their words) with it: there is nothing left to answer.
    expect(
      await t.db.prisma.outboxMessage.count({ where: { dedupKey: `contactMessage:${erased.messageId}` } }),
    ).toBe(0);
    expectRefused(
      await t.core.answerContact(mediator, { messageId: erased.messageId, message: 'Bonjour' }),
      'NOT_FOUND',
      'mediator:errors.contactNotFound',
    );
    const writer = await personWhoWrote();
    expectRefused(
      await t.core.answerContact(mediator, { messageId: writer.messageId, message: '  ' }),
      'INVALID_INPUT',
      'mediator:errors.messageTooShort',
    );
    expectRefused(
      await t.core.answerContact(personActor(writer.personId), {
        messageId: writer.messageId,
        message: 'Bonjour',
      }),
      'FORBIDDEN',
    );
    // Refused answers queue nothing.
    expect(
      await t.db.prisma.outboxMessage.count({ where: { kind: 'contactAnswer', personId: writer.personId } }),
    ).toBe(0);
  });
});

describe('a person writing with /contact', () => {
  it('may write a few times an hour, then is asked to wait, and nothing more is relayed', async () => {
    const { personId } = await personWhoWrote('Premier message');
    for (let i = 2; i <= 5; i++)
      unwrap(await t.core.contactMediators(personActor(personId), { message: `Message ${i}` }));
    const relayed = () =>
      t.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_message
         WHERE kind = 'contactMessage' AND payload -> 'refs' ->> 'personId' = $1`,
        [personId],
      );
    expectRefused(
      await t.core.contactMediators(personActor(personId), { message: 'Sixième' }),
      'RULE_VIOLATION',
      'account:contact.tooMany',
    );
    expect((await relayed())[0]?.n).toBe(5);
    t.clock.advance(61 * 60 * 1000);
    unwrap(await t.core.contactMediators(personActor(personId), { message: 'Une heure plus tard' }));
    expect((await relayed())[0]?.n).toBe(6);
  });
});
