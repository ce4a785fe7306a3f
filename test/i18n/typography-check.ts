/** The two spaces French typography accepts where a line must not break: U+00A0 and the narrow U+202F. */
const noBreakSpace = /[\u00a0\u202f]/;

/**
 * Parts of a text that are not French prose: `{{variables}}`, nested `$t(ns:key)` references and
 * URLs. They are replaced by letters of the same length, so the prose around them is still checked.
 */
const notProse = [/\{\{[^}]*\}\}/g, /\$t\([^)]*\)/g, /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi];

/**
 * What a French text gets wrong in typography: a missing no-break space before `:` `;` `!` `?`
 * (a time like `14:00` excepted) or inside « ». Each problem quotes the place with spaces made visible.
 */
export function findTypographyProblems(text: string): string[] {
  const prose = notProse.reduce(
    (masked, pattern) => masked.replace(pattern, (part) => 'x'.repeat(part.length)),
    text,
  );
  const problems: string[] = [];
  const report = (index: number, rule: string) => problems.push(`${rule}: “${excerpt(text, index)}”`);
  for (const match of prose.matchAll(/[:;!?]+/g)) {
    const at = match.index;
    const before = prose[at - 1] ?? '';
    const isTime = match[0] === ':' && /\d/.test(before) && /\d/.test(prose[at + 1] ?? '');
    if (!isTime && !noBreakSpace.test(before)) report(at, `no-break space needed before “${match[0]}”`);
  }
  for (const match of prose.matchAll(/«/g)) {
    if (!noBreakSpace.test(prose[match.index + 1] ?? ''))
      report(match.index, 'no-break space needed after «');
  }
  for (const match of prose.matchAll(/»/g)) {
    if (!noBreakSpace.test(prose[match.index - 1] ?? ''))
      report(match.index, 'no-break space needed before »');
  }
  return problems;
}

function excerpt(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 12), index + 6)
    .replaceAll('\u00a0', '⍽')
    .replaceAll('\u202f', '⍽')
    .replaceAll(' ', '␣');
}
