import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { Conversation } from '../conversation/engine.ts';
import { choiceTyped } from '../conversation/typed-choice.ts';
import type { Incoming, IncomingEvent, Reply } from '../conversation/types.ts';
import { type ChoiceMenu, createChoiceMenu } from './choice-menu.ts';
import { CONSOLE_CHAT_ID } from './console-channel.ts';
import { saveDownload } from './download-file.ts';
import { readLocalEvidence } from './evidence-file.ts';
import { parseTerminalLine } from './terminal-line.ts';

export interface TerminalChatOptions {
  input: Readable;
  output: Writable;
  conversation: Conversation;
  /** Largest evidence file, in bytes (checked before the file is read). */
  maxEvidenceBytes: number;
  /** Shared with the console channel, so a number can answer a notification's buttons. */
  menu?: ChoiceMenu;
  /** The language of the terminal's own hints: the person's saved choice once they made one. */
  localeOf?: () => Promise<Locale>;
  /** Given to the conversation as the platform's language (the configured default). */
  languageCode?: Locale;
  /** After piped input ends, how long notifications caused by the last lines get to be printed. */
  settleMs?: number;
  /** Where relative evidence paths start. */
  cwd?: string;
  /** Where files the chat hands over (a vote's published list) are saved: `<DATA_DIR>/downloads`. */
  downloadsDir: string;
  /** `/admin <action> …`: a mediator action on this program's database; resolves with what to print. */
  admin?: (text: string) => Promise<string>;
}

export interface TerminalChat {
  /** `end` when the input ended (a pipe, Ctrl+D), `interrupt` on Ctrl+C at the keyboard. */
  finished: Promise<'end' | 'interrupt'>;
  /** Prints what arrived on its own (a notification) without mixing it into the prompt being typed. */
  print(text: string): void;
  /** Stops reading; lines not handled yet are dropped. */
  close(): void;
}

/**
 * The consumer chat in a terminal: each line typed (or piped) becomes one event of the conversation,
 * handled one after another, each waiting for its answer, so a script drives it like a person would.
 * Buttons are shown as numbers; `fichier <chemin>` sends a file as evidence; `/admin …` plays the
 * mediator (see `options.admin`).
 */
export function startTerminalChat(options: TerminalChatOptions): TerminalChat {
  const { input, output, conversation } = options;
  const menu = options.menu ?? createChoiceMenu();
  const localeOf = options.localeOf ?? (async () => options.languageCode ?? 'fr');
  const interactive = Boolean((input as Readable & { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input, output, terminal: interactive, prompt: '› ' });
  const write = (text: string) => output.write(text);
  let interrupted = false;
  /** At the keyboard, between two answers: the prompt is on screen. */
  let atPrompt = false;

  lines.on('SIGINT', () => {
    interrupted = true;
    lines.close();
  });

  const send = (event: IncomingEvent) => {
    const incoming: Incoming = {
      platform: 'CONSOLE',
      userId: CONSOLE_CHAT_ID,
      chatId: CONSOLE_CHAT_ID,
      languageCode: options.languageCode,
      choosing: 'typed',
      event,
    };
    return conversation.handle(incoming);
  };

  async function show(replies: Reply[]): Promise<void> {
    const expects = replies.findLast((reply) => reply.expects)?.expects;
    menu.reset(expects ?? (replies.some((reply) => reply.choices?.length) ? 'choice' : undefined));
    const blocks: string[] = [];
    for (const reply of replies) {
      const saved = reply.file ? [await savedLine(reply.file)] : [];
      blocks.push([reply.text, ...saved, ...menu.number(reply.choices ?? [])].join('\n'));
    }
    write(`\n${blocks.join('\n\n')}\n${await hint()}\n`);
  }

  /** A terminal cannot show a file: it is saved, and the line under the text says where. */
  async function savedLine(file: NonNullable<Reply['file']>): Promise<string> {
    const saved = await saveDownload(options.downloadsDir, file);
    const locale = await localeOf();
    if (saved.ok) return t(locale, 'console:download.saved', { path: saved.path });
    return t(locale, 'console:download.failed', { folder: options.downloadsDir, reason: saved.reason });
  }

  async function hint(): Promise<string> {
    const locale = await localeOf();
    if (menu.expects === 'file') return t(locale, 'console:hint.file');
    if (menu.expects === 'text')
      return t(locale, menu.size > 0 ? 'console:hint.textOrChoice' : 'console:hint.text');
    return t(locale, menu.size > 0 ? 'console:hint.choice' : 'console:hint.command');
  }

  async function say(key: string, params?: Record<string, string | number>): Promise<void> {
    write(`\n${t(await localeOf(), key, params)}\n`);
  }

  async function handleLine(raw: string): Promise<void> {
    const line = parseTerminalLine(raw);
    switch (line.kind) {
      case 'empty':
        return;
      case 'command':
        if (line.name === 'admin' && options.admin)
          return void write(`\n${await options.admin(line.args)}\n`);
        return show(await send({ type: 'command', name: line.name, args: line.args }));
      case 'number': {
        // While the conversation waits for free text, `50` is an amount, not the fiftieth button.
        const answersText = menu.expects === 'text' && !line.marked;
        if (menu.size === 0 || answersText) return show(await send({ type: 'text', text: line.text }));
        const choice = menu.pick(line.number);
        if (!choice) return say('console:choiceOutOfRange', { number: line.number, last: menu.size });
        return show(await send({ type: 'choice', id: choice.id }));
      }
      case 'file': {
        const read = await readLocalEvidence(line.path, options.maxEvidenceBytes, options.cwd);
        if (!read.ok)
          return say(`console:file.${read.reason}`, {
            path: line.path,
            maxMegabytes: Math.floor(options.maxEvidenceBytes / (1024 * 1024)),
          });
        return show(await send({ type: 'file', file: read.file }));
      }
      case 'text': {
        // « oui », « Accepter » for a choice printed here, a notification's included (the conversation
        // only knows the choices of its own answers).
        const picked = choiceTyped(line.text, menu.choices);
        if (picked) return show(await send({ type: 'choice', id: picked.id }));
        return show(await send({ type: 'text', text: line.text }));
      }
    }
  }

  const finished = (async (): Promise<'end' | 'interrupt'> => {
    const prompt = () => {
      if (!interactive) return;
      atPrompt = true;
      lines.prompt();
    };
    prompt();
    // One line at a time, in order: the next line is read only once this one is answered.
    for await (const line of lines) {
      atPrompt = false;
      try {
        await handleLine(line);
      } catch {
        // The conversation answers its own failures; this is ours (the terminal): apologise, carry on.
        await say('errors:internal');
      }
      prompt();
    }
    if (!interrupted && options.settleMs)
      await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    return interrupted ? 'interrupt' : 'end';
  })();

  return {
    finished,
    print(text) {
      if (!atPrompt) return void write(text);
      // Rub out the prompt, print, then give it back with what was already typed.
      clearLine(output, 0);
      cursorTo(output, 0);
      write(text);
      lines.prompt(true);
    },
    close: () => lines.close(),
  };
}
