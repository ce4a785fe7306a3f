import { z } from 'zod';
import type { CoreDeps } from '../deps.ts';

/**
 * What the company must be told when it is invited (R612-2, R612-5): which mediation is seized, for how
 * many consumers, when it must answer, the date by which the mediation ends (90 days from the notice of
 * seizure), and to whom the notice goes. The mediator sends it as long as the service has no channel to
 * the company (`companyNotifiedVia` MANUAL). Null before the invitation, or for an unknown mediation.
 */
export async function companyNotice(deps: CoreDeps, input: { mediationId: string }) {
  if (!z.uuid().safeParse(input.mediationId).success) return null;
  const mediation = await deps.db.prisma.mediation.findUnique({
    where: { id: input.mediationId },
    select: {
      id: true,
      slug: true,
      titleFr: true,
      titleEn: true,
      companyInvitedAt: true,
      companyAnswerDueAt: true,
      companyNotifiedVia: true,
      companyAnswer: true,
      endsBy: true,
      company: { select: { slug: true, name: true, contactName: true, contactEmail: true } },
      _count: { select: { participants: { where: { status: 'ADMITTED' } } } },
    },
  });
  if (!mediation?.companyInvitedAt || !mediation.companyAnswerDueAt) return null;
  return {
    mediationId: mediation.id,
    slug: mediation.slug,
    title: { fr: mediation.titleFr, en: mediation.titleEn },
    company: mediation.company,
    invitedAt: mediation.companyInvitedAt,
    answerDueAt: mediation.companyAnswerDueAt,
    endsBy: mediation.endsBy,
    notifiedVia: mediation.companyNotifiedVia,
    /** The company answered the invitation: a new link is no longer a notice of seizure. */
    answered: mediation.companyAnswer !== null,
    admitted: mediation._count.participants,
  };
}
