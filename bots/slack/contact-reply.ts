import type { types } from '@slack/bolt';
import { type Locale, t } from '../../core/i18n/index.ts';
import { ANSWER_MIN } from '../../core/people/contact.ts';
import { MAX_CONTACT_MESSAGE_LENGTH } from '../../core/people/relay.ts';
import { context, plainText } from './blocks.ts';

/** The modal opened by « Répondre »; its submission carries the same callback id. */
export const CONTACT_REPLY_VIEW = 'contact:reply';
const ANSWER_BLOCK = 'answer';
const ANSWER_INPUT = 'message';

/** Where the answered message is, so the team sees in its thread that it was answered. */
export interface ContactReplyTarget {
  messageId: string;
  channel: string;
  ts: string;
}

export function contactReplyModal(locale: Locale, target: ContactReplyTarget): types.ModalView {
  return {
    type: 'modal',
    callback_id: CONTACT_REPLY_VIEW,
    // Ids only (well under the 3000 characters Slack allows): the answer itself comes in the submission.
    private_metadata: JSON.stringify(target),
    title: plainText(t(locale, 'slack:contact.modalTitle')),
    submit: plainText(t(locale, 'slack:contact.submit')),
    close: plainText(t(locale, 'slack:contact.cancel')),
    blocks: [
      context(t(locale, 'slack:contact.hint')),
      {
        type: 'input',
        block_id: ANSWER_BLOCK,
        label: plainText(t(locale, 'slack:contact.label')),
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_INPUT,
          multiline: true,
          min_length: ANSWER_MIN,
          max_length: MAX_CONTACT_MESSAGE_LENGTH,
        },
      },
    ],
  };
}

/** The submitted answer and where it belongs; undefined when the submission is not one of ours. */
export function readContactReply(view: {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}): { target: ContactReplyTarget; message: string } | undefined {
  try {
    const target = JSON.parse(view.private_metadata ?? '') as Partial<ContactReplyTarget>;
    const message = view.state?.values?.[ANSWER_BLOCK]?.[ANSWER_INPUT]?.value ?? '';
    if (
      typeof target.messageId !== 'string' ||
      typeof target.channel !== 'string' ||
      typeof target.ts !== 'string'
    ) {
      return undefined;
    }
    return { target: { messageId: target.messageId, channel: target.channel, ts: target.ts }, message };
  } catch {
    return undefined;
  }
}
