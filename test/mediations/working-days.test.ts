import { describe, expect, it } from 'vitest';
import {
  addParisDays,
  addWorkingDays,
  easterSunday,
  frenchPublicHolidays,
  isFrenchWorkingDay,
} from '../../core/clock/working-days.ts';

const at = (iso: string) => new Date(iso);

describe('French working days, counted in Paris', () => {
  it('computes Easter and the holidays that move with it', () => {
    expect(easterSunday(2024)).toEqual({ year: 2024, month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ year: 2025, month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ year: 2026, month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ year: 2027, month: 3, day: 28 });
    const holidays2026 = frenchPublicHolidays(2026).map((d) => `${d.month}-${d.day}`);
    // Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May.
    expect(holidays2026).toEqual(
      expect.arrayContaining(['4-6', '5-14', '5-25', '5-1', '5-8', '7-14', '11-11']),
    );
    expect(holidays2026).toHaveLength(11);
    expect(isFrenchWorkingDay({ year: 2026, month: 4, day: 6 })).toBe(false);
    expect(isFrenchWorkingDay({ year: 2026, month: 4, day: 7 })).toBe(true);
    expect(isFrenchWorkingDay({ year: 2026, month: 4, day: 4 })).toBe(false); // a Saturday
  });

  it('skips the weekend and Easter Monday', () => {
    // Thursday 2 April 2026, 10:00 in Paris (summer time). Fri 3 = 1, Tue 7 = 2 (Mon 6 is Easter Monday).
    expect(addWorkingDays(at('2026-04-02T08:00:00Z'), 2)).toEqual(at('2026-04-07T08:00:00Z'));
    // 20 working days from Monday 30 March: Easter Monday moves the end to Tuesday 28 April.
    expect(addWorkingDays(at('2026-03-30T08:00:00Z'), 20)).toEqual(at('2026-04-28T08:00:00Z'));
  });

  it('skips the May holidays: 1 and 8 May, Ascension, Whit Monday', () => {
    // Thursday 30 April 2026 at 15:00 Paris. May 2026 loses Fri 1, Fri 8, Thu 14 and Mon 25.
    const invited = at('2026-04-30T13:00:00Z');
    expect(addWorkingDays(invited, 1)).toEqual(at('2026-05-04T13:00:00Z'));
    // Mon 4..Thu 7 = 4, Mon 11..Wed 13 = 7, Fri 15 = 8, 18..22 = 13, Tue 26..Fri 29 = 17, Mon 1 June..Wed 3 = 20.
    expect(addWorkingDays(invited, 20)).toEqual(at('2026-06-03T13:00:00Z'));
  });

  it('keeps the Paris wall-clock time across a change of time and counts days in Paris', () => {
    // Friday 20 March 2026 at 11:00 Paris (winter, UTC+1) → ten working days later is Friday 3 April
    // at 11:00 Paris (summer, UTC+2).
    expect(addWorkingDays(at('2026-03-20T10:00:00Z'), 10)).toEqual(at('2026-04-03T09:00:00Z'));
    // 23:30 UTC on Friday 6 March is already Saturday 00:30 in Paris: the next working day is Monday.
    expect(addWorkingDays(at('2026-03-06T23:30:00Z'), 1)).toEqual(at('2026-03-08T23:30:00Z'));
    // An invitation on a Sunday: one working day later is Monday at the same time.
    expect(addWorkingDays(at('2026-03-08T09:00:00Z'), 1)).toEqual(at('2026-03-09T09:00:00Z'));
  });

  it('adds calendar days in Paris time for the 90-day limit', () => {
    // 90 days from 2 March 2026 10:00 Paris (UTC+1) is 31 May 2026 10:00 Paris (UTC+2).
    expect(addParisDays(at('2026-03-02T09:00:00Z'), 90)).toEqual(at('2026-05-31T08:00:00Z'));
  });

  it('refuses a negative count', () => {
    expect(() => addWorkingDays(at('2026-03-02T09:00:00Z'), -1)).toThrow(RangeError);
  });
});
