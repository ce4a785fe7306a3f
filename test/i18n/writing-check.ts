import { findTypographyProblems } from './typography-check.ts';

/** Words French and English write the same in the singular and the plural, or that are not nouns. */
const invariable = new Set([
  'fois',
  'mois',
  'après',
  'sans',
  'sur',
  'dans',
  'plus',
  'pas',
  'jusqu',
  'is',
  'was',
  'has',
  'as',
  'us',
]);

/** A year is written without a space: after a month, « en », « année », « de » (« rapport de 2026 »). */
const yearContext =
  /(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|en|année|de|exemple)\s$/;

/** What a French text rendered with sample values gets wrong. */
export function frenchFaults(text: string): string[] {
  const faults: string[] = [];
  if (/\((?:e?s|·?e?s)\)/.test(text)) faults.push('plural written « (s) »');
  for (const match of text.matchAll(/(?<![\d,.\u202f\u00a0])\b([01])[\u00a0\u202f ]+([\p{L}·’-]+)/gu)) {
    const word = (match[2] as string).toLowerCase();
    if (/(s|x|·es)$/.test(word) && !invariable.has(word))
      faults.push(`« ${match[1]} ${match[2]} »: French writes 0 and 1 in the singular`);
  }
  for (const match of text.matchAll(/\d+(?:[ ,.]\d+)*/g)) {
    const digits = match[0];
    const before = text.slice(0, match.index);
    const after = text[match.index + digits.length] ?? '';
    // Dates and codes to type (`15/03/2026`, `2026-03-20`, `ABCD-2345`) and what a person is quoted
    // typing (« 1234 ») are written as typed.
    const typed = /[-/\p{L}]$/u.test(before) || /[-/T]/.test(after);
    const quoted = (before.match(/«/g)?.length ?? 0) > (before.match(/»/g)?.length ?? 0);
    if (typed || quoted) continue;
    if (/\d \d{3}/.test(digits)) faults.push(`« ${digits} »: digit groups need a no-break space`);
    for (const run of digits.match(/\d{4,}/g) ?? []) {
      const isYear = /^(19|20)\d\d$/.test(run) && (run !== digits ? false : yearContext.test(before));
      if (!isYear) faults.push(`« ${run} »: French groups digits over 999 (« 2 000 »)`);
    }
  }
  if (/\d %/.test(text)) faults.push('« 75 % »: a no-break space before « % »');
  if (/\b\d{1,2}:\d{2}\b/.test(text)) faults.push('a time written « 8:58 » (French: « 8 h 58 »)');
  if (text.includes("'")) faults.push('a straight apostrophe (French uses ’)');
  faults.push(...findTypographyProblems(text));
  return faults;
}

export function englishFaults(text: string): string[] {
  const faults: string[] = [];
  if (/\((?:e?s)\)/.test(text)) faults.push('plural written « (s) »');
  for (const match of text.matchAll(/(?<![\d,.])\b(1)[\u00a0\u202f ]+([\p{L}’-]+)/gu)) {
    const word = (match[2] as string).toLowerCase();
    if (/s$/.test(word) && !invariable.has(word)) faults.push(`« 1 ${match[2]} »: one takes the singular`);
  }
  return faults;
}
