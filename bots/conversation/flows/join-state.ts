import type { FlowContext } from '../flow.ts';

/**
 * Where a person is in joining, as saved in the conversation state (JSON in the database, so it
 * survives a restart). The file itself lives in the core; this only says which question comes next.
 */
export interface JoinData {
  mediationId: string;
  /** Set once the three consents are given and the core has created the draft file. */
  participantId?: string;
  /** How many consents were given so far, in the order of `consentKeys`. */
  consents?: number;
  /** The eligibility question being asked (0-based, in the mediation's order). */
  question?: number;
  /** Evidence is optional, so the file's completeness cannot tell whether it was offered: this does. */
  evidenceOffered?: boolean;
  /** A date answered with its month only (`2024-03`): the next answer may be just the day. */
  month?: string;
}

export const joinSteps = [
  'consent',
  'eligibility',
  'description',
  'amount',
  'problemDate',
  'priorComplaintDate',
  'evidence',
  'review',
] as const;

export type JoinStep = (typeof joinSteps)[number];

/** The free-text answers, each sent alone to `describeComplaint` under the same name. */
export const complaintSteps = ['description', 'amount', 'problemDate', 'priorComplaintDate'] as const;
export type ComplaintStep = (typeof complaintSteps)[number];

/** product.md §4: each consent asked plainly, one at a time, in this order. */
export const consentKeys = ['terms', 'grouping', 'dataProcessing'] as const;
export type ConsentKey = (typeof consentKeys)[number];

export function isJoinStep(value: unknown): value is JoinStep {
  return joinSteps.includes(value as JoinStep);
}

export function isComplaintStep(value: unknown): value is ComplaintStep {
  return complaintSteps.includes(value as ComplaintStep);
}

/** The joining state, if the person is joining; read defensively, as it comes from the database. */
export function readJoinState(ctx: FlowContext): { step: JoinStep; data: JoinData } | undefined {
  const { flow, step, data } = ctx.state;
  if (flow !== 'join' || !isJoinStep(step) || typeof data.mediationId !== 'string') return undefined;
  const participantId = typeof data.participantId === 'string' ? data.participantId : undefined;
  // Every step after the consents works on the draft file: without its id the state is unusable.
  if (step !== 'consent' && !participantId) return undefined;
  return {
    step,
    data: {
      mediationId: data.mediationId,
      participantId,
      consents: typeof data.consents === 'number' ? data.consents : 0,
      question: typeof data.question === 'number' ? data.question : 0,
      evidenceOffered: data.evidenceOffered === true,
      month: typeof data.month === 'string' && /^\d{4}-\d{2}$/.test(data.month) ? data.month : undefined,
    },
  };
}
