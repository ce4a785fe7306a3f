import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { formatMoney, t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();
const chat = () => createConversation(t.core, consumerFlows);

/** The number RED by SFR has in the list `/start` prints (the list is ordered by the core, not by us). */
let redNumber = '';

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
  const open = await t.core.query.openMediations({ locale: 'fr', pageSize: 5 });
  redNumber = String(open.items.findIndex((item) => item.company === 'RED by SFR') + 1);
});

async function terminalPerson() {
  const identity = await t.db.prisma.platformIdentity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'CONSOLE', externalId: 'terminal' } },
  });
  return identity.personId;
}

describe('a newcomer at the terminal, in French', () => {
  it('starts, mistypes a number, then picks RED by SFR by its number and reads its details', async () => {
    const { text: printed } = await pipeLines(['/start', '9', redNumber], { conversation: chat() });
    expect(printed).toContain('Médiations ouvertes');
    expect(printed).toMatch(
      new RegExp(`\\n  ${redNumber}\\. Frais supplémentaires avec RED by SFR \\(RED by SFR\\)\\n`),
    );
    expect(printed).toContain('Il n’y a pas de choix numéro 9\u00a0: tapez un numéro entre 1 et 5.');
    expect(printed).toContain('Entreprise\u00a0: RED by SFR');
    expect(printed).toContain('Règle du vote');
    expect(printed).toContain('  1. Rejoindre cette médiation');
    const personId = await terminalPerson();
    const audited = await t.db.prisma.auditEntry.findMany({ where: { subjectId: personId } });
    expect(audited.map((entry) => entry.action)).toContain('person.created');
    // Reading is not joining: no file was opened for them.
    expect(await t.db.prisma.participant.count({ where: { personId } })).toBe(0);
  });

  it('lists what it can do on /aide, and explains what it does not understand', async () => {
    // The journey above left the details' choices waiting: this newcomer starts with none.
    await t.db.prisma.conversationState.deleteMany();
    const { text: printed } = await pipeLines(['/aide', 'bonjour', '/nimportequoi'], {
      conversation: chat(),
    });
    expect(printed).toContain(text('fr', 'account:help.text'));
    expect(printed).toContain(text('fr', 'conversation:nothingPending'));
    expect(printed).toContain(text('fr', 'conversation:unknownCommand'));
  });
});

describe('the whole joining journey piped into the terminal chat', () => {
  it('joins RED by SFR with 1 234,56 € after an invalid amount, attaches a file and submits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clf-journey-'));
    await writeFile(join(dir, 'facture.pdf'), '%PDF-1.4\n% facture RED by SFR\n%%EOF\n');
    const script = [
      '/start',
      redNumber,
      '1', // Rejoindre cette médiation
      '1',
      '1',
      '1', // the three consents
      '1',
      '1',
      '2', // client: yes; extra fees: yes; already refunded: no
      'Des frais ajoutés à mon forfait sans mon accord depuis janvier.',
      'beaucoup', // not an amount: asked again
      '1 234,56 €',
      '15/01/2026',
      '01/02/2026',
      'fichier facture.pdf',
      '1', // J’ai terminé
      '1', // Envoyer mon dossier
    ];
    const { text: printed, ended } = await pipeLines(script, { conversation: chat(), cwd: dir });
    expect(ended).toBe('end');
    expect(printed).toContain('Nous n’avons pas compris ce montant');
    expect(printed).toContain(`Montant réclamé\u00a0: ${formatMoney(123456, 'fr')}`);
    expect(printed).toContain(text('fr', 'joining:join.submitted'));

    const personId = await terminalPerson();
    const file = await t.db.prisma.participant.findFirstOrThrow({
      where: { personId, mediation: { slug: 'red-by-sfr' } },
      include: { evidence: true },
    });
    expect(file).toMatchObject({ status: 'SUBMITTED', amountCents: 123456 });
    expect(file.description).toBe('Des frais ajoutés à mon forfait sans mon accord depuis janvier.');
    expect(file.problemDate?.toISOString().slice(0, 10)).toBe('2026-01-15');
    expect(file.priorComplaintDate?.toISOString().slice(0, 10)).toBe('2026-02-01');
    expect(file.evidence).toHaveLength(1);
    expect(file.evidence[0]).toMatchObject({ fileName: 'facture.pdf', mimeType: 'application/pdf' });
  });
});
