import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as text } from '../../core/i18n/index.ts';
import { parseFrenchDate } from '../../core/participants/dates.ts';
import { useTestCore } from '../support/core.ts';
import { chatUser, joinRedUpToDescription, personIdOf } from './joining-driver.ts';

const t = useTestCore();

beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
});

const day = (written: string) => parseFrenchDate(written);

describe('dates written out', () => {
  it('reads French and English days in words, and a month alone as a month', () => {
    for (const written of [
      '1er mars 2024',
      '1 mars 2024',
      'le 1er Mars 2024',
      '01/03/2024',
      '1 mars 2024.',
      'March 1, 2024',
      'march 1st 2024',
      '1st March 2024',
      '1 mar. 2024',
    ])
      expect(day(written), written).toEqual({ ok: true, day: '2024-03-01' });
    expect(day('15 août 2025')).toEqual({ ok: true, day: '2025-08-15' });
    expect(day('15 aout 2025')).toEqual({ ok: true, day: '2025-08-15' });
    expect(day('31 février 2024')).toEqual({ ok: false });
    expect(day('1 brumaire 2024')).toEqual({ ok: false });
    expect(day('mars 2024')).toEqual({ ok: false, month: { year: 2024, month: 3 } });
    expect(day('December 2025')).toEqual({ ok: false, month: { year: 2025, month: 12 } });
    expect(day('la semaine dernière')).toEqual({ ok: false });
  });
});

describe('dates in the joining flow', () => {
  it('takes « 1er février 2026 », asks the day after « janvier 2026 », and says the example once', async () => {
    const claire = chatUser(t, 'dates-claire');
    await joinRedUpToDescription(claire);
    await claire.say('Des frais ajoutés sans mon accord.');
    await claire.say('30');
    expect(claire.text()).toBe(text('fr', 'joining:join.askProblemDate'));

    await claire.say('janvier 2026');
    expect(claire.text()).toBe('Quel jour de janvier 2026\u00a0? Tapez le jour du mois, par exemple 15.');
    await claire.say('1er');
    expect(claire.text()).toContain(text('fr', 'joining:join.askPriorComplaintDate'));

    await claire.say('hier soir');
    // The refusal says what went wrong; the question that follows gives the example, once.
    expect(claire.text().match(/15\/03\/2026/g)).toHaveLength(1);
    await claire.say('1er février 2026');
    expect(claire.text()).toContain(
      text('fr', 'joining:join.askEvidence', { maxMegabytes: 10 }).slice(0, 40),
    );

    const personId = await personIdOf(t, 'dates-claire');
    const file = await t.db.prisma.participant.findFirstOrThrow({ where: { personId } });
    expect(file.problemDate?.toISOString().slice(0, 10)).toBe('2026-01-01');
    expect(file.priorComplaintDate?.toISOString().slice(0, 10)).toBe('2026-02-01');
  });

  it('reads dates written the English way, "February 2, 2026"', async () => {
    const dan = chatUser(t, 'dates-dan');
    await joinRedUpToDescription(dan);
    await dan.say('Des frais ajoutés sans mon accord.');
    await dan.say('30');
    await dan.say('January 15, 2026');
    await dan.say('February 2, 2026');
    const personId = await personIdOf(t, 'dates-dan');
    const file = await t.db.prisma.participant.findFirstOrThrow({ where: { personId } });
    expect(file.problemDate?.toISOString().slice(0, 10)).toBe('2026-01-15');
    expect(file.priorComplaintDate?.toISOString().slice(0, 10)).toBe('2026-02-02');
  });
});
