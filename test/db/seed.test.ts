import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../core/audit/verify-chains.ts';
import { DAY, ManualClock } from '../../core/clock/clock.ts';
import type { Database } from '../../core/db/connect.ts';
import { demoMediations } from '../../core/db/demo-data.ts';
import { applyMigrations } from '../../core/db/migrate.ts';
import { isDatabaseEmpty, SEED_ACTOR, seedDemoData } from '../../core/db/seed.ts';
import { emptyAllTables, openTestDatabase, usingServer } from '../support/database.ts';
import { openFreshDatabase } from '../support/fresh-database.ts';

const slugs = ['red-by-sfr', 'sfam', 'instagram-fausses-publicites', 'prepaid-financial-services', 'kuvera'];
// On an odd minute: the demo deadlines still fall on the hour (issue 13).
const seededAt = new Date('2026-03-02T09:17:00Z');

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** Everything seeding writes, to prove a second run writes nothing. */
async function snapshot(database: Database) {
  return {
    companies: await database.prisma.company.findMany({ orderBy: { slug: 'asc' } }),
    mediations: await database.prisma.mediation.findMany({ orderBy: { slug: 'asc' } }),
    questions: await database.prisma.eligibilityQuestion.findMany({
      orderBy: [{ mediationId: 'asc' }, { position: 'asc' }],
    }),
    timers: await database.prisma.timer.findMany({ orderBy: { subjectId: 'asc' } }),
    audit: await database.prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } }),
  };
}

describe('a fresh installation with the demo data', () => {
  const clock = new ManualClock(seededAt);

  it('starts empty, then holds the five mediations of the founding document, open for registration', async () => {
    expect(await isDatabaseEmpty(db)).toBe(true);
    expect(await seedDemoData(db, clock)).toEqual({ created: 5 });
    expect(await isDatabaseEmpty(db)).toBe(false);

    const mediations = await db.prisma.mediation.findMany({
      include: { company: true, eligibilityQuestions: true },
    });
    expect(mediations.map((m) => m.slug).sort()).toEqual([...slugs].sort());
    for (const mediation of mediations) {
      expect(mediation).toMatchObject({
        status: 'OPEN',
        voteBase: 'ELECTORATE',
        thresholdNumerator: 3,
        thresholdDenominator: 4,
        createdBy: SEED_ACTOR,
        registrationOpenedAt: seededAt,
        // 30 days later, on the next full hour: « 1er avril 2026 à 12 h », not « à 11 h 17 ».
        registrationClosesAt: new Date('2026-04-01T10:00:00Z'),
        // Marked public, so the demo's community servers show their news (L612-3).
        newsPublicSince: seededAt,
        newsPublicAgreement: expect.stringContaining('document fondateur'),
      });
      for (const text of [mediation.titleFr, mediation.titleEn, mediation.summaryFr, mediation.summaryEn]) {
        expect(text.trim().length).toBeGreaterThan(10);
      }
      expect(mediation.goalFr).not.toBe(mediation.goalEn);
      expect(mediation.summaryFr).not.toBe(mediation.summaryEn);
      expect(mediation.eligibilityQuestions.length).toBeGreaterThanOrEqual(1);
      expect(mediation.eligibilityQuestions.length).toBeLessThanOrEqual(3);
      expect(mediation.eligibilityQuestions.map((q) => q.position).sort()).toEqual(
        mediation.eligibilityQuestions.map((_, index) => index + 1),
      );
    }
    const sfam = mediations.find((m) => m.slug === 'sfam');
    expect(sfam?.company.name).toBe('SFAM');
    expect(sfam?.summaryFr).toContain('prélèvements mensuels');
    expect(sfam?.goalFr).toContain('31 août 2019');
    expect(
      sfam?.eligibilityQuestions
        .sort((a, b) => a.position - b.position)
        .map((q) => [q.textFr, q.requiredAnswer]),
    ).toEqual([
      ['Des prélèvements SFAM sont-ils apparus sans que vous ayez souscrit sciemment\u00a0?', true],
      ['Avez-vous déjà obtenu un remboursement de la SFAM\u00a0?', false],
    ]);
  });

  it('lets registration close by itself at its deadline', async () => {
    const timers = await db.prisma.timer.findMany({ where: { kind: 'registrationClose' } });
    const mediations = await db.prisma.mediation.findMany();
    expect(timers).toHaveLength(5);
    for (const mediation of mediations) {
      const timer = timers.find((t) => t.subjectId === mediation.id);
      expect(timer).toMatchObject({
        dueAt: mediation.registrationClosesAt,
        firedAt: null,
        cancelledAt: null,
      });
    }
  });

  it('starts a valid audit chain with one entry per mediation, free of any text', async () => {
    const entries = await db.prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } });
    expect(entries).toHaveLength(5);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor: SEED_ACTOR, action: 'mediation.created', at: seededAt });
      expect(entry.subjectId).toBe(entry.mediationId);
      expect(Object.keys(entry.details as object).sort()).toEqual([
        'companyId',
        'newsPublic',
        'slug',
        'status',
        'voteBase',
      ]);
      // The founding document made these disputes public: the demo shows their news (L612-3).
      expect(entry.details).toMatchObject({ newsPublic: true });
    }
    expect(await verifyAuditChains(db.prisma)).toMatchObject({ valid: true, entries: 5 });
  });

  it('changes nothing when seeded again, even later', async () => {
    const before = await snapshot(db);
    clock.advance(DAY);
    expect(await seedDemoData(db, clock)).toEqual({ created: 0 });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('seeding next to existing mediations', () => {
  it('leaves a mediation already using a demo slug untouched and adds the others', async () => {
    await emptyAllTables(db);
    const company = await db.prisma.company.create({ data: { slug: 'sfam', name: 'Société SFAM' } });
    await db.prisma.mediation.create({
      data: {
        slug: 'sfam',
        companyId: company.id,
        titleFr: 'Titre du médiateur',
        titleEn: 'Mediator title',
        summaryFr: 'Résumé',
        summaryEn: 'Summary',
        goalFr: 'Objectif',
        goalEn: 'Goal',
        createdBy: 'mediator:U1',
      },
    });
    expect(await isDatabaseEmpty(db)).toBe(false);
    expect(await seedDemoData(db, new ManualClock(seededAt))).toEqual({ created: 4 });
    const sfam = await db.prisma.mediation.findUniqueOrThrow({
      where: { slug: 'sfam' },
      include: { company: true },
    });
    expect(sfam).toMatchObject({
      titleFr: 'Titre du médiateur',
      status: 'DRAFT',
      company: { name: 'Société SFAM' },
    });
    expect(await db.prisma.mediation.count()).toBe(5);
    expect(await verifyAuditChains(db.prisma)).toMatchObject({ valid: true, entries: 4 });
  });
});

describe('the demo texts', () => {
  const frenchTexts = demoMediations.flatMap((m) => [
    m.titleFr,
    m.summaryFr,
    m.goalFr,
    ...m.questions.map((q) => q.textFr),
  ]);
  const englishTexts = demoMediations.flatMap((m) => [
    m.titleEn,
    m.summaryEn,
    m.goalEn,
    ...m.questions.map((q) => q.textEn),
  ]);

  it('follow French typography: a non-breaking space before « : ; ! ? » and inside guillemets', () => {
    for (const text of frenchTexts) {
      expect(text).not.toMatch(/ [:;!?»]|« |\S[:;!?»]|«\S/);
    }
    expect(frenchTexts.some((text) => text.includes('\u00a0:'))).toBe(true);
  });

  it('ask yes/no questions in both languages', () => {
    for (const m of demoMediations) {
      for (const q of m.questions) {
        expect(q.textFr).toMatch(/\u00a0\?$/);
        expect(q.textEn).toMatch(/[^\s]\?$/);
      }
    }
    for (const text of englishTexts) expect(text).not.toMatch(/\u00a0/);
  });
});

describe.skipIf(!usingServer())('two instances seeding one new PostgreSQL database at once', () => {
  it('create each demo mediation once', async () => {
    const fresh = await openFreshDatabase();
    try {
      await applyMigrations(fresh.db);
      const other = await fresh.openAnother();
      const clock = new ManualClock(seededAt);
      const results = await Promise.all([seedDemoData(fresh.db, clock), seedDemoData(other, clock)]);
      expect(results.map((r) => r.created).sort()).toEqual([0, 5]);
      expect(await fresh.db.prisma.mediation.count()).toBe(5);
      expect(await verifyAuditChains(fresh.db.prisma)).toMatchObject({ valid: true, entries: 5 });
    } finally {
      await fresh.close();
    }
  });
});
