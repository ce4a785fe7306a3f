import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from '../../core/config/logger.ts';
import { markAnswered, recordOnce } from '../../core/conversations/inbound-updates.ts';
import type { Core } from '../../core/core.ts';
import { negotiateLocale, t } from '../../core/i18n/index.ts';
import type { Conversation } from '../conversation/engine.ts';
import { personLocale } from '../conversation/person-locale.ts';
import type { Incoming, IncomingEvent, Reply } from '../conversation/types.ts';
import { handleAnnouncementsCommand } from './announcements-command.ts';
import { ANSWER_MODAL_ID, answerOf, showAnswerModal } from './answer-modal.ts';
import { downloadAttachment, incomingFileOf } from './attachment.ts';
import {
  ANSWER_BUTTON_ID,
  type DiscordMessage,
  type RenderWords,
  renderReplies,
  renderWords,
} from './render.ts';
import {
  ANNOUNCEMENTS_COMMAND,
  conversationCommand,
  EVIDENCE_COMMAND,
  EVIDENCE_OPTION,
} from './slash-commands.ts';

export interface InteractionDeps {
  conversation: Conversation;
  core: Core;
  logger: Logger;
  maxEvidenceBytes: number;
}

type Person = Omit<Incoming, 'event'>;
type Handled = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * One interaction: dedupe (an interaction id already handled does nothing), then the conversation.
 * Every answer is ephemeral: only the person who asked sees it, even in a server's channel, so nothing
 * about a complaint or a vote is ever shown to others. Discord wants a first answer within 3 s: the
 * work is deferred at once ("thinking…") and the replies edit that answer, then follow it.
 */
export async function handleInteraction(deps: InteractionDeps, interaction: Interaction): Promise<void> {
  if (!(interaction.isChatInputCommand() || interaction.isButton() || interaction.isModalSubmit())) return;
  if (interaction.user.bot) return;
  // Its conversation's state is not read with the record: the turn runs after Discord's own round trips
  // (the deferred answer, the DM channel), later than such an early read is trusted.
  const turn = await recordOnce(deps.core.deps, 'DISCORD', interaction.id);
  if (turn.action !== 'handle') {
    deps.logger.debug({ interactionId: interaction.id }, 'interaction already handled');
    return;
  }
  try {
    await respond(deps, interaction, turn.update);
    await markAnswered(deps.core.deps, 'DISCORD', interaction.id);
  } catch (error) {
    // Whoever waits on "thinking…" gets an answer rather than a spinner that never ends.
    if (interaction.deferred) {
      const locale = negotiateLocale({ platformLanguage: interaction.locale });
      await interaction
        .editReply({ content: t(locale, 'errors:internal'), components: [] })
        .catch(() => undefined);
    }
    throw error;
  }
}

async function respond(
  deps: InteractionDeps,
  interaction: Handled,
  update: Incoming['update'],
): Promise<void> {
  // A form can only be the first answer to a button: it opens before anything slow.
  if (interaction.isButton() && interaction.customId === ANSWER_BUTTON_ID) {
    // The app's language: no database round trip before the form, and nothing is marked as contact.
    await showAnswerModal(interaction, negotiateLocale({ platformLanguage: interaction.locale }));
    return;
  }
  // A server's setting, not a consumer's conversation.
  if (interaction.isChatInputCommand() && interaction.commandName === ANNOUNCEMENTS_COMMAND) {
    await handleAnnouncementsCommand(deps, interaction);
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const person: Person = { ...basePerson(interaction), chatId: await dmChannelId(interaction) };
  // Checked before the conversation identifies the person, which clears the mark.
  const missedNotifications = await deps.core.query.identityUnreachable({
    platform: 'DISCORD',
    externalId: person.userId,
  });
  const event = await eventOf(deps, interaction, person);
  const replies: Reply[] =
    'say' in event ? [{ text: event.say }] : await deps.conversation.handle({ ...person, event, update });
  const locale = await personLocale(deps.core, person);
  if (missedNotifications) replies.push({ text: t(locale, 'discord:dmClosed') });
  await sendEphemeral(interaction, replies, renderWords(locale));
}

/** The neutral event of this interaction, or a text to answer at once (a file that could not be read). */
async function eventOf(
  deps: InteractionDeps,
  interaction: Handled,
  person: Person,
): Promise<IncomingEvent | { say: string }> {
  if (interaction.isButton()) return { type: 'choice', id: interaction.customId };
  if (interaction.isModalSubmit()) {
    if (interaction.customId !== ANSWER_MODAL_ID) return { type: 'choice', id: interaction.customId };
    return { type: 'text', text: answerOf(interaction) };
  }
  if (interaction.commandName !== EVIDENCE_COMMAND) {
    return {
      type: 'command',
      ...conversationCommand(interaction.commandName, (name) => interaction.options.getString(name)),
    };
  }
  const attachment = interaction.options.getAttachment(
    t('fr', `discord:options.${EVIDENCE_OPTION}.name`),
    true,
  );
  const download = await downloadAttachment(attachment, deps.maxEvidenceBytes).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'attachment download failed');
    return { status: 'failed' as const };
  });
  if (download.status === 'ok') return { type: 'file', file: incomingFileOf(attachment, download.bytes) };
  const locale = await personLocale(deps.core, person);
  const maxMb = Math.floor(deps.maxEvidenceBytes / (1024 * 1024));
  const key = download.status === 'tooLarge' ? 'discord:fileTooLarge' : 'discord:fileUnavailable';
  return { say: t(locale, key, { maxMb }) };
}

function basePerson(interaction: Handled): Omit<Person, 'chatId'> {
  return { platform: 'DISCORD', userId: interaction.user.id, languageCode: interaction.locale };
}

/**
 * Where personal notifications go: the direct-message channel with the person. An interaction in that
 * channel names it; from a server's channel it is opened (discord.js keeps it, so once per person).
 */
async function dmChannelId(interaction: Handled): Promise<string> {
  if (!interaction.inGuild() && interaction.channelId) return interaction.channelId;
  return (await interaction.user.createDM()).id;
}

/** The deferred answer becomes the first message; the others follow it, ephemeral as well. */
async function sendEphemeral(interaction: Handled, replies: readonly Reply[], words: RenderWords) {
  const [first, ...rest] = renderReplies(replies, words);
  if (!first) {
    await interaction.deleteReply();
    return;
  }
  await sendingFilesAgain(first, (message) => interaction.editReply(message));
  for (const message of rest) {
    await sendingFilesAgain(message, (again) =>
      interaction.followUp({ ...again, flags: MessageFlags.Ephemeral }),
    );
  }
}

/**
 * A message with a file is sent again, with fresh upload data, when a sending fails: discord.js retries
 * a request whose connection was reset or timed out, but cannot replay a multipart body it has already
 * streamed ("action is not a function" in undici), so its own retry fails. Five tries, a little further
 * apart each time: the try after a reset may itself land on a pooled connection the server has just
 * closed, and under load several in a row did (seen in CI with two busy test workers).
 */
const FILE_SENDING_TRIES = 5;

async function sendingFilesAgain(
  message: DiscordMessage,
  send: (message: DiscordMessage) => Promise<unknown>,
) {
  if (!message.files?.length) return send(message);
  const fresh = () => ({ ...message, files: message.files?.map((file) => ({ ...file })) });
  for (let tried = 1; ; tried++) {
    try {
      return await send(fresh());
    } catch (error) {
      if (tried >= FILE_SENDING_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * tried));
    }
  }
}
