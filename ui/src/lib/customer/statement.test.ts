import { describe, expect, it } from 'vitest';
import { STATEMENT_DAYS, statementDayLabel, toStatementInput } from './statement';

describe('monthly statement form', () => {
  it('offers days 1–28 and the last day, never 29–31', () => {
    expect(STATEMENT_DAYS).toHaveLength(29);
    expect(STATEMENT_DAYS[0]).toBe('1');
    expect(STATEMENT_DAYS).toContain('28');
    expect(STATEMENT_DAYS).not.toContain('29');
    expect(STATEMENT_DAYS.at(-1)).toBe('last');
  });

  it('labels days as ordinals', () => {
    expect(
      ['1', '2', '3', '4', '11', '12', '13', '21', '22', '23', '28'].map(statementDayLabel),
    ).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '28th']);
    expect(statementDayLabel('last')).toBe('Last day of the month');
  });

  it('sends a numeric day, or "last", with the hour and channels', () => {
    expect(toStatementInput('15', 9, ['letter'])).toEqual({
      day: 15,
      hour: 9,
      channels: ['letter'],
    });
    expect(toStatementInput('last', 17, ['email', 'letter'])).toEqual({
      day: 'last',
      hour: 17,
      channels: ['email', 'letter'],
    });
  });
});
