import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { ChoiceMenu } from '../../bots/console/choice-menu.ts';
import { startTerminalChat } from '../../bots/console/terminal-chat.ts';
import type { Conversation } from '../../bots/conversation/engine.ts';
import type { Locale } from '../../core/i18n/index.ts';

export interface Transcript {
  /** Everything printed, in order. */
  text: string;
  ended: 'end' | 'interrupt';
}

/** A terminal's output kept in memory. */
export function capturedOutput(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * Pipes these lines into a terminal chat, as `printf '…' | npm start` would, and returns what it
 * printed once the input has ended and every line has been answered.
 */
export async function pipeLines(
  lines: readonly string[],
  options: {
    conversation: Conversation;
    menu?: ChoiceMenu;
    maxEvidenceBytes?: number;
    cwd?: string;
    /** Where handed-over files are saved; a fresh temporary folder by default. */
    downloadsDir?: string;
    admin?: (text: string) => Promise<string>;
    /** The language of the terminal's own hints (as `npm start` gives it: the person's saved choice). */
    localeOf?: () => Promise<Locale>;
  },
): Promise<Transcript> {
  const output = capturedOutput();
  const chat = startTerminalChat({
    input: Readable.from([lines.map((line) => `${line}\n`).join('')]),
    output: output.stream,
    conversation: options.conversation,
    menu: options.menu,
    maxEvidenceBytes: options.maxEvidenceBytes ?? 1024 * 1024,
    languageCode: 'fr',
    cwd: options.cwd,
    downloadsDir: options.downloadsDir ?? join(mkdtempSync(join(tmpdir(), 'clf-terminal-')), 'downloads'),
    admin: options.admin,
    localeOf: options.localeOf,
  });
  const ended = await chat.finished;
  return { text: output.text(), ended };
}
