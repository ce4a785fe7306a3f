/**
 * CSV for spreadsheets (RFC 4180: fields quoted when needed, quotes doubled, CRLF line ends), with a
 * UTF-8 byte order mark so that Excel reads accents right. A cell a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, or a tab or carriage return first) gets a leading apostrophe: a participant's
 * text must never execute anything on a mediator's computer (CSV injection).
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue, separator: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  const needsQuotes = safe.includes(separator) || /["\r\n]/.test(safe) || safe !== safe.trim();
  return needsQuotes ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly CsvValue[])[], separator: string): string {
  const lines = rows.map((row) => row.map((value) => csvCell(value, separator)).join(separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
