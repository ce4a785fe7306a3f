import { createHash } from 'node:crypto';
import type { types, ViewStateValue } from '@slack/bolt';
import { z } from 'zod';
import type { Core } from '../../../core/core.ts';
import type { Actor } from '../../../core/domain/actor.ts';
import { type Locale, t } from '../../../core/i18n/index.ts';
import type { ActionResult, MediatorAction } from '../../mediator/action.ts';
import { checkArgs } from '../../mediator/run-action.ts';
import { runAction } from '../mediation-command.ts';
import { readField } from './fields.ts';
import type { ModalForm } from './forms.ts';
import { CONFIRM_BLOCK, type FormState, formKey, formModal, messageModal } from './views.ts';

/** What Slack is told in the submission's answer: errors under inputs, another screen, or close. */
export type SubmissionAnswer =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update' | 'push'; view: types.ModalView }
  | undefined;

type StateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;

/**
 * Refusals of the core (or of the action) that concern one input: shown under it, in the modal, so the
 * mediator corrects it where they typed it. Any other refusal is a message of its own.
 */
const REFUSAL_FIELDS: Record<string, string> = {
  'mediations:errors.slugTaken': 'slug',
  'mediations:errors.companySlugTaken': 'company',
  'mediations:errors.companyNotFound': 'company',
  'mediator:errors.companyNotFound': 'company',
  'mediations:errors.thresholdOutOfRange': 'threshold',
  'mediations:errors.quorumNeedsVotesCast': 'quorum',
  'mediations:errors.quorumOutOfRange': 'quorum',
  'mediations:errors.registrationDeadlinePast': 'registrationClosesAt',
  'mediations:errors.registrationTooLong': 'registrationClosesAt',
  'mediator:errors.oneCompensation': 'fixed',
  'mediator:errors.capNeedsPercent': 'cap',
  'votes:errors.badVoteDuration': 'closesAt',
  'votes:errors.voteAfterMediationEnd': 'closesAt',
  'agreement:errors.adhesionAfterMediationEnd': 'closesAt',
  'mediations:errors.extensionTooShort': 'days',
  'participants:errors.reasonTooShort': 'reason',
  'participants:errors.reasonTooLong': 'reason',
  'mediator:errors.messageTooShort': 'message',
  'mediator:errors.messageTooLong': 'message',
};

export interface Submission {
  core: Core;
  locale: Locale;
  form: ModalForm;
  action: MediatorAction;
  state: FormState;
  values: StateValues;
}

export type Checked =
  | { kind: 'answer'; answer: SubmissionAnswer }
  | { kind: 'run'; args: Record<string, unknown> };

/**
 * The cheap part, before Slack's 3 seconds are over: the inputs read as the action's arguments and
 * checked one by one, so that every input with a problem shows its own message.
 */
export async function checkSubmission(submission: Submission): Promise<Checked> {
  const { form, action, state, values, locale } = submission;
  const raw: Record<string, unknown> = {};
  if (form.about === 'mediation') raw.mediation = state.subject.mediationId;
  if (form.about === 'participant') raw.participant = state.subject.participantId;
  const prefill =
    form.sendOnlyChanges && form.prefill ? await form.prefill(submission.core, state.subject) : {};
  for (const field of form.fields) {
    const value = readField(field, values);
    const unchanged = form.sendOnlyChanges && sameValue(value, prefill[field.arg]);
    if (value !== undefined && !unchanged) raw[field.arg] = value;
  }
  if (form.sendOnlyChanges && form.fields.every((field) => raw[field.arg] === undefined)) {
    return { kind: 'answer', answer: push(locale, t(locale, 'slack:modal.nothingChanged')) };
  }
  const errors = fieldErrors(action, form, raw, locale);
  if (Object.keys(errors).length > 0)
    return { kind: 'answer', answer: { response_action: 'errors', errors } };
  const checked = checkArgs(action, raw, locale);
  if (!checked.ok) return { kind: 'answer', answer: push(locale, checked.text) };
  if (form.preview) {
    const previewed = await previewStep(submission, raw);
    if (previewed) return { kind: 'answer', answer: previewed };
  }
  return { kind: 'run', args: checked.args as Record<string, unknown> };
}

/** Runs the action as `/mediation` does (core command, audit), and says how it went. */
export async function runSubmission(
  submission: Submission,
  actor: Actor,
  args: Record<string, unknown>,
): Promise<{ result: ActionResult; answer: SubmissionAnswer }> {
  const { core, action, form, locale } = submission;
  const result = await runAction(core, action, args, actor, locale);
  return { result, answer: answerFor(locale, form, result) };
}

export function answerFor(locale: Locale, form: ModalForm, result: ActionResult): SubmissionAnswer {
  const heading = t(locale, `slack:forms.${formKey(form.action)}.title`);
  if (result.ok) return { response_action: 'update', view: messageModal(locale, heading, result.text) };
  const field = REFUSAL_FIELDS[result.error.messageKey];
  if (field && form.fields.some((candidate) => candidate.arg === field)) {
    return { response_action: 'errors', errors: { [field]: result.text } };
  }
  // On top of the form: closing the message brings the form back with everything typed.
  return push(locale, result.text);
}

const push = (locale: Locale, text: string): SubmissionAnswer => ({
  response_action: 'push',
  view: messageModal(locale, t(locale, 'slack:modal.refusedTitle'), text),
});

/**
 * Each input on its own against the action's rule for it (run-action.ts words the problem), so a
 * form with three mistakes shows three messages, each under its input.
 */
function fieldErrors(
  action: MediatorAction,
  form: ModalForm,
  raw: Record<string, unknown>,
  locale: Locale,
): Record<string, string> {
  const shape = (action.args as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const schema = shape[field.arg];
    if (!schema) continue;
    const one = { ...action, args: z.object({ [field.arg]: schema }), positional: [] };
    const checked = checkArgs(one, { [field.arg]: raw[field.arg] }, locale);
    if (!checked.ok) {
      const problem = String(checked.error.params?.problem ?? checked.text);
      errors[field.arg] = capitalize(problem);
    }
  }
  return errors;
}

/**
 * Irreversible words to people (a broadcast): the first submission shows them as they will arrive and
 * asks to tick a box; a message changed after its preview is previewed again.
 */
async function previewStep(
  submission: Submission,
  raw: Record<string, unknown>,
): Promise<SubmissionAnswer | undefined> {
  const { core, locale, form, state, values } = submission;
  const message = String(raw.message ?? '');
  const hash = createHash('sha256').update(message).digest('hex');
  const ticked = (values[CONFIRM_BLOCK]?.value?.selected_options ?? []).length > 0;
  if (state.previewed === hash && ticked) return undefined;
  if (state.previewed === hash) {
    return { response_action: 'errors', errors: { [CONFIRM_BLOCK]: t(locale, 'slack:preview.tickIt') } };
  }
  const m = state.subject.mediationId
    ? await core.query.mediationDetails({ mediationId: state.subject.mediationId })
    : null;
  const title = m ? (locale === 'en' ? m.title.en : m.title.fr) : '';
  const preview = t(locale, 'mediator:notify.broadcast', { title, message: message.trim() });
  return {
    response_action: 'update',
    view: formModal(locale, form, {
      state: { ...state, previewed: hash },
      prefill: { message },
      about: m ? t(locale, 'slack:modal.aboutMediation', { title, slug: m.slug }) : undefined,
      preview,
    }),
  };
}

function sameValue(value: string | string[] | undefined, before: string | undefined): boolean {
  const text = Array.isArray(value) ? value.join('\n') : value;
  return (text ?? '') === (before ?? '');
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
