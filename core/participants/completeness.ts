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
  consentTermsAt: Date | null;
  consentGroupingAt: Date | null;
  consentDataAt: Date | null;
  description: string | null;
  amountCents: number | null;
  problemDate: Date | string | null;
  priorComplaintDate: Date | string | null;
}

/**
 * The items still missing, in the order the chat asks for them. `eligible`: every eligibility question
 * of the mediation has the answer that admits, also one added after the person answered the others.
 */
export function listMissing(file: FileContent, eligible: boolean): FileItem[] {
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
