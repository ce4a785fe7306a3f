import { describe, expect, it } from 'vitest';
import { oneYearBefore, parisToday, parseFrenchDate } from '../../core/participants/dates.ts';
import { detectEvidenceType } from '../../core/participants/evidence-type.ts';
import { characterCount, checkText, cleanFileName, cleanText } from '../../core/participants/free-text.ts';
import { sampleFiles } from './fixtures.ts';

describe('reading a date typed by a person', () => {
  it.each([
    ['2026-03-05', '2026-03-05'],
    ['05/03/2026', '2026-03-05'],
    ['5/3/2026', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    [' 29/02/2024 ', '2024-02-29'],
    ['31/12/1999', '1999-12-31'],
  ])('reads %j as %s (day first, as in France)', (text, day) => {
    expect(parseFrenchDate(text)).toEqual({ ok: true, day });
  });

  it.each([
    '',
    'hier',
    '31/02/2026', // no such day
    '29/02/2025', // not a leap year
    '00/01/2026',
    '12/13/2026', // month 13: not an American date either
    '05/03/26', // two-digit year: 1926 or 2026?
    '2026-3-5',
    '2026-02-30',
    '05/03/1850',
    '2026/03/05',
  ])('refuses %j', (text) => {
    expect(parseFrenchDate(text)).toEqual({ ok: false });
  });

  it('takes "today" in Paris, where late evening UTC is already tomorrow', () => {
    expect(parisToday(new Date('2026-03-02T22:30:00Z'))).toBe('2026-03-02');
    expect(parisToday(new Date('2026-03-02T23:30:00Z'))).toBe('2026-03-03');
    expect(parisToday(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15'); // summer time, UTC+2
  });

  it('counts one year back, 29 February falling on the 28th', () => {
    expect(oneYearBefore('2026-03-02')).toBe('2025-03-02');
    expect(oneYearBefore('2028-02-29')).toBe('2027-02-28');
  });
});

describe('cleaning free text', () => {
  it('normalises to one Unicode form, so "é" is one character however it was typed', () => {
    const decomposed = 'Facture de re\u0301siliation';
    expect(cleanText(decomposed)).toBe('Facture de résiliation');
    expect(characterCount(cleanText(decomposed))).toBe(22);
  });

  it('removes control and direction-override characters but keeps lines and emoji', () => {
    const typed = '\u0000Ligne 1\r\nLigne\u0007 2\u202e inversée\u202c\t👩‍👩‍👧\n\n\n\nFin\u0085';
    expect(cleanText(typed)).toBe('Ligne 1\nLigne 2 inversée 👩‍👩‍👧\n\nFin');
  });

  it('replaces a lone surrogate, which could not be stored', () => {
    expect(cleanText('abc\ud800def')).toBe('abc\ufffddef');
  });

  it('tells empty, too short and too long apart', () => {
    expect(checkText('   ', 10, 20)).toEqual({ ok: false, reason: 'empty' });
    expect(checkText('\u00a0\u2003\u202f', 10, 20)).toEqual({ ok: false, reason: 'empty' });
    expect(checkText('\u0000\u0001  \n\t', 10, 20)).toEqual({ ok: false, reason: 'empty' });
    expect(checkText('court', 10, 20)).toEqual({ ok: false, reason: 'tooShort' });
    expect(checkText('x'.repeat(21), 10, 20)).toEqual({ ok: false, reason: 'tooLong' });
    // Emoji count as one character each, not as two UTF-16 units.
    expect(checkText('😡'.repeat(20), 10, 20)).toEqual({ ok: true, text: '😡'.repeat(20) });
  });

  it('keeps only the last part of a file name', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\moi\\facture\u0000.pdf')).toBe('facture.pdf');
    expect(cleanFileName('   ')).toBeNull();
    expect(cleanFileName(undefined)).toBeNull();
    expect(Array.from(cleanFileName('é'.repeat(300)) ?? '')).toHaveLength(200);
  });
});

describe('recognising a proof file by its bytes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['pdf', 'application/pdf'],
    ['webp', 'image/webp'],
    ['heic', 'image/heic'],
  ] as const)('recognises %s', (name, type) => {
    expect(detectEvidenceType(sampleFiles[name])).toBe(type);
  });

  it('refuses anything else, whatever its name says', () => {
    expect(detectEvidenceType(sampleFiles.exe)).toBeUndefined();
    expect(detectEvidenceType(new TextEncoder().encode('<html><script>'))).toBeUndefined();
    expect(detectEvidenceType(Uint8Array.from([0xff, 0xd8]))).toBeUndefined();
    expect(detectEvidenceType(new Uint8Array(0))).toBeUndefined();
    const avif = Uint8Array.from([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypavif')]);
    expect(detectEvidenceType(avif)).toBeUndefined();
  });
});
