import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { csvCell, toCsv } from '../../core/participants/csv.ts';
import { fixedOffer, mediator } from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { parseCsv } from '../support/csv.ts';
import { createOpenMediation, sampleFiles, submittedFile } from './fixtures.ts';

const t = useTestCore();

describe('CSV cells', () => {
  it('quote what needs it and double the quotes', () => {
    expect(csvCell('simple', ';')).toBe('simple');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('a,b', ';')).toBe('a,b');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('il a dit "non"', ',')).toBe('"il a dit ""non"""');
    expect(csvCell('deux\nlignes', ',')).toBe('"deux\nlignes"');
    expect(csvCell(' espace', ',')).toBe('" espace"');
    expect(csvCell(null, ',')).toBe('');
    expect(csvCell(12, ',')).toBe('12');
  });

  it('never let a spreadsheet run a cell as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`, ',').replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("http://x","clic")', ',')).toBe('"\'=HYPERLINK(""http://x"",""clic"")"');
    expect(csvCell('1+1', ',')).toBe('1+1');
  });

  it('start with a byte order mark and end lines with CRLF', () => {
    expect(
      toCsv(
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        ';',
      ),
    ).toBe('\uFEFFa;b\r\nc;d\r\n');
  });
});

describe('the participants’ CSV export', () => {
  it('has the review data of every file sent, escaped and neutralised, and nothing about votes', async () => {
    const mediation = await createOpenMediation(t);
    const evil = await submittedFile(t, mediation, { bytes: sampleFiles.pdf, fileName: 'preuve.pdf' });
    const plain = await submittedFile(t, mediation);
    const rejected = await submittedFile(t, mediation);
    const formula = '=HYPERLINK("http://pirate.example";"Cliquez") ; puis "merci"\nligne 2';
    await t.db.prisma.participant.update({
      where: { id: evil.participantId },
      data: { description: formula, amountCents: 123_456 },
    });
    await t.db.prisma.participant.update({
      where: { id: plain.participantId },
      data: { description: '@SUM(A1:A9) -10 +3', amountCents: 5 },
    });
    unwrap(await t.core.admitParticipant(mediator, { participantId: evil.participantId }));
    unwrap(await t.core.admitParticipant(mediator, { participantId: plain.participantId }));
    unwrap(
      await t.core.rejectParticipant(mediator, {
        participantId: rejected.participantId,
        reason: '-Hors délai',
      }),
    );
    // A draft stays its author's own.
    const drafter = await submittedFile(t, mediation);
    await t.db.prisma.participant.update({ where: { id: drafter.participantId }, data: { status: 'DRAFT' } });

    // A vote runs, and is cast: none of it may reach the export.
    const mediationId = mediation.mediation.id;
    unwrap(await t.core.closeRegistration(mediator, { mediationId }));
    unwrap(await t.core.inviteCompany(mediator, { mediationId }));
    unwrap(await t.core.recordOffer(mediator, { mediationId, ...fixedOffer() }));
    unwrap(
      await t.core.openVote(mediator, { mediationId, closesAt: new Date(t.clock.now().getTime() + 3 * DAY) }),
    );
    const vote = await t.core.query.openVoteOfMediation({ mediationId });
    const ballot = unwrap(
      await t.core.castBallot(personActor(evil.personId), {
        voteId: vote?.voteId as string,
        choice: 'ACCEPT',
      }),
    );

    const fr = await t.core.query.participantsCsv({ mediationId, locale: 'fr' });
    expect(fr).toMatchObject({ rows: 3, mimeType: 'text/csv; charset=utf-8' });
    expect(fr?.fileName).toMatch(new RegExp(`^participants-${mediation.mediation.slug}-2026-03-02\\.csv$`));
    const rows = parseCsv(fr?.content as string, ';');
    expect(rows[0]).toEqual([
      'Dossier',
      'État',
      'Envoyé le',
      'Décision attendue le',
      'Décidé le',
      'Décidé par',
      'Motif du refus',
      'Retiré le',
      'Montant réclamé (€)',
      'Date du problème',
      'Date de la réclamation écrite',
      'Description',
      'Réponses d’éligibilité',
      'Justificatifs',
      'Données effacées',
    ]);
    const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect([...byId.keys()].sort()).toEqual([evil, plain, rejected].map((f) => f.participantId).sort());
    const evilRow = byId.get(evil.participantId) as string[];
    expect(evilRow[1]).toBe('dossier accepté');
    expect(evilRow[2]).toBe('2026-03-02 10:00');
    expect(evilRow[5]).toBe('mediator:U0MEDIATOR');
    expect(evilRow[8]).toBe('1234,56');
    expect(evilRow[9]).toBe('2026-01-15');
    expect(evilRow[11]).toBe(`'${formula}`);
    expect(evilRow[12]).toBe('Êtes-vous client·e de RED by SFR ? Oui / Avez-vous déjà été remboursé·e ? Non');
    expect(evilRow[13]).toBe('1');
    expect(evilRow[14]).toBe('Non');
    expect(byId.get(plain.participantId)?.[11]).toBe("'@SUM(A1:A9) -10 +3");
    expect(byId.get(plain.participantId)?.[8]).toBe('0,05');
    expect(byId.get(rejected.participantId)?.[6]).toBe("'-Hors délai");
    // Every cell a spreadsheet would run as a formula starts with an apostrophe.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);

    const content = fr?.content as string;
    expect(content).not.toContain(ballot.receiptCode);
    expect(content).not.toMatch(/ACCEPT|REFUSE|ABSTAIN|Accepter|voté/);

    const en = await t.core.query.participantsCsv({ mediationId, locale: 'en' });
    const enRows = parseCsv(en?.content as string, ',');
    expect(enRows[0]?.[0]).toBe('File');
    expect(enRows.find((row) => row[0] === evil.participantId)?.[8]).toBe('1234.56');
    expect(enRows.find((row) => row[0] === evil.participantId)?.[12]).toBe(
      'Are you a RED by SFR customer? Yes / Have you already been refunded? No',
    );
  });

  it('is null for an unknown mediation', async () => {
    expect(
      await t.core.query.participantsCsv({
        mediationId: '00000000-0000-4000-8000-000000000000',
        locale: 'fr',
      }),
    ).toBeNull();
    expect(await t.core.query.participantsCsv({ mediationId: 'red-by-sfr', locale: 'fr' })).toBeNull();
  });
});
