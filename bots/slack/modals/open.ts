import type { webApi } from '@slack/bolt';
import type { Core } from '../../../core/core.ts';
import { type Locale, renderError, t } from '../../../core/i18n/index.ts';
import { shortId } from '../../../core/references/short-id.ts';
import type { MediatorAction } from '../../mediator/action.ts';
import { lookUpId, lookUpMediation } from '../../mediator/resolve.ts';
import { splitWords } from '../../mediator/words.ts';
import { FORM_ALIASES, type FormSubject, findForm, type ModalForm } from './forms.ts';
import { formModal, type Origin } from './views.ts';

/** A form and the catalogue action it runs; none when this Slack app does not offer the action. */
export interface BoundForm {
  form: ModalForm;
  action: MediatorAction;
}

export function bindForm(actions: readonly MediatorAction[], name: string): BoundForm | undefined {
  const form = findForm(name);
  const action = form && actions.find((candidate) => candidate.name === form.action);
  return form && action ? { form, action } : undefined;
}

/**
 * `/mediation nouvelle`, `/mediation edit-mediation red-by-sfr`, `/mediation reject <dossier>`: the
 * action's form, when nothing but what it is about was typed. Anything more is a command as before.
 */
export function formRequest(
  actions: readonly MediatorAction[],
  text: string,
): { bound: BoundForm; ref?: string } | undefined {
  const split = splitWords(text);
  if (!split.ok) return undefined;
  const [word, ...rest] = split.words;
  if (!word) return undefined;
  const name = FORM_ALIASES[word.toLowerCase()] ?? word.toLowerCase();
  const bound = bindForm(actions, name);
  if (!bound?.form.fromCommand) return undefined;
  const wanted = bound.form.about === 'nothing' ? 0 : 1;
  if (rest.length !== wanted) return undefined;
  return { bound, ...(rest[0] ? { ref: rest[0] } : {}) };
}

export type Subject = { ok: true; subject: FormSubject; about?: string } | { ok: false; text: string };

/**
 * What a form is about, from a slug or an id typed by a mediator or carried by a button: checked
 * before anything is shown, and described in words at the top of the form.
 */
export async function resolveSubject(
  core: Core,
  locale: Locale,
  form: ModalForm,
  ref?: string,
): Promise<Subject> {
  if (form.about === 'nothing') return { ok: true, subject: {} };
  const typed = (ref ?? '').trim();
  if (form.about === 'participant') {
    const id = await lookUpId(core, locale, 'participant', typed);
    if (!id.ok) return { ok: false, text: renderError(locale, id.error) };
    const about = t(locale, 'slack:modal.aboutFile', { id: shortId(id.found) });
    return { ok: true, subject: { participantId: id.found }, about };
  }
  const m = await lookUpMediation(core, locale, typed);
  if (!m.ok) return { ok: false, text: renderError(locale, m.error) };
  const title = locale === 'en' ? m.found.title.en : m.found.title.fr;
  return {
    ok: true,
    subject: { mediationId: m.found.id },
    about: t(locale, 'slack:modal.aboutMediation', { title, slug: m.found.slug }),
  };
}

/** Opens a form within the trigger's three seconds: its prefill is one query at most. */
export async function openForm(
  env: { core: Core; locale: Locale; client: webApi.WebClient },
  request: { form: ModalForm; triggerId: string; subject: FormSubject; about?: string; origin: Origin },
): Promise<void> {
  const { form } = request;
  const prefill = form.prefill ? await form.prefill(env.core, request.subject) : {};
  await env.client.views.open({
    trigger_id: request.triggerId,
    view: formModal(env.locale, form, {
      state: { subject: request.subject, origin: request.origin },
      prefill,
      about: request.about,
    }),
  });
}
