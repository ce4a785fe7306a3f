import { personActor } from '../../../core/domain/actor.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';
import { answerComplaint, answerConsent, answerEligibility, answerEvidence } from './join-answers.ts';
import { consentKeys, isComplaintStep, type JoinData, type JoinStep, readJoinState } from './join-state.ts';
import { advance, ask, eligibilityQuestions, submit } from './join-steps.ts';
import { inLocale, openMediationsPage } from './mediation-views.ts';

/**
 * Joining a mediation (product.md §4): consents → eligibility → description → amount → dates →
 * evidence → review → submit. The step and the draft file's id are saved after every answer, so a
 * person coming back (even after a restart) is asked the same question again.
 */
export const joinFlow: Flow = {
  name: 'join',
  // `/rejoindre <slug>` starts joining directly (Discord's slash command; any platform may type it).
  commands: ['rejoindre'],
  async start(ctx, args) {
    const slug = args.trim();
    if (slug === '') return [await openMediationsPage(ctx, 1)];
    const details = await ctx.core.query.mediationBySlug({ slug: slug.slice(0, 100) });
    if (!details || details.status === 'DRAFT') {
      return [{ text: ctx.t('joining:welcome.unknownMediation') }, await openMediationsPage(ctx, 1)];
    }
    return startJoining(ctx, details.id);
  },
  async onChoice(ctx, action, args) {
    if (action === 'start') return startJoining(ctx, args[0] ?? '');
    if (action === 'resume') return resumeFile(ctx, args[0] ?? '');
    const state = readJoinState(ctx);
    if (!state) return [{ text: ctx.t('conversation:staleButton') }];
    const { step, data } = state;
    const [first = '', second = ''] = args;
    switch (action) {
      case 'again':
        return ask(ctx, step, data);
      case 'consent':
        if (step !== 'consent' || consentKeys[data.consents ?? 0] !== first) return stale(ctx, step, data);
        return answerConsent(ctx, data, consentKeys[data.consents ?? 0] ?? 'terms', second === 'yes');
      case 'elig': {
        const questions = step === 'eligibility' ? await eligibilityQuestions(ctx, data.mediationId) : [];
        if (questions[data.question ?? 0]?.id !== first) return stale(ctx, step, data);
        return answerEligibility(ctx, data, first, second === 'yes');
      }
      case 'nocomplaint':
        // Nothing to do here until they have written to the company: the draft waits in /mesdossiers.
        ctx.next(null);
        return [{ text: ctx.t('joining:join.howToComplain') }];
      case 'done':
        if (step !== 'evidence') return stale(ctx, step, data);
        return ask(ctx, 'review', { ...data, evidenceOffered: true });
      case 'send':
        if (step !== 'review') return stale(ctx, step, data);
        return submit(ctx, data);
      case 'edit':
        if (step !== 'review' || !(isComplaintStep(first) || first === 'evidence'))
          return stale(ctx, step, data);
        return ask(ctx, first, data);
      case 'share': {
        // Whether the company may read the description: asked on the last screen, the file unchanged.
        if (step !== 'review' || !data.participantId) return stale(ctx, step, data);
        const shared = await ctx.core.shareDescription(personActor(ctx.personId), {
          participantId: data.participantId,
          share: first === 'yes',
        });
        if (!shared.ok) return [{ text: ctx.explain(shared.error) }, ...(await ask(ctx, step, data))];
        return ask(ctx, 'review', data);
      }
      case 'abort':
        ctx.next(null);
        return [{ text: ctx.t('joining:cancel.draftKept') }];
    }
    return stale(ctx, step, data);
  },
  async onInput(ctx, event) {
    const state = readJoinState(ctx);
    if (!state) {
      ctx.next(null);
      return [{ text: ctx.t('conversation:nothingPending') }];
    }
    const { step, data } = state;
    if (isComplaintStep(step)) return answerComplaint(ctx, step, data, event);
    if (step === 'evidence') return answerEvidence(ctx, data, event);
    return [{ text: ctx.t('joining:join.expectButton') }, ...(await ask(ctx, step, data))];
  },
};

/** An old button (from a message further up) must not answer the question asked now. */
async function stale(ctx: FlowContext, step: JoinStep, data: JoinData): Promise<Reply[]> {
  return [{ text: ctx.t('joining:join.staleButton') }, ...(await ask(ctx, step, data))];
}

async function startJoining(ctx: FlowContext, mediationId: string): Promise<Reply[]> {
  const details = await ctx.core.query.mediationDetails({ mediationId });
  if (!details || details.status === 'DRAFT') return [{ text: ctx.t('joining:welcome.unknownMediation') }];
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  const earlier = files.find((file) => file.mediation.id === mediationId);
  if (earlier?.status === 'DRAFT') return resumeFile(ctx, earlier.participantId);
  if (earlier?.status === 'WITHDRAWN') return [{ text: ctx.t('participants:errors.withdrawnEarlier') }];
  if (earlier) return [{ text: ctx.t('joining:join.alreadyDone') }];
  const closesAt = details.registrationClosesAt;
  if (details.status !== 'OPEN') return [{ text: ctx.t('participants:errors.registrationNotOpen') }];
  if (closesAt && closesAt <= ctx.core.deps.clock.now()) {
    return [{ text: ctx.t('participants:errors.registrationClosed') }];
  }
  const intro: Reply = {
    text: ctx.t('joining:join.consentIntro', { title: inLocale(ctx.locale, details.title) }),
  };
  return [intro, ...(await ask(ctx, 'consent', { mediationId, consents: 0 }))];
}

/** « Continuer mon dossier »: back to the first thing the draft still lacks, or to its review. */
async function resumeFile(ctx: FlowContext, participantId: string): Promise<Reply[]> {
  const files = await ctx.core.query.myFiles({ personId: ctx.personId });
  const file = files.find((candidate) => candidate.participantId === participantId);
  if (!file) return [{ text: ctx.t('conversation:staleButton') }];
  if (file.status !== 'DRAFT') return [{ text: ctx.t('joining:join.alreadyDone') }];
  // Someone who already attached proof has seen the evidence step; the review offers to add more.
  return advance(ctx, {
    mediationId: file.mediation.id,
    participantId,
    evidenceOffered: file.evidence.length > 0,
  });
}
