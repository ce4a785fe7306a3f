import type { types } from '@slack/bolt';
import { z } from 'zod';
import { type Locale, t } from '../../../core/i18n/index.ts';
import { type Block, context, cutText, plainText, sectionsOf } from '../blocks.ts';
import { fieldBlocks, METADATA_LIMIT, MODAL_BLOCK_LIMIT, MODAL_TITLE_LIMIT, type Prefill } from './fields.ts';
import type { FormSubject, ModalForm } from './forms.ts';

/** A form's submissions come back with this callback id: `form:<action>`. */
export const FORM_CALLBACK_PREFIX = 'form:';
/** The confirmation box of a form with a preview. */
export const CONFIRM_BLOCK = 'confirm';

/** Where a form was opened: from the App Home, the dashboard is refreshed after it is sent. */
export type Origin = 'home' | 'command';

/**
 * What a form carries between opening and submission, in its private metadata: ids only (never a
 * text someone typed), checked again when it comes back since anyone may forge a submission.
 */
const metadataSchema = z.object({
  m: z.uuid().optional(),
  p: z.uuid().optional(),
  o: z.enum(['home', 'command']),
  /** The message previewed (its hash), so a change after the preview is previewed again. */
  h: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
});

export interface FormState {
  subject: FormSubject;
  origin: Origin;
  previewed?: string;
}

export function writeMetadata(state: FormState): string {
  const text = JSON.stringify({
    ...(state.subject.mediationId ? { m: state.subject.mediationId } : {}),
    ...(state.subject.participantId ? { p: state.subject.participantId } : {}),
    o: state.origin,
    ...(state.previewed ? { h: state.previewed } : {}),
  });
  if (text.length > METADATA_LIMIT) throw new Error('private_metadata longer than Slack allows');
  return text;
}

export function readMetadata(text: string | undefined): FormState | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text ?? ''));
    if (!parsed.success) return undefined;
    const { m, p, o, h } = parsed.data;
    return {
      subject: { ...(m ? { mediationId: m } : {}), ...(p ? { participantId: p } : {}) },
      origin: o,
      ...(h ? { previewed: h } : {}),
    };
  } catch {
    return undefined;
  }
}

/** `create-mediation` → `createMediation`: the form's texts are under `slack:forms.<key>`. */
export const formKey = (action: string) =>
  action.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

const title = (text: string) => plainText(cutText(text, MODAL_TITLE_LIMIT));

export function formModal(
  locale: Locale,
  form: ModalForm,
  options: {
    state: FormState;
    prefill: Prefill;
    /** What the form is about, in words: « Frais cachés RED » (red-by-sfr). */
    about?: string;
    /** The preview screen: the text people will receive, and the box to tick. */
    preview?: string;
  },
): types.ModalView {
  const key = formKey(form.action);
  const top: Block[] = [];
  if (options.about) top.push(...sectionsOf(options.about));
  if (form.intro) top.push(context(t(locale, `slack:forms.${key}.intro`)));
  const inputs = form.fields.flatMap((field) => fieldBlocks(locale, field, options.prefill));
  const bottom: Block[] = [];
  if (options.preview !== undefined) {
    bottom.push(
      { type: 'header', text: plainText(t(locale, 'slack:preview.heading')) },
      ...sectionsOf(options.preview),
      {
        type: 'input',
        block_id: CONFIRM_BLOCK,
        label: plainText(t(locale, 'slack:preview.label')),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [{ text: plainText(t(locale, 'slack:preview.confirm')), value: 'yes' }],
        },
      },
    );
  }
  const blocks = [...top, ...inputs, ...bottom];
  if (blocks.length > MODAL_BLOCK_LIMIT) throw new Error('a form with more blocks than a modal takes');
  const submit = options.preview !== undefined ? 'slack:preview.submit' : `slack:forms.${key}.submit`;
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.action}`,
    private_metadata: writeMetadata(options.state),
    title: title(t(locale, `slack:forms.${key}.title`)),
    submit: title(t(locale, submit)),
    close: title(t(locale, 'slack:modal.cancel')),
    blocks,
  };
}

/** A modal that only says something (a result, a refusal, « en cours »), with a button to close it. */
export function messageModal(locale: Locale, heading: string, text: string): types.ModalView {
  const sections = sectionsOf(text);
  const kept =
    sections.length > MODAL_BLOCK_LIMIT
      ? [...sections.slice(0, MODAL_BLOCK_LIMIT - 1), context(t(locale, 'slack:truncated'))]
      : sections;
  return {
    type: 'modal',
    title: title(heading),
    close: title(t(locale, 'slack:modal.close')),
    blocks: kept,
  };
}
