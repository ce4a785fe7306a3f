/** What one line typed in the terminal chat asks for, before anything is looked up or read. */
export type TerminalLine =
  | { kind: 'empty' }
  | { kind: 'command'; name: string; args: string }
  /** `3` picks the third choice shown; `#3` does too when a bare number would be an answer. */
  | { kind: 'number'; number: number; marked: boolean; text: string }
  | { kind: 'file'; path: string }
  | { kind: 'text'; text: string };

/** `fichier <chemin>` in French, `file <path>` in English: a file to send as evidence. */
const fileWords = /^(?:fichier|file)\s+(.+)$/i;

export function parseTerminalLine(line: string): TerminalLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (text.startsWith('/')) {
    const [, name = '', args = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
    return { kind: 'command', name: name.toLowerCase(), args: args.trim() };
  }
  const number = /^(#)?\s*(\d{1,4})\.?$/.exec(text);
  if (number) return { kind: 'number', number: Number(number[2]), marked: number[1] === '#', text };
  const file = fileWords.exec(text);
  if (file) return { kind: 'file', path: unquotePath((file[1] as string).trim()) };
  return { kind: 'text', text };
}

/**
 * Terminals paste a dragged file as `'/path/with space.pdf'` or `/path/with\ space.pdf`: both mean the
 * file itself, not a name with quotes or backslashes in it.
 */
function unquotePath(path: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(path);
  if (quoted) return quoted[2] as string;
  // Only the characters shells escape: a Windows path keeps its backslashes.
  return path.replace(/\\([ '"()&])/g, '$1');
}
