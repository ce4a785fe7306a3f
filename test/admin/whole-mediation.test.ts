import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../core/db/seed.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { submittedFile } from '../participants/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { runCli } from './support.ts';

const t = useTestCore({ checkAuditChain: true });

/** `npm run admin -- <words>` on the test core; the run must succeed. */
async function admin(...words: string[]) {
  const run = await runCli(words, { core: t });
  if (run.code !== 0) throw new Error(`admin ${words.join(' ')} → ${run.code}: ${run.stderr}`);
  return run.stdout;
}

describe('a newcomer running a whole mediation locally with the admin command line', () => {
  it('on the demo data: review files, negotiate, open a vote, close it, see the result', async () => {
    await emptyAllTables(t.db);
    await seedDemoData(t.db, t.clock);
    // Three consumers join RED by SFR (what they do in the terminal chat or on Telegram).
    const mediation = await t.db.prisma.mediation.findUniqueOrThrow({
      where: { slug: 'red-by-sfr' },
      include: { eligibilityQuestions: true },
    });
    const consumers = [];
    for (let i = 0; i < 3; i++) {
      consumers.push(
        await submittedFile(t, { mediation, questions: mediation.eligibilityQuestions } as never),
      );
    }

    expect(await admin('list')).toContain('red-by-sfr — Frais supplémentaires avec RED by SFR (RED by SFR)');
    const review = JSON.parse(await admin('participants', 'red-by-sfr', '--json')) as {
      data: { participantId: string }[];
    };
    expect(review.data).toHaveLength(3);
    for (const file of review.data) {
      expect(await admin('admit', file.participantId)).toContain('accepté');
    }

    expect(await admin('close-registration', 'red-by-sfr', '--yes')).toContain('avec 3 dossiers acceptés');
    expect(await admin('invite-company', 'red-by-sfr', '--yes')).toContain('RED by SFR est invitée');
    expect(
      await admin(
        'record-offer',
        'red-by-sfr',
        '--terms-fr',
        'Remboursement des frais facturés sans accord',
        '--terms-en',
        'Refund of the fees charged without consent',
        '--fixed',
        '30',
      ),
    ).toContain('Offre du tour 1 enregistrée');
    expect(await admin('open-vote', 'red-by-sfr', '2026-03-09T18:00', '--yes')).toContain(
      'Vote ouvert pour «\u00a0Frais supplémentaires avec RED by SFR\u00a0» jusqu’au 9 mars 2026 à 18\u00a0h\u00a0: 3 votant·es',
    );

    // The consumers vote (from their notification, or /voter).
    const vote = await t.core.query.openVoteOfMediation({ mediationId: mediation.id });
    const choices = ['ACCEPT', 'ACCEPT', 'ACCEPT'] as const;
    for (const [i, consumer] of consumers.entries()) {
      unwrap(
        await t.core.castBallot(personActor(consumer.personId), {
          voteId: vote?.voteId as string,
          choice: choices[i] as 'ACCEPT',
        }),
      );
      if (i === 1) {
        // Mid-vote, the mediator sees the turnout, nothing more.
        const stats = await admin('statistics', 'red-by-sfr');
        expect(stats).toContain('participation 2 sur 3 (67\u00a0%)');
      }
    }

    const closed = await admin('close-vote', 'red-by-sfr', '--yes');
    expect(closed).toContain(
      'Vote clos pour «\u00a0Frais supplémentaires avec RED by SFR\u00a0»\u00a0: offre acceptée.',
    );
    expect(closed).toContain(
      '3 pour sur 3 votant·es possibles, soit 100\u00a0% (il en fallait au moins 75\u00a0%)\u00a0; 0 contre, 0 abstention et 0 sans réponse.',
    );

    const shown = await admin('show', 'red-by-sfr');
    expect(shown).toContain('État\u00a0: offre acceptée');
    expect(shown).toContain('Résultat du vote\u00a0: offre acceptée. 3 pour sur 3 votant·es possibles');
    // Every step is in the audit log, by the operator of the command line.
    const log = await admin('audit-log', 'red-by-sfr', '--limit', '500');
    for (const action of [
      'participant.admitted',
      'mediation.limitStarted',
      'offer.recorded',
      'vote.opened',
      'vote.closed',
    ]) {
      expect(log).toContain(action);
    }
    expect(log).toMatch(/mediator:cli:\S+ vote\.closed/);
    expect(await admin('verify-audit')).toContain('Le journal d’audit est intact');
  });
});
