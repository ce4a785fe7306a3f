import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import { actorLabel } from '../domain/actor.ts';
import { refuse } from '../domain/errors.ts';
import { lockMediation } from './lifecycle.ts';
import { ruleProfileColumns, ruleProfileSchema } from './rule-profile.ts';

/** The same shape as the database's CHECK on `slug`: it appears in deep links (`?start=<slug>`). */
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

const bilingual = (max: number) =>
  z.object({ fr: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

const eligibilityQuestionSchema = z.object({
  fr: z.string().trim().min(3).max(500),
  en: z.string().trim().min(3).max(500),
  /** The answer that makes a consumer eligible. */
  requiredAnswer: z.boolean(),
});

const companyName = z.string().trim().min(1).max(200);
/** Who the company's notices are addressed to (R612-2): a person or a department, and their e-mail. */
const contactName = z.string().trim().min(1).max(200);
const contactEmail = z.email().max(320);

const companySchema = z.object({
  slug: slugSchema,
  name: companyName,
  contactName: contactName.optional(),
  contactEmail: contactEmail.optional(),
});

const mediationTexts = {
  title: bilingual(200),
  summary: bilingual(2000),
  goal: bilingual(2000),
  eligibilityQuestions: z.array(eligibilityQuestionSchema).max(20),
  registrationClosesAt: z.coerce.date(),
  ruleProfile: ruleProfileSchema,
};

export const createCompany = defineCommand({
  name: 'createCompany',
  actors: ['mediator'],
  input: companySchema,
  async run(ctx, input) {
    if (await ctx.tx.company.findUnique({ where: { slug: input.slug } })) {
      refuse('CONFLICT', 'mediations:errors.companySlugTaken', { slug: input.slug });
    }
    const company = await ctx.tx.company.create({ data: input });
    ctx.audit({ action: 'company.created', subjectId: company.id, details: { slug: company.slug } });
    return { companyId: company.id };
  },
});

/** Changes a company's name or contact; `null` forgets the contact's name or e-mail. */
export const updateCompany = defineCommand({
  name: 'updateCompany',
  actors: ['mediator'],
  input: z.object({
    companyId: z.uuid(),
    name: companyName.optional(),
    contactName: contactName.nullable().optional(),
    contactEmail: contactEmail.nullable().optional(),
  }),
  async run(ctx, { companyId, ...changes }) {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (Object.keys(given).length === 0) refuse('INVALID_INPUT', 'mediations:errors.nothingToChange');
    const found = await ctx.tx.company.findUnique({ where: { id: companyId }, select: { id: true } });
    if (!found) refuse('NOT_FOUND', 'mediations:errors.companyNotFound');
    await ctx.tx.company.update({ where: { id: companyId }, data: given });
    ctx.audit({
      action: 'company.updated',
      subjectId: companyId,
      details: { fields: Object.keys(given).sort().join(',') },
    });
    return { companyId };
  },
});

/** A new mediation starts as a DRAFT nobody else sees; its company is given by id or created on the way. */
export const createMediation = defineCommand({
  name: 'createMediation',
  actors: ['mediator'],
  input: z
    .object({
      slug: slugSchema,
      companyId: z.uuid().optional(),
      company: companySchema.optional(),
      ...mediationTexts,
      eligibilityQuestions: mediationTexts.eligibilityQuestions.optional(),
      registrationClosesAt: mediationTexts.registrationClosesAt.optional(),
      ruleProfile: ruleProfileSchema.optional(),
    })
    .refine((input) => Boolean(input.companyId) !== Boolean(input.company), { path: ['company'] }),
  async run(ctx, input) {
    const profile = ruleProfileColumns(input.ruleProfile ?? {});
    if (input.registrationClosesAt) requireFuture(ctx, input.registrationClosesAt);
    if (await ctx.tx.mediation.findUnique({ where: { slug: input.slug } })) {
      refuse('CONFLICT', 'mediations:errors.slugTaken', { slug: input.slug });
    }
    const companyId = await companyFor(ctx, input.companyId, input.company);
    const mediation = await ctx.tx.mediation.create({
      data: {
        slug: input.slug,
        companyId,
        titleFr: input.title.fr,
        titleEn: input.title.en,
        summaryFr: input.summary.fr,
        summaryEn: input.summary.en,
        goalFr: input.goal.fr,
        goalEn: input.goal.en,
        registrationClosesAt: input.registrationClosesAt ?? null,
        ...profile,
        createdBy: actorLabel(ctx.actor),
        createdAt: ctx.now,
        updatedAt: ctx.now,
        eligibilityQuestions: { create: questionRows(input.eligibilityQuestions ?? []) },
      },
    });
    ctx.audit({
      action: 'mediation.created',
      mediationId: mediation.id,
      subjectId: mediation.id,
      details: { slug: mediation.slug, companyId, voteBase: profile.voteBase },
    });
    return { mediationId: mediation.id, slug: mediation.slug };
  },
});

/**
 * Edits a mediation while it is a DRAFT, and only then: "the threshold and base are set per mediation
 * before registration opens and never change afterwards" (product.md §5). The database refuses it too.
 */
export const updateMediation = defineCommand({
  name: 'updateMediation',
  actors: ['mediator'],
  input: z
    .object({ mediationId: z.uuid(), ...mediationTexts })
    .partial()
    .required({ mediationId: true }),
  async run(ctx, input) {
    const mediation = await lockMediation(ctx, input.mediationId);
    if (mediation.status !== 'DRAFT') {
      refuse('RULE_VIOLATION', 'mediations:errors.editableOnlyInDraft', { status: mediation.status });
    }
    if (input.registrationClosesAt) requireFuture(ctx, input.registrationClosesAt);
    const { mediationId, title, summary, goal, eligibilityQuestions, ruleProfile } = input;
    await ctx.tx.mediation.update({
      where: { id: mediationId },
      data: {
        ...(title && { titleFr: title.fr, titleEn: title.en }),
        ...(summary && { summaryFr: summary.fr, summaryEn: summary.en }),
        ...(goal && { goalFr: goal.fr, goalEn: goal.en }),
        ...(input.registrationClosesAt && { registrationClosesAt: input.registrationClosesAt }),
        ...(ruleProfile && ruleProfileColumns(ruleProfile)),
        updatedAt: ctx.now,
      },
    });
    if (eligibilityQuestions) {
      await ctx.tx.eligibilityQuestion.deleteMany({ where: { mediationId } });
      await ctx.tx.eligibilityQuestion.createMany({
        data: questionRows(eligibilityQuestions).map((row) => ({ ...row, mediationId })),
      });
    }
    const fields = Object.keys(input).filter((key) => key !== 'mediationId');
    ctx.audit({
      action: 'mediation.updated',
      mediationId,
      subjectId: mediationId,
      details: { fields: fields.sort().join(',') },
    });
    return { mediationId };
  },
});

function requireFuture(ctx: CommandContext, at: Date): void {
  if (at.getTime() <= ctx.now.getTime())
    refuse('INVALID_INPUT', 'mediations:errors.registrationDeadlinePast');
}

async function companyFor(
  ctx: CommandContext,
  companyId: string | undefined,
  company: z.infer<typeof companySchema> | undefined,
): Promise<string> {
  if (companyId) {
    const found = await ctx.tx.company.findUnique({ where: { id: companyId } });
    if (!found) refuse('NOT_FOUND', 'mediations:errors.companyNotFound');
    return found.id;
  }
  if (!company) refuse('INVALID_INPUT', 'errors:invalidInput', { field: 'company' });
  const existing = await ctx.tx.company.findUnique({ where: { slug: company.slug } });
  if (existing) return existing.id;
  const created = await ctx.tx.company.create({ data: company });
  ctx.audit({ action: 'company.created', subjectId: created.id, details: { slug: created.slug } });
  return created.id;
}

function questionRows(questions: z.infer<typeof eligibilityQuestionSchema>[]) {
  return questions.map((question, index) => ({
    position: index + 1,
    textFr: question.fr,
    textEn: question.en,
    requiredAnswer: question.requiredAnswer,
  }));
}
