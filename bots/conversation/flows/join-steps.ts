import { personActor } from '../../../core/domain/actor.ts';
import { choiceId } from '../choice-id.ts';
import type { FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';
import { reviewReply } from './join-review.ts';
import { consentKeys, type JoinData, type JoinStep } from './join-state.ts';
import { inLocale } from './mediation-views.ts';
import { loadOwnFile } from './own-file.ts';

/**
 * Puts the person on `step` (saved with this answer) and asks its question. Asking again the question
 * of the current step is how every refusal gives a second chance.
 */
export async function ask(ctx: FlowContext, step: JoinStep, data: JoinData): Promise<Reply[]> {
  ctx.next('join', step, { ...data });
  switch (step) {
    case 'consent':
      return [consentQuestion(ctx, data.consents ?? 0)];
    case 'eligibility':
      return askEligibility(ctx, data);
    case 'description':
      return [{ text: ctx.t('joining:join.askDescription'), expects: 'text' }];
    case 'amount':
      return [{ text: ctx.t('joining:join.askAmount'), expects: 'text' }];
    case 'problemDate':
      return [{ text: ctx.t('joining:join.askProblemDate'), expects: 'text' }];
    case 'priorComplaintDate':
      return [
        {
          text: ctx.t('joining:join.askPriorComplaintDate'),
          choices: [[{ id: choiceId('join', 'nocomplaint'), label: ctx.t('joining:join.noComplaintYet') }]],
          expects: 'text',
        },
      ];
    case 'evidence':
      return [evidencePrompt(ctx, ctx.t('joining:join.askEvidence', { maxMegabytes: maxMegabytes(ctx) }))];
    case 'review':
      return askReview(ctx, data);
  }
}

/**
 * After an answer is stored: the first item the core still finds missing, else the (optional) evidence
 * once, else the review. Asking the core rather than counting steps means a resumed or edited file
 * never asks again what it already holds.
 */
export async function advance(ctx: FlowContext, data: JoinData): Promise<Reply[]> {
  const file = data.participantId ? await loadOwnFile(ctx, data.participantId) : undefined;
  if (file?.status !== 'DRAFT') {
    ctx.next(null);
    return [{ text: ctx.t('joining:join.alreadyDone') }];
  }
  const missing = file.missing.find((item) => item !== 'consents');
  if (missing === 'eligibility') return ask(ctx, 'eligibility', { ...data, question: 0 });
  if (missing) return ask(ctx, missing, data);
  if (!data.evidenceOffered) return ask(ctx, 'evidence', { ...data, evidenceOffered: true });
  return ask(ctx, 'review', data);
}

export function consentQuestion(ctx: FlowContext, index: number): Reply {
  const key = consentKeys[index] ?? 'terms';
  return {
    text: `${ctx.t('joining:join.consentStep', { number: index + 1 })}\n\n${ctx.t(`participants:consent.${key}`)}`,
    choices: [
      [
        { id: choiceId('join', 'consent', key, 'yes'), label: ctx.t('joining:join.accept') },
        { id: choiceId('join', 'consent', key, 'no'), label: ctx.t('joining:join.decline') },
      ],
    ],
    expects: 'choice',
  };
}

type Questions = NonNullable<
  Awaited<ReturnType<FlowContext['core']['query']['mediationDetails']>>
>['eligibilityQuestions'];

/** Read once per message: checking an answer and asking the next question both need them. */
const questionsOfMessage = new WeakMap<FlowContext, { mediationId: string; questions: Promise<Questions> }>();

export function eligibilityQuestions(ctx: FlowContext, mediationId: string): Promise<Questions> {
  const read = questionsOfMessage.get(ctx);
  if (read?.mediationId === mediationId) return read.questions;
  const questions = ctx.core.query
    .mediationDetails({ mediationId })
    .then((details) => details?.eligibilityQuestions ?? []);
  questionsOfMessage.set(ctx, { mediationId, questions });
  return questions;
}

async function askEligibility(ctx: FlowContext, data: JoinData): Promise<Reply[]> {
  const questions = await eligibilityQuestions(ctx, data.mediationId);
  const index = data.question ?? 0;
  const question = questions[index];
  if (!question) return advance(ctx, data);
  return [
    {
      text: ctx.t('joining:join.eligibilityQuestion', {
        number: index + 1,
        total: questions.length,
        question: inLocale(ctx.locale, question.text),
      }),
      choices: [
        [
          { id: choiceId('join', 'elig', question.id, 'yes'), label: ctx.t('common:yes') },
          { id: choiceId('join', 'elig', question.id, 'no'), label: ctx.t('common:no') },
        ],
      ],
      expects: 'choice',
    },
  ];
}

export function evidencePrompt(ctx: FlowContext, text: string): Reply {
  return {
    text,
    choices: [[{ id: choiceId('join', 'done'), label: ctx.t('joining:join.evidenceDone') }]],
    expects: 'file',
  };
}

function maxMegabytes(ctx: FlowContext): number {
  return Math.floor(ctx.core.deps.limits.maxEvidenceBytes / (1024 * 1024));
}

async function askReview(ctx: FlowContext, data: JoinData): Promise<Reply[]> {
  const file = data.participantId ? await loadOwnFile(ctx, data.participantId) : undefined;
  if (file?.status !== 'DRAFT') {
    ctx.next(null);
    return [{ text: ctx.t('joining:join.alreadyDone') }];
  }
  return [reviewReply(ctx, file)];
}

/** Sends the reviewed file; a refusal (incomplete, registration closed) keeps the review on screen. */
export async function submit(ctx: FlowContext, data: JoinData): Promise<Reply[]> {
  const result = await ctx.core.submitFile(personActor(ctx.personId), {
    participantId: data.participantId ?? '',
  });
  if (!result.ok) return [{ text: ctx.explain(result.error) }, ...(await ask(ctx, 'review', data))];
  ctx.next(null);
  return [{ text: ctx.t('joining:join.submitted') }];
}
