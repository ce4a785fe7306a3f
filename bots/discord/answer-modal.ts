import {
  type ButtonInteraction,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { type Locale, t } from '../../core/i18n/index.ts';

export const ANSWER_MODAL_ID = 'discord:answer-modal';
const ANSWER_INPUT_ID = 'answer';
/** Discord's limit for one text input; every free-text answer of the journey is shorter. */
export const MAX_ANSWER_LENGTH = 4000;
const MAX_MODAL_TEXT_LENGTH = 4000;

/**
 * The form behind « Répondre »: the question (the text of the message whose button was pressed) and
 * one text input. One modal per question: the flow checks each answer and asks the next one itself.
 */
export function answerModal(locale: Locale, question: string): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(ANSWER_INPUT_ID)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(true)
    .setMaxLength(MAX_ANSWER_LENGTH);
  const modal = new ModalBuilder().setCustomId(ANSWER_MODAL_ID).setTitle(t(locale, 'discord:modal.title'));
  const shown = question.trim().slice(0, MAX_MODAL_TEXT_LENGTH);
  if (shown) modal.addTextDisplayComponents(new TextDisplayBuilder().setContent(shown));
  return modal.addLabelComponents(
    new LabelBuilder()
      .setLabel(t(locale, 'discord:modal.label'))
      .setDescription(t(locale, 'discord:modal.description'))
      .setTextInputComponent(input),
  );
}

export function showAnswerModal(interaction: ButtonInteraction, locale: Locale): Promise<unknown> {
  return interaction.showModal(answerModal(locale, interaction.message.content));
}

/** The text typed in the form, as the conversation's free-text answer. */
export function answerOf(interaction: ModalSubmitInteraction): string {
  return interaction.fields.getTextInputValue(ANSWER_INPUT_ID);
}
