import { describe, expect, it } from 'vitest';
import { busiestDay, channelTotals, dayWords, fillDays } from './days';

describe('the day strip', () => {
  const byDay = [
    { date: '2026-11-23', email: 2, sms: 1, letter: 0 },
    { date: '2026-11-25', email: 4, sms: 0, letter: 1 },
  ];

  it('has a bar for every day of the window, zero where nothing is sent', () => {
    const bars = fillDays(byDay, '2026-11-22', 5);
    expect(bars.map((bar) => bar.date)).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(bars.map((bar) => bar.total)).toEqual([0, 3, 0, 5, 0]);
  });

  it('keeps counted days outside the window rather than dropping them', () => {
    const bars = fillDays(byDay, '2026-11-24', 1);
    expect(bars.map((bar) => bar.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
  });

  it('finds the busiest day and the totals per channel', () => {
    const bars = fillDays(byDay, '2026-11-22', 5);
    expect(busiestDay(bars)?.date).toBe('2026-11-25');
    expect(busiestDay(fillDays([], '2026-11-22', 3))).toBeNull();
    expect(channelTotals(bars)).toEqual({ email: 6, sms: 1, letter: 1 });
  });

  it('says what a day sends', () => {
    const [, monday, tuesday, wednesday] = fillDays(byDay, '2026-11-22', 4);
    expect(dayWords(monday!)).toBe('2 email, 1 SMS');
    expect(dayWords(tuesday!)).toBe('no sends');
    expect(dayWords(wednesday!)).toBe('4 email, 1 letter');
  });
});
