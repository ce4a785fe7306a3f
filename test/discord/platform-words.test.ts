import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as text } from '../../core/i18n/index.ts';
import { answer, press, slash, useDiscordBot } from './harness.ts';

const h = useDiscordBot();

beforeAll(async () => {
  await seedDemoData(h.t.db, h.t.clock);
});

describe('the words of Discord', () => {
  it('names the English commands to an English client, and the French ones to a French client', async () => {
    const english = h.fake.person({ locale: 'en-US' });
    const help = await slash(h, english, 'aide');
    expect(help).toContain('/help — ');
    expect(help).toContain('/myfiles — ');
    expect(help).not.toContain('/aide');
    expect(help).not.toContain('/mesdossiers');
    const french = h.fake.person({ locale: 'fr' });
    expect(await slash(h, french, 'aide')).toContain('/mesdossiers — ');
  });

  it('takes a written date, and a choice typed in the form', async () => {
    const bea = h.fake.person({ locale: 'fr' });
    await slash(h, bea, 'rejoindre', [{ name: 'mediation', type: 3, value: 'red-by-sfr' }]);
    for (let step = 0; step < 3; step++) await press(h, bea, 'Oui, j’accepte');
    await press(h, bea, 'Oui');
    await press(h, bea, 'Oui');
    await press(h, bea, 'Non');
    await answer(h, bea, 'Des frais ajoutés à mon forfait sans mon accord.');
    await answer(h, bea, '30');
    expect(await answer(h, bea, '1er janvier 2026')).toContain(
      text('fr', 'joining:join.askPriorComplaintDate'),
    );
    // The form is the only place to write on Discord: the choice under the question, typed, is that choice.
    const typed = await answer(h, bea, 'je n’ai pas encore écrit');
    expect(typed).toContain('Avant une médiation, la loi demande');
    const file = await h.t.db.prisma.participant.findFirstOrThrow({
      where: { mediation: { slug: 'red-by-sfr' }, problemDate: new Date('2026-01-01T00:00:00Z') },
    });
    expect(file.priorComplaintDate).toBeNull();
  });
});
