import { beforeAll, describe, expect, it } from 'vitest';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { runCli } from '../admin/support.ts';
import { addParticipant, mediationRow, openMediation } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { done, refused } from './support.ts';

/**
 * Mediators name a file, a payout, a message or a mediation by the first characters of its id, as
 * lists show them (8). Any prefix of at least 6 that matches one id only will do; an unknown or
 * ambiguous one is refused with what it could mean.
 */
const t = useTestCore({ checkAuditChain: true });
const state = { mediationId: '', slug: '' };

// Three files whose ids share `abcdef`, two of them `abcdef01` too; a draft among them stays unseen.
const ids = {
  first: 'abcdef01-0000-4000-8000-000000000001',
  second: 'abcdef01-1111-4000-8000-000000000002',
  third: 'abcdef02-0000-4000-8000-000000000003',
  draft: 'abcdef03-0000-4000-8000-000000000004',
};

beforeAll(async () => {
  const { mediationId } = await openMediation(t, { admitted: 0 });
  Object.assign(state, { mediationId, slug: (await mediationRow(t, mediationId)).slug });
  for (const [name, id] of Object.entries(ids)) {
    await addParticipant(t, mediationId, { id, status: name === 'draft' ? 'DRAFT' : 'SUBMITTED' });
  }
  // Six more sharing `bbbbbb`: more than a refusal lists.
  for (let i = 0; i < 6; i++) {
    await addParticipant(t, mediationId, {
      id: `bbbbbb0${i}-0000-4000-8000-00000000000${i}`,
      status: 'SUBMITTED',
    });
  }
});

const statusOf = async (id: string) =>
  (await t.db.prisma.participant.findUniqueOrThrow({ where: { id } })).status;

describe('short references', () => {
  it('refuses an ambiguous prefix, listing the candidates just long enough to tell them apart', async () => {
    const ambiguous = await refused(t, 'admit', { participant: 'abcdef' });
    expect(ambiguous.error).toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'mediator:refs.ambiguous.participant',
    });
    const sent = 'dossier envoyé, en cours d’examen';
    expect(ambiguous.text).toBe(
      `«\u00a0abcdef\u00a0» désigne plusieurs dossiers\u00a0: abcdef01-0 (${state.slug}, ${sent}), ` +
        `abcdef01-1 (${state.slug}, ${sent}), abcdef02-0 (${state.slug}, ${sent}). Tapez quelques caractères de plus.`,
    );
    // Eight characters are not always enough: these two share them.
    expect((await refused(t, 'admit', { participant: 'abcdef01' })).text).toContain('abcdef01-0 (');
    const many = await refused(t, 'admit', { participant: 'BBBBBB' });
    expect(many.text.match(/bbbbbb0\d/g)).toHaveLength(5);
    expect(many.text).toContain(', …. Tapez');
    for (const id of Object.values(ids)) expect(await statusOf(id)).not.toBe('ADMITTED');
  });

  it('acts on the one id a prefix names, whatever its case and hyphens', async () => {
    expect((await done(t, 'admit', { participant: 'abcdef02' })).text).toBe(
      'Dossier abcdef02 accepté. La personne est prévenue.',
    );
    expect(await statusOf(ids.third)).toBe('ADMITTED');
    await done(t, 'admit', { participant: 'ABCDEF01-1' });
    expect(await statusOf(ids.second)).toBe('ADMITTED');
    await done(t, 'reject', { participant: ids.first, reason: 'Hors délai' });
    expect(await statusOf(ids.first)).toBe('REJECTED');
  });

  it('refuses a prefix too short or not an id, and one that names nothing (a draft is not the mediators’)', async () => {
    const short = await refused(t, 'admit', { participant: 'abcde' });
    expect(short.error.messageKey).toBe('mediator:invalid.argument');
    expect(short.text).toContain('6 au moins');
    expect((await refused(t, 'admit', { participant: 'zzzzzzzz' })).error.messageKey).toBe(
      'mediator:invalid.argument',
    );
    const draft = await refused(t, 'admit', { participant: 'abcdef03' });
    expect(draft.error).toMatchObject({ code: 'NOT_FOUND', messageKey: 'mediator:refs.unknown.participant' });
    expect(draft.text).toContain('Aucun dossier envoyé ne commence par «\u00a0abcdef03\u00a0»');
    expect(await statusOf(ids.draft)).toBe('DRAFT');
  });

  it('names a mediation by its slug or its id’s first characters, and a message by its notification’s', async () => {
    const shown = await done(t, 'show', { mediation: state.mediationId.slice(0, 6) });
    expect((shown.data as { mediation: { id: string } }).mediation.id).toBe(state.mediationId);
    const { personId } = await addParticipant(t, state.mediationId);
    const { messageId } = unwrap(
      await t.core.contactMediators(personActor(personId), { message: 'Bonjour ?' }),
    );
    await done(t, 'answer-contact', { messageId: messageId.slice(0, 8), message: 'Bonjour, nous arrivons.' });
    const answered = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'person.contactAnswered' },
    });
    expect(answered.details).toMatchObject({ messageId });
    const unknown = await refused(t, 'answer-contact', { messageId: '00000000', message: 'Bonjour.' });
    expect(unknown.error.messageKey).toBe('mediator:refs.unknown.message');
  });

  it('says the same on the command line, with the exit code of a refusal', async () => {
    const run = await runCli(['admit', 'abcdef01'], { core: t });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('désigne plusieurs dossiers');
    expect(run.stderr).toContain('abcdef01-0 (');
  });
});
