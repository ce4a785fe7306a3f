import type { Context, Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import { type Locale, negotiateLocale, t } from '../../core/i18n/index.ts';
import type { Conversation } from '../conversation/engine.ts';
import { personLocale } from '../conversation/person-locale.ts';
import type { Incoming, IncomingEvent } from '../conversation/types.ts';
import { type Download, downloadSentFile } from './evidence-download.ts';
import { parseCommand, type SentFile, sentFileOf } from './incoming.ts';
import { sendReplies, sendText } from './send.ts';

export interface InboundDeps {
  conversation: Conversation;
  core: Core;
  logger: Logger;
  maxEvidenceBytes: number;
}

type Person = Omit<Incoming, 'event'>;

/** What the update's middleware leaves in telegraf's `ctx.state` for the handlers. */
export interface InboundState {
  /** The recorded update (bot.ts): the conversation saves its effects and next state with it. */
  update?: Incoming['update'];
}

/** A message: a command, free text, a photo or a document, each turned into the neutral event. */
export async function handleMessage(deps: InboundDeps, ctx: Context): Promise<void> {
  const message = ctx.message;
  const from = ctx.from;
  if (!message || !from || from.is_bot || !ctx.chat) return;
  const text = 'text' in message ? message.text : undefined;
  const command = text === undefined ? undefined : parseCommand(text, ctx.botInfo.username);
  if (command === 'not-ours') return;
  if (ctx.chat.type !== 'private') {
    // A group sees everything said there: personal matters stay in the private chat. Answer only
    // what was asked of us, so the bot never chatters in a group.
    if (command)
      await sendText(ctx.telegram, ctx.chat.id, t(platformLocale(from), 'telegram:privateChatOnly'));
    return;
  }
  const person: Person = {
    platform: 'TELEGRAM',
    userId: String(from.id),
    chatId: String(ctx.chat.id),
    languageCode: from.language_code,
    update: (ctx.state as InboundState).update,
  };
  if (command) return converse(deps, ctx.telegram, { ...person, event: { type: 'command', ...command } });
  if (text !== undefined) return converse(deps, ctx.telegram, { ...person, event: { type: 'text', text } });
  const file = sentFileOf(message);
  if (!file) {
    const locale = await personLocale(deps.core, person);
    return sendText(ctx.telegram, ctx.chat.id, t(locale, 'telegram:unsupportedMessage'));
  }
  return receiveFile(deps, ctx, person, file);
}

/** A button: answered at once (so the app stops its spinner), then its choice id goes to the conversation. */
export async function handleCallbackQuery(deps: InboundDeps, ctx: Context): Promise<void> {
  const query = ctx.callbackQuery;
  if (!query) return;
  const chat = query.message?.chat;
  const inGroup = chat !== undefined && chat.type !== 'private';
  await ctx
    .answerCbQuery(inGroup ? t(platformLocale(query.from), 'telegram:privateChatOnly') : undefined)
    // Too late (the query expired while we were down) or already answered: the choice still counts.
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'callback query not answered'));
  if (inGroup || !('data' in query) || !query.data) return;
  await converse(deps, ctx.telegram, {
    platform: 'TELEGRAM',
    userId: String(query.from.id),
    chatId: String(chat?.id ?? query.from.id),
    languageCode: query.from.language_code,
    update: (ctx.state as InboundState).update,
    event: { type: 'choice', id: query.data },
  });
}

async function receiveFile(deps: InboundDeps, ctx: Context, person: Person, file: SentFile): Promise<void> {
  void ctx.sendChatAction('typing').catch(() => undefined);
  const download = await downloadSafely(deps, ctx.telegram, file);
  if (download.status !== 'ok') {
    const locale = await personLocale(deps.core, person);
    const key = download.status === 'tooLarge' ? 'telegram:fileTooLarge' : 'telegram:fileUnavailable';
    const maxMb = Math.floor(deps.maxEvidenceBytes / (1024 * 1024));
    return sendText(ctx.telegram, person.chatId, t(locale, key, { maxMb }));
  }
  const event: IncomingEvent = {
    type: 'file',
    file: { bytes: download.bytes, declaredMimeType: file.declaredMimeType, fileName: file.fileName },
  };
  return converse(deps, ctx.telegram, { ...person, event });
}

async function downloadSafely(deps: InboundDeps, telegram: Telegram, file: SentFile): Promise<Download> {
  try {
    return await downloadSentFile(telegram, file, deps.maxEvidenceBytes);
  } catch (error) {
    // Telegram's own servers hand bots files of 20 MB at most, whatever our limit says.
    if (error instanceof TelegramError && /file is too big/i.test(error.description))
      return { status: 'tooLarge' };
    deps.logger.warn({ err: error }, 'file download failed');
    return { status: 'failed' };
  }
}

async function converse(deps: InboundDeps, telegram: Telegram, incoming: Incoming): Promise<void> {
  const replies = await deps.conversation.handle(incoming);
  await sendReplies(telegram, incoming.chatId, replies, { retries: 3 });
}

function platformLocale(user: { language_code?: string }): Locale {
  return negotiateLocale({ platformLanguage: user.language_code });
}
