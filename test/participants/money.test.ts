import { describe, expect, it } from 'vitest';
import { type AmountRefusal, parseEuroAmount } from '../../core/participants/money.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const LIMIT = 1_000_000 * 100;

describe('reading an amount typed by a person', () => {
  const accepted: [string, number][] = [
    ['12,50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0,50', 50],
    [',50', 50],
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1 234,56 €', 123456],
    [`1${NBSP}234,56${NBSP}€`, 123456],
    [`1${NNBSP}234,56${NBSP}€`, 123456], // what Intl writes in French
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1 234', 123400],
    ['234 567,89', 23456789],
    ['1.000.000', LIMIT],
    ['1,000,000', LIMIT],
    ['1.000.000,00 €', LIMIT],
    ['EUR 12', 1200],
    ['eur 12,50', 1250],
    ['€12,50', 1250],
    ['€ 12,50', 1250],
    ['12€', 1200],
    ['12 EUR', 1200],
    ['12 euros', 1200],
    ['1 euro', 100],
    ['  49,90  ', 4990],
    ['0012', 1200],
    ['１２,５０', 1250], // full-width digits from some phone keyboards
    ['1 000 000', LIMIT],
  ];
  it.each(accepted)('accepts %j as %i cents', (text, cents) => {
    expect(parseEuroAmount(text, LIMIT)).toEqual({ ok: true, cents });
  });

  const refused: [string, AmountRefusal][] = [
    ['', 'notANumber'],
    ['   ', 'notANumber'],
    ['douze euros', 'notANumber'],
    ['12abc', 'notANumber'],
    ['1e5', 'notANumber'],
    ['12,', 'notANumber'],
    ['€', 'notANumber'],
    ['1 2', 'notANumber'],
    ['1234 56', 'notANumber'],
    ['12.5.3', 'notANumber'],
    ['1,2,3', 'notANumber'],
    ['1.234.56', 'notANumber'],
    ['12,50,00', 'notANumber'],
    ['+12', 'notANumber'],
    ['12 $', 'notANumber'],
    ['NaN', 'notANumber'],
    ['Infinity', 'notANumber'],
    ['-12', 'negative'],
    ['-12,50 €', 'negative'],
    ['−12', 'negative'], // typographic minus
    ['-€12', 'negative'],
    ['€-12', 'negative'],
    ['0', 'zero'],
    ['0,00', 'zero'],
    ['-0', 'zero'],
    ['0 €', 'zero'],
    ['12,505', 'ambiguous'],
    ['1.000', 'ambiguous'],
    ['1,000', 'ambiguous'],
    ['0,125', 'tooManyDecimals'],
    ['12,5055', 'tooManyDecimals'],
    ['1 234,567', 'tooManyDecimals'],
    ['1.234,567', 'tooManyDecimals'],
    ['0,001', 'tooManyDecimals'],
    ['1 000 000,01', 'tooLarge'],
    ['1000001', 'tooLarge'],
    ['99999999999999999999', 'tooLarge'],
  ];
  it.each(refused)('refuses %j as %s', (text, reason) => {
    expect(parseEuroAmount(text, LIMIT)).toEqual({ ok: false, reason });
  });

  it('never lets a configured limit go past what the database can store', () => {
    expect(parseEuroAmount('21 474 836,47', Number.MAX_SAFE_INTEGER)).toEqual({
      ok: true,
      cents: 2_147_483_647,
    });
    expect(parseEuroAmount('21 474 836,48', Number.MAX_SAFE_INTEGER)).toEqual({
      ok: false,
      reason: 'tooLarge',
    });
  });

  it('uses the limit it is given', () => {
    expect(parseEuroAmount('100', 10_000)).toEqual({ ok: true, cents: 10_000 });
    expect(parseEuroAmount('100,01', 10_000)).toEqual({ ok: false, reason: 'tooLarge' });
  });
});
