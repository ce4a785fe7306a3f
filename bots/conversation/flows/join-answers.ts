import { personActor } from '../../../core/domain/actor.ts';
import { parseFrenchDate } from '../../../core/participants/dates.ts';
import type { FlowContext } from '../flow.ts';
import type { IncomingEvent, Reply } from '../types.ts';
import { type ComplaintStep, type ConsentKey, consentKeys, type JoinData } from './join-state.ts';
import { advance, ask, eligibilityQuestions, evidencePrompt } from './join-steps.ts';
import { loadOwnFile } from './own-file.ts';

const refusalOfConsent: Record<ConsentKey, string> = {
  terms: 'participants:errors.consentTermsMissing',
  grouping: 'participants:errors.consentGroupingMissing',
  dataProcessing: 'participants:errors.consentDataMissing',
};

/**
 * One consent answered. The three are kept in the conversation until the last: the core stores them
 * together with their time when it creates the file, and a refusal leaves nothing stored.
 */
export async function answerConsent(ctx: FlowContext, data: JoinData, key: ConsentKey, yes: boolean) {
  const index = data.consents ?? 0;
  if (!yes) {
    const text = `${ctx.t(refusalOfConsent[key])}\n\n${ctx.t('joining:join.consentAgain')}`;
    return [{ text }, ...(await ask(ctx, 'consent', data))];
  }
  if (index + 1 < consentKeys.length) return ask(ctx, 'consent', { ...data, consents: index + 1 });
  const joined = await ctx.core.joinMediation(personActor(ctx.personId), {
    mediationId: data.mediationId,
    consents: { terms: true, grouping: true, dataProcessing: true },
  });
  if (!joined.ok) {
    // Registration closed meanwhile, or already joined from another device: nothing left to ask.
    ctx.next(null);
    return [{ text: ctx.explain(joined.error) }];
  }
  const next: JoinData = {
    mediationId: data.mediationId,
    participantId: joined.value.participantId,
    question: 0,
  };
  const intro: Reply = { text: `${ctx.t('joining:join.joined')} ${ctx.t('joining:join.eligibilityIntro')}` };
  return [intro, ...(await ask(ctx, 'eligibility', next))];
}

/** One eligibility answer; a ruling-out answer is explained and the same question asked again. */
export async function answerEligibility(ctx: FlowContext, data: JoinData, questionId: string, yes: boolean) {
  const result = await ctx.core.answerEligibility(personActor(ctx.personId), {
    participantId: data.participantId ?? '',
    answers: [{ questionId, answer: yes }],
  });
  if (!result.ok) return [{ text: ctx.explain(result.error) }, ...(await ask(ctx, 'eligibility', data))];
  const questions = await eligibilityQuestions(ctx, data.mediationId);
  const next = { ...data, question: (data.question ?? 0) + 1 };
  return next.question < questions.length ? ask(ctx, 'eligibility', next) : advance(ctx, next);
}

/** A free-text answer: the core reads and checks it (amount, date); a refusal asks the same again. */
export async function answerComplaint(
  ctx: FlowContext,
  step: ComplaintStep,
  data: JoinData,
  event: Extract<IncomingEvent, { type: 'text' | 'file' }>,
): Promise<Reply[]> {
  if (event.type !== 'text')
    return [{ text: ctx.t('joining:join.expectText') }, ...(await ask(ctx, step, data))];
  const { month, ...rest } = data;
  let answer = event.text;
  if (step === 'problemDate' || step === 'priorComplaintDate') {
    const day = /^\s*(\d{1,2})(?:er|st|nd|rd|th)?\s*$/i.exec(answer)?.[1];
    if (month && day) answer = `${month}-${day.padStart(2, '0')}`;
    const parsed = parseFrenchDate(answer);
    // « mars 2024 »: a day is still needed; the month is kept and only the day asked for.
    if (!parsed.ok && parsed.month) return askDay(ctx, step, rest, parsed.month);
  }
  const result = await ctx.core.describeComplaint(personActor(ctx.personId), {
    participantId: data.participantId ?? '',
    [step]: answer,
  });
  if (!result.ok) return [{ text: ctx.explain(result.error) }, ...(await ask(ctx, step, rest))];
  return advance(ctx, rest);
}

function askDay(
  ctx: FlowContext,
  step: ComplaintStep,
  data: JoinData,
  { year, month }: { year: number; month: number },
): Reply[] {
  const key = `${year}-${String(month).padStart(2, '0')}`;
  ctx.next('join', step, { ...data, month: key });
  const named = new Intl.DateTimeFormat(ctx.locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
  return [{ text: ctx.t('joining:join.askDay', { month: named }), expects: 'text' }];
}

/** A proof file; its type and size are checked by the core before anything is stored. */
export async function answerEvidence(
  ctx: FlowContext,
  data: JoinData,
  event: Extract<IncomingEvent, { type: 'text' | 'file' }>,
): Promise<Reply[]> {
  ctx.next('join', 'evidence', { ...data });
  if (event.type !== 'file') return [evidencePrompt(ctx, ctx.t('joining:join.expectFile'))];
  const result = await ctx.core.addEvidence(personActor(ctx.personId), {
    participantId: data.participantId ?? '',
    bytes: event.file.bytes,
    declaredMimeType: event.file.declaredMimeType,
    fileName: event.file.fileName,
  });
  if (!result.ok)
    return [evidencePrompt(ctx, `${ctx.explain(result.error)}\n\n${ctx.t('joining:join.expectFile')}`)];
  if (result.value.alreadyThere) return [evidencePrompt(ctx, ctx.t('joining:join.evidenceAlreadyThere'))];
  const file = await loadOwnFile(ctx, data.participantId ?? '');
  return [evidencePrompt(ctx, ctx.t('joining:join.evidenceReceived', { count: file?.evidence.length ?? 1 }))];
}
