import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../../../core/config/logger.ts';
import type { Core } from '../../../core/core.ts';
import { type Locale, t } from '../../../core/i18n/index.ts';
import type { MediatorAction } from '../../mediator/action.ts';
import type { createGate } from '../gate.ts';
import { bindForm } from './open.ts';
import { checkSubmission, runSubmission, type Submission, type SubmissionAnswer } from './submit.ts';
import { FORM_CALLBACK_PREFIX, formKey, messageModal, readMetadata } from './views.ts';

/**
 * Slack closes a submission it has no answer to after 3 seconds. The action gets what is left of this
 * budget; past it, the modal says « en cours » and shows the result when the action is done.
 */
export const SUBMISSION_BUDGET_MS = 2000;

export interface FormsEnv {
  core: Core;
  locale: Locale;
  logger: Logger;
  admit: ReturnType<typeof createGate>;
  actions: readonly MediatorAction[];
  /** After an action sent from the App Home, the dashboard shows its effect. */
  refreshHome(userId: string): Promise<void>;
}

/** Every form's submission: mediator check and dedupe (gate.ts), inputs checked, action run. */
export function registerForms(app: App, env: FormsEnv): void {
  const { locale } = env;
  app.view<ViewSubmitAction>(
    { type: 'view_submission', callback_id: new RegExp(`^${FORM_CALLBACK_PREFIX}`) },
    async ({ ack, body, view, client }) => {
      const started = Date.now();
      let acked = false;
      const answer = async (response: SubmissionAnswer) => {
        if (acked) return;
        acked = true;
        await ack(response as Parameters<typeof ack>[0]);
      };
      const name = view.callback_id.slice(FORM_CALLBACK_PREFIX.length);
      const bound = bindForm(env.actions, name);
      const state = readMetadata(view.private_metadata);
      const userId = body.user.id;
      const say = (text: string): SubmissionAnswer => ({
        response_action: 'update',
        view: messageModal(locale, t(locale, 'slack:modal.refusedTitle'), text),
      });
      await env.admit(
        {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId,
          key: `modal:${body.trigger_id}`,
          attempted: `modal:${bound?.form.action ?? 'unknown'}`,
          tell: (text) => answer(say(text)),
        },
        async (actor) => {
          // A forged or outdated submission: nothing it carries is used.
          if (!bound || !state || !fits(bound.form.about, state.subject)) {
            await answer(say(t(locale, 'slack:modal.invalid')));
            return;
          }
          const submission: Submission = {
            core: env.core,
            locale,
            ...bound,
            state,
            values: view.state.values,
          };
          const checked = await checkSubmission(submission);
          if (checked.kind === 'answer') return answer(checked.answer);
          const running = runSubmission(submission, actor, checked.args);
          const inTime = await within(running, SUBMISSION_BUDGET_MS - (Date.now() - started));
          let done = inTime;
          if (!done) {
            const heading = t(locale, `slack:forms.${formKey(bound.form.action)}.title`);
            await answer({
              response_action: 'update',
              view: messageModal(locale, heading, t(locale, 'slack:modal.working')),
            });
            done = await running;
            const late =
              done.answer && 'view' in done.answer
                ? done.answer.view
                : messageModal(locale, heading, done.result.text);
            await client.views.update({ view_id: view.id, view: late });
          } else {
            await answer(done.answer);
          }
          if (done.result.ok && state.origin === 'home') await env.refreshHome(userId);
        },
      );
      await answer(undefined);
    },
  );
}

function fits(
  about: 'nothing' | 'mediation' | 'participant',
  subject: { mediationId?: string; participantId?: string },
) {
  if (about === 'mediation') return Boolean(subject.mediationId);
  if (about === 'participant') return Boolean(subject.participantId);
  return true;
}

/** The promise's value if it settles within `ms`, else undefined (it keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
