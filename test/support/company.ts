import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { mediatorActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import type { TestCore } from './core.ts';
import { insertParticipant } from './participants.ts';

const mediator = mediatorActor('slack:T1/U1');

/**
 * A mediation whose company is invited (issue 15), with one admitted file per amount, each written by
 * `description`; and a one-time link to the company's portal, whose token only the test knows.
 */
export async function invitedCompany(
  t: TestCore,
  options: { slug: string; company?: string; amounts?: number[]; description?: string },
) {
  const name = options.company ?? 'Opérateur';
  const company = await t.db.prisma.company.create({ data: { slug: `${options.slug}-co`, name } });
  const mediation = await t.db.prisma.mediation.create({
    data: {
      slug: options.slug,
      companyId: company.id,
      titleFr: `Litige ${name}`,
      titleEn: `Dispute ${name}`,
      summaryFr: 'Résumé',
      summaryEn: 'Summary',
      goalFr: 'Objectif',
      goalEn: 'Goal',
      status: 'REGISTRATION_CLOSED',
      createdBy: 'mediator:test',
    },
  });
  for (const amountCents of options.amounts ?? [10_000]) {
    await insertParticipant(t.db, mediation.id, t.clock.now(), {
      amountCents,
      description: options.description,
    });
  }
  unwrap(await t.core.inviteCompany(mediator, { mediationId: mediation.id }));
  return {
    mediationId: mediation.id,
    companyId: company.id,
    slug: mediation.slug,
    token: await portalLink(t, mediation.id),
  };
}

/** A new one-time link to the company's portal, as `company-link` issues it; the token is returned. */
export async function portalLink(t: TestCore, mediationId: string): Promise<string> {
  const token = newPortalToken();
  unwrap(await t.core.issueCompanyLink(mediator, { mediationId, tokenHash: portalTokenHash(token) }));
  return token;
}
