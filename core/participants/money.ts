/**
 * Reading an amount the way a person types it in a chat. French first (`12,50`, `1 234,56 €`), but
 * English habits (`1234.56`, `1,234.56`) work too. Money is integer cents from here on: no floats.
 */
export type AmountRefusal = 'notANumber' | 'negative' | 'zero' | 'tooManyDecimals' | 'tooLarge' | 'ambiguous';

export type AmountParse = { ok: true; cents: number } | { ok: false; reason: AmountRefusal };

/** The database column is a 32-bit integer: no configured limit may go past it. */
const LARGEST_STORABLE_CENTS = 2_147_483_647;

// Any Unicode space: regular, no-break (U+00A0), narrow no-break (U+202F, what Intl writes in French), thin.
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/gu;
const CURRENCY_BEFORE = /^(?:€|eur(?:os?)?)\s*/iu;
const CURRENCY_AFTER = /\s*(?:€|eur(?:os?)?)$/iu;
// A minus sign as typed on a keyboard, or the typographic one (U+2212).
const MINUS = /^[-\u2212]\s*/u;

export function parseEuroAmount(text: string, maxCents: number = LARGEST_STORABLE_CENTS): AmountParse {
  let body = stripCurrency(text.normalize('NFKC').replace(SPACES, ' ').trim());
  // The sign may come before or after the currency: `-12 €`, `-€12`, `€-12`.
  const negative = MINUS.test(body);
  body = stripCurrency(body.replace(MINUS, ''));
  const number = splitNumber(body);
  if (!number.ok) return number;
  const { integerDigits, decimalDigits } = number;
  if (decimalDigits.length > 2) return { ok: false, reason: 'tooManyDecimals' };
  const significant = integerDigits.replace(/^0+/, '');
  const cents =
    significant.length > 12
      ? Number.POSITIVE_INFINITY
      : Number(significant || '0') * 100 + Number(decimalDigits.padEnd(2, '0') || '0');
  if (cents === 0) return { ok: false, reason: 'zero' };
  if (negative) return { ok: false, reason: 'negative' };
  if (cents > Math.min(maxCents, LARGEST_STORABLE_CENTS)) return { ok: false, reason: 'tooLarge' };
  return { ok: true, cents };
}

function stripCurrency(text: string): string {
  return text.replace(CURRENCY_BEFORE, '').replace(CURRENCY_AFTER, '').trim();
}

type SplitNumber =
  | { ok: true; integerDigits: string; decimalDigits: string }
  | { ok: false; reason: AmountRefusal };

/**
 * Finds the decimal separator. With both `.` and `,` the last one is decimal and the other groups
 * thousands (`1.234,56`, `1,234.56`). A lone separator is decimal (`12,50`), except before exactly three
 * digits (`1.234`): French writes that as 1 234 €, English as 1.234 €. Guessing could multiply a claim by
 * a thousand, so we ask instead (`ambiguous`).
 */
function splitNumber(body: string): SplitNumber {
  const notANumber = { ok: false, reason: 'notANumber' } as const;
  if (!/^[0-9 .,]+$/.test(body) || !/[0-9]/.test(body)) return notANumber;
  const lastComma = body.lastIndexOf(',');
  const lastDot = body.lastIndexOf('.');
  const separators = (body.match(/[.,]/g) ?? []).length;
  let decimalAt = -1;
  if (lastComma >= 0 && lastDot >= 0) {
    decimalAt = Math.max(lastComma, lastDot);
    const decimalMark = body[decimalAt];
    if (body.indexOf(decimalMark ?? '') !== decimalAt) return notANumber;
  } else if (separators === 1) {
    decimalAt = Math.max(lastComma, lastDot);
    const head = body.slice(0, decimalAt);
    const tail = body.slice(decimalAt + 1);
    if (/^\d{3}$/.test(tail) && /^[1-9]\d{0,2}$/.test(head)) return { ok: false, reason: 'ambiguous' };
  }
  const integerPart = decimalAt >= 0 ? body.slice(0, decimalAt) : body;
  const decimalPart = decimalAt >= 0 ? body.slice(decimalAt + 1) : '';
  if (decimalAt >= 0 && !/^\d+$/.test(decimalPart)) return notANumber;
  const integerDigits = readGroupedInteger(integerPart.trim());
  if (integerDigits === undefined) return notANumber;
  if (integerDigits === '' && decimalPart === '') return notANumber;
  return { ok: true, integerDigits, decimalDigits: decimalPart };
}

/** Plain digits (`1234`), or groups of three after a first group of one to three (`1 234`, `1.234.567`). */
function readGroupedInteger(part: string): string | undefined {
  if (/^\d*$/.test(part)) return part;
  const groupMark = part.match(/[ .,]/)?.[0];
  if (!groupMark) return undefined;
  const groups = part.split(groupMark);
  const [first, ...rest] = groups;
  if (!first || !/^\d{1,3}$/.test(first)) return undefined;
  if (!rest.every((group) => /^\d{3}$/.test(group))) return undefined;
  return groups.join('');
}
