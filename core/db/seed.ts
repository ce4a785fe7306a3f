import { type AuditRecord, appendAudit } from '../audit/audit-log.ts';
import { type Clock, DAY, HOUR } from '../clock/clock.ts';
import { ruleProfileColumns } from '../mediations/rule-profile.ts';
import type { TimerKind } from '../scheduler/timer-kinds.ts';
import type { Database, Tx } from './connect.ts';
import { DEMO_REGISTRATION_DAYS, type DemoMediation, demoMediations } from './demo-data.ts';

/** Who the seeded rows and their audit entries are attributed to. */
export const SEED_ACTOR = 'system:seed';

/** How the demo mediations' parties agreed to their news being public (shown to the mediators). */
export const DEMO_PUBLIC_AGREEMENT =
  'Données de démonstration : litiges déjà rendus publics par le document fondateur.';

/** Two instances starting on one fresh database must not both seed it. */
const SEED_LOCK = 0x73656564; // "seed"

/** True when nobody has used the database yet: no company, no mediation, no person. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [companies, mediations, people] = await Promise.all([
    db.prisma.company.count(),
    db.prisma.mediation.count(),
    db.prisma.person.count(),
  ]);
  return companies + mediations + people === 0;
}

/**
 * Loads the five demo mediations of the founding document, open for registration. Idempotent: a
 * mediation whose slug already exists is left as it is (a mediator may have edited it), so running it
 * again changes nothing. All or nothing, in one transaction.
 */
export async function seedDemoData(db: Database, clock: Clock): Promise<{ created: number }> {
  const now = clock.now();
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const existing = await tx.mediation.findMany({
        where: { slug: { in: demoMediations.map((demo) => demo.slug) } },
        select: { slug: true },
      });
      const present = new Set(existing.map((mediation) => mediation.slug));
      const audit: AuditRecord[] = [];
      for (const demo of demoMediations) {
        if (present.has(demo.slug)) continue;
        audit.push(await createOpenMediation(tx, demo, now));
      }
      await appendAudit(tx, SEED_ACTOR, now, audit);
      return { created: audit.length };
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

async function createOpenMediation(tx: Tx, demo: DemoMediation, now: Date): Promise<AuditRecord> {
  const company = await tx.company.upsert({
    where: { slug: demo.company.slug },
    create: { slug: demo.company.slug, name: demo.company.name, createdAt: now },
    update: {},
    select: { id: true },
  });
  // On the hour (« 18 h », not « 17 h 43 »): a deadline a person reads should look chosen, not computed.
  const registrationClosesAt = new Date(
    Math.ceil((now.getTime() + DEMO_REGISTRATION_DAYS * DAY) / HOUR) * HOUR,
  );
  // The founding document's rule, as for any new mediation: 75 % of the participants must approve.
  const profile = ruleProfileColumns({ voteBase: 'ELECTORATE' });
  const mediation = await tx.mediation.create({
    data: {
      slug: demo.slug,
      companyId: company.id,
      titleFr: demo.titleFr,
      titleEn: demo.titleEn,
      summaryFr: demo.summaryFr,
      summaryEn: demo.summaryEn,
      goalFr: demo.goalFr,
      goalEn: demo.goalEn,
      status: 'OPEN',
      ...profile,
      registrationOpenedAt: now,
      registrationClosesAt,
      // The founding document publishes these five disputes itself: the demo marks them public (L612-3),
      // so its community servers show their news. A real mediation is private until a mediator marks it.
      newsPublicSince: now,
      newsPublicAgreement: DEMO_PUBLIC_AGREEMENT,
      createdBy: SEED_ACTOR,
      createdAt: now,
      updatedAt: now,
      eligibilityQuestions: {
        create: demo.questions.map((question, index) => ({
          position: index + 1,
          textFr: question.textFr,
          textEn: question.textEn,
          requiredAnswer: question.requiredAnswer,
        })),
      },
    },
    select: { id: true },
  });
  // Registration closes by itself, as for any mediation opened by a mediator.
  await tx.timer.create({
    data: {
      kind: 'registrationClose' satisfies TimerKind,
      subjectId: mediation.id,
      dueAt: registrationClosesAt,
    },
  });
  return {
    action: 'mediation.created',
    mediationId: mediation.id,
    subjectId: mediation.id,
    details: {
      slug: demo.slug,
      companyId: company.id,
      voteBase: profile.voteBase,
      status: 'OPEN',
      newsPublic: true,
    },
  };
}
