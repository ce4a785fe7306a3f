import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { terminalLocale } from '../../bots/console/terminal-locale.ts';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();
const chat = () => createConversation(t.core, consumerFlows);

/** What a terminal has no way to do: press a button. */
const buttonWords = /bouton|appuy|\bbuttons?\b|\bpress\b|\btap\b/i;

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
});

describe('a terminal journey answered in words', () => {
  it('joins RED by SFR answering every choice with its words, in any case, without accents or with a full stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clf-words-'));
    await writeFile(join(dir, 'facture.pdf'), '%PDF-1.4\n% facture\n%%EOF\n');
    const script = [
      '/start',
      'frais supplementaires avec red by sfr (RED BY SFR)',
      'Rejoindre cette médiation.',
      'oui',
      'OUI, J’ACCEPTE',
      "Oui, j'accepte !",
      'Oui', // client of RED
      'oui.', // extra fees
      'NON', // already refunded: no
      'Des frais ajoutés à mon forfait sans mon accord depuis janvier.',
      '49,90',
      '15/01/2026',
      '01/02/2026',
      'fichier facture.pdf',
      "j'ai termine",
      'envoyer mon dossier',
    ];
    const { text: printed } = await pipeLines(script, { conversation: chat(), cwd: dir });
    expect(printed).toContain(text('fr', 'joining:join.submitted'));
    // The terminal's own wording of a choice: typed, never pressed.
    expect(printed).toContain('ou répondez «\u00a0J’ai terminé\u00a0»');
    expect(printed).toContain(text('fr', 'console:hint.choice'));
    expect(printed).not.toMatch(buttonWords);

    const identity = await t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'CONSOLE', externalId: 'terminal' } },
    });
    const file = await t.db.prisma.participant.findFirstOrThrow({
      where: { personId: identity.personId, mediation: { slug: 'red-by-sfr' } },
      include: { evidence: true, eligibilityAnswers: { include: { question: true } } },
    });
    expect(file).toMatchObject({ status: 'SUBMITTED', amountCents: 4990 });
    expect(file.evidence).toHaveLength(1);
    expect(file.eligibilityAnswers.map((answer) => answer.answer).sort()).toEqual([false, true, true]);
  });

  it('asks again when the words match no choice, and never says « bouton » in the terminal', async () => {
    const { text: printed } = await pipeLines(['/start', 'peut-être', '/langue', 'english', '/help'], {
      conversation: chat(),
    });
    // The mediations offered by /start are offered again, numbered as before.
    expect(printed).toContain(
      `${text('fr', 'conversation:notAChoice')}\n  1. Fausses publicités sur Instagram`,
    );
    expect(printed).toContain(text('en', 'account:language.done'));
    expect(printed).toContain(text('en', 'account:help.text'));
    expect(printed).not.toMatch(buttonWords);
  });
  it('joins SFAM in English, answering yes and no in words', async () => {
    const script = [
      '/language',
      'English',
      '/start sfam',
      'join this mediation',
      'yes',
      'Yes, I agree.',
      'YES',
      'yes', // SFAM direct debits without subscribing
      'no', // no refund yet
      'Fees added to my plan without my consent since January.',
      '49.90',
      'January 15, 2026',
      'February 1, 2026',
      'I am done',
      'send my file',
    ];
    const { text: printed } = await pipeLines(script, {
      conversation: chat(),
      localeOf: terminalLocale(t.core, 'fr'),
    });
    expect(printed).toContain(text('en', 'joining:join.submitted'));
    expect(printed).toContain('answer “I am done” or type its number');
    expect(printed).not.toMatch(buttonWords);
    // The terminal's own hints too: English names the English commands.
    expect(printed.match(/.{0,80}\/(aide|mesdossiers|annuler|langue)\b/g) ?? []).toEqual([]);
  });
});
