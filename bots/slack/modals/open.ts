import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Core } from '../../../core/core.ts';
import { type Locale, t } from '../../../core/i18n/index.ts';
import type { MediatorAction } from '../../mediator/action.ts';
import { splitWords } from '../../mediator/words.ts';
import { FORM_ALIASES, type FormSubject, findForm, type ModalForm } from './forms.ts';
import { formModal, type Origin } from './views.ts';

const uuid = z.uuid();

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
  const trimmed = (ref ?? '').trim();
  if (form.about === 'participant') {
    if (!uuid.safeParse(trimmed).success) return { ok: false, text: t(locale, 'slack:modal.badFile') };
    const id = trimmed.toLowerCase();
    return { ok: true, subject: { participantId: id }, about: t(locale, 'slack:modal.aboutFile', { id }) };
  }
  const m = uuid.safeParse(trimmed).success
    ? await core.query.mediationDetails({ mediationId: trimmed.toLowerCase() })
    : trimmed && trimmed.length <= 100
      ? await core.query.mediationBySlug({ slug: trimmed })
      : null;
  if (!m)
    return {
      ok: false,
      text: t(locale, 'mediator:errors.mediationNotFound', { ref: trimmed.slice(0, 100) }),
    };
  const title = locale === 'en' ? m.title.en : m.title.fr;
  return {
    ok: true,
    subject: { mediationId: m.id },
    about: t(locale, 'slack:modal.aboutMediation', { title, slug: m.slug }),
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
