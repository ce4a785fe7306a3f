import { describe, expect, it } from 'vitest';
import { parseTerminalLine } from '../../bots/console/terminal-line.ts';

describe('a line typed in the terminal chat', () => {
  it('is a command with its arguments when it starts with a slash', () => {
    expect(parseTerminalLine('  /Start red-by-sfr ')).toEqual({
      kind: 'command',
      name: 'start',
      args: 'red-by-sfr',
    });
    expect(parseTerminalLine('/aide')).toEqual({ kind: 'command', name: 'aide', args: '' });
  });

  it('is a number to match against the choices shown, # marking one meant as a choice', () => {
    expect(parseTerminalLine('3')).toEqual({ kind: 'number', number: 3, marked: false, text: '3' });
    expect(parseTerminalLine('2.')).toMatchObject({ kind: 'number', number: 2 });
    expect(parseTerminalLine('#1')).toMatchObject({ kind: 'number', number: 1, marked: true });
  });

  it('stays text when it only looks like a number (an amount, a date)', () => {
    expect(parseTerminalLine('1 234,56 €')).toEqual({ kind: 'text', text: '1 234,56 €' });
    expect(parseTerminalLine('15/01/2026')).toEqual({ kind: 'text', text: '15/01/2026' });
    expect(parseTerminalLine('49,90')).toEqual({ kind: 'text', text: '49,90' });
  });

  it('names a file after « fichier » or « file », quoted or escaped as terminals paste it', () => {
    expect(parseTerminalLine('fichier ~/facture.pdf')).toEqual({ kind: 'file', path: '~/facture.pdf' });
    expect(parseTerminalLine("Fichier '/tmp/ma facture.pdf'")).toEqual({
      kind: 'file',
      path: '/tmp/ma facture.pdf',
    });
    expect(parseTerminalLine('file /tmp/ma\\ facture.pdf')).toEqual({
      kind: 'file',
      path: '/tmp/ma facture.pdf',
    });
    expect(parseTerminalLine('file C:\\Users\\moi\\facture.pdf')).toEqual({
      kind: 'file',
      path: 'C:\\Users\\moi\\facture.pdf',
    });
    // A sentence that merely starts with the word is not a file.
    expect(parseTerminalLine('fichier')).toEqual({ kind: 'text', text: 'fichier' });
  });

  it('is nothing at all when blank', () => {
    expect(parseTerminalLine('   ')).toEqual({ kind: 'empty' });
  });
});
