import { z } from 'zod';
import { parseEuroAmount } from '../../core/participants/money.ts';
import { prefixDigits } from '../../core/references/short-id.ts';
import { parseParisDateTime } from './dates.ts';

/**
 * The kinds of argument mediator actions take. Every interface hands over words (the command line's
 * text, Slack's fields), so each kind reads a string (a number is taken as its digits) and turns it
 * into what the core expects. A refusal names a `mediator:invalid.*` text; `run-action.ts` shows it
 * with the argument's name.
 */
const invalid = (key: string) => `mediator:invalid.${key}`;

/** A string argument; a number given by a form counts as its digits. */
function word<T extends z.ZodType>(then: (text: z.ZodString) => T) {
  return z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    then(z.string({ error: invalid('text') })),
  );
}

/** A string argument read by `read`, which returns undefined (with the key of why) when it cannot. */
function parsed<T>(read: (value: string) => T | undefined, why: string, params?: Record<string, number>) {
  return word((s) =>
    s.transform((value, ctx) => {
      const result = read(value);
      if (result !== undefined) return result;
      ctx.addIssue({ code: 'custom', message: invalid(why), ...(params ? { params } : {}) });
      return z.NEVER;
    }),
  );
}

/** Free text, trimmed, between `min` and `max` characters. */
export const text = (min: number, max: number) => word((s) => s.trim().min(min).max(max));

/** A mediation, by its slug (`red-by-sfr`) or its id: looked up when the action runs. */
export const mediationRef = () => word((s) => s.trim().min(1).max(100));

/**
 * A file, payout or message: its id, or its first characters as lists and notifications show them
 * (`3f2a9c1b`, at least 6). Looked up when the action runs: a prefix must match one id only.
 */
export const ref = () =>
  parsed((value) => (prefixDigits(value) ? value.trim().toLowerCase() : undefined), 'ref');

export const slug = () =>
  word((s) =>
    s
      .trim()
      .toLowerCase()
      .pipe(
        z
          .string()
          .max(60)
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: invalid('slug') }),
      ),
  );

export const email = () => word((s) => s.trim().pipe(z.email({ error: invalid('email') })));

/** `2026-03-20` (the end of that day) or `2026-03-20T18:00`, Paris time. */
export const dateTime = () => parsed(parseParisDateTime, 'date');

export const integer = (min: number, max: number) =>
  parsed(
    (value) => {
      const trimmed = value.trim();
      const number = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
      return number >= min && number <= max ? number : undefined;
    },
    'integer',
    { min, max },
  );

/** Euros as people write them (`50`, `12,50`, `1 234,56 €`), in integer cents. */
export const euros = () =>
  word((s) =>
    s.transform((value, ctx) => {
      const amount = parseEuroAmount(value);
      if (amount.ok) return amount.cents;
      ctx.addIssue({ code: 'custom', message: invalid(`amount.${amount.reason}`) });
      return z.NEVER;
    }),
  );

/** `30`, `30 %`, `12,5 %`: a share in basis points (1 = 0.01 %), from 0.01 % to 100 %. */
export const percent = () =>
  parsed((value) => {
    const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/u.exec(value.normalize('NFKC').trim());
    const points = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : 0;
    return points >= 1 && points <= 10_000 ? points : undefined;
  }, 'percent');

/** A threshold or quorum: `3/4`, or a percentage `75 %` (75/100). The core checks its range. */
export const fraction = () =>
  parsed((value) => {
    const trimmed = value.normalize('NFKC').trim();
    const ratio = /^(\d{1,4})\s*\/\s*(\d{1,4})$/.exec(trimmed);
    if (ratio && Number(ratio[2]) > 0) return { numerator: Number(ratio[1]), denominator: Number(ratio[2]) };
    const share = /^(\d{1,3})\s*%?$/.exec(trimmed);
    return share ? { numerator: Number(share[1]), denominator: 100 } : undefined;
  }, 'fraction');

const voteBases: Record<string, 'ELECTORATE' | 'VOTES_CAST'> = {
  electorate: 'ELECTORATE',
  participants: 'ELECTORATE',
  'votes-cast': 'VOTES_CAST',
  exprimes: 'VOTES_CAST',
};

/** `electorate` (every participant called to vote, the default) or `votes-cast` (with a quorum). */
export const voteBase = () =>
  parsed(
    (value) =>
      voteBases[value.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replaceAll('_', '-')],
    'voteBase',
  );

const answers: Record<string, boolean> = {
  oui: true,
  yes: true,
  o: true,
  y: true,
  non: false,
  no: false,
  n: false,
};

/** `Texte en français | Text in English | oui`: an eligibility question and the answer that qualifies. */
export const question = () =>
  parsed((value) => {
    const parts = value.split('|').map((part) => part.trim());
    const answer = answers[(parts[2] ?? '').toLowerCase()];
    const [fr = '', en = ''] = parts;
    if (parts.length !== 3 || fr.length < 3 || en.length < 3 || answer === undefined) return undefined;
    return { fr, en, requiredAnswer: answer };
  }, 'question');

/** An argument given several times (`--question … --question …`); once is a list of one. */
export const repeated = <T extends z.ZodType>(item: T, max: number) =>
  z
    .preprocess(
      (value) => (value === undefined || Array.isArray(value) ? value : [value]),
      z.array(item).max(max),
    )
    .describe('repeatable');

/**
 * `ab12cd34 Virement refusé par la banque`: a payout (short id) and why it will never be confirmed,
 * for closing a mediation with payouts left unconfirmed.
 */
export const payoutReason = () =>
  parsed((value) => {
    const match = /^\s*(\S+)\s+(.+)$/su.exec(value);
    const reason = match?.[2]?.trim() ?? '';
    if (!match || !prefixDigits(match[1] ?? '') || reason.length < 3 || reason.length > 1000)
      return undefined;
    return { payout: (match[1] ?? '').toLowerCase(), reason };
  }, 'payoutReason');

/** One word among a few, written as the help shows it. */
export const oneOf = <const W extends readonly [string, ...string[]]>(words: W) =>
  word((s) =>
    s
      .trim()
      .toLowerCase()
      .pipe(z.enum(words, { error: invalid('oneOf') })),
  );
