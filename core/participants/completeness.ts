import type { Tx } from '../db/connect.ts';

/** What a complete file holds (product.md §4); evidence is optional. */
export const fileItems = [
  'consents',
  'eligibility',
  'description',
  'amount',
  'problemDate',
  'priorComplaintDate',
] as const;

export type FileItem = (typeof fileItems)[number];

interface FileContent {
  id: string;
  mediationId: string;
  consentTermsAt: Date | null;
  consentGroupingAt: Date | null;
  consentDataAt: Date | null;
  description: string | null;
  amountCents: number | null;
  problemDate: Date | string | null;
  priorComplaintDate: Date | string | null;
}

/** The items still missing, in the order the chat asks for them. */
export async function missingItems(
  db: Pick<Tx, 'eligibilityQuestion'>,
  file: FileContent,
): Promise<FileItem[]> {
  const questions = await db.eligibilityQuestion.findMany({
    where: { mediationId: file.mediationId },
    select: {
      requiredAnswer: true,
      answers: { where: { participantId: file.id }, select: { answer: true } },
    },
  });
  // A question added after the person answered the others still has to be answered.
  const eligible = questions.every((question) => question.answers[0]?.answer === question.requiredAnswer);
  return listMissing(file, eligible);
}

/** The same, when whether the person is eligible is already known. */
export function listMissing(file: Omit<FileContent, 'id' | 'mediationId'>, eligible: boolean): FileItem[] {
  const present: Record<FileItem, boolean> = {
    consents: Boolean(file.consentTermsAt && file.consentGroupingAt && file.consentDataAt),
    eligibility: eligible,
    description: Boolean(file.description),
    amount: file.amountCents !== null,
    problemDate: file.problemDate !== null,
    priorComplaintDate: file.priorComplaintDate !== null,
  };
  return fileItems.filter((item) => !present[item]);
}
