import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  daysBetween,
  formatCalendarDate,
  formatInstant,
  formatInstantDate,
  instantDay,
} from './date';

describe('calendar dates', () => {
  it('formats the day as written, whatever the zone', () => {
    expect(formatCalendarDate('2024-06-03', 'en-GB')).toBe('3 Jun 2024');
    expect(formatCalendarDate('2024-01-01', 'en-GB')).toBe('1 Jan 2024');
    expect(formatCalendarDate('2024-12-31', 'en-US')).toBe('Dec 31, 2024');
    expect(formatCalendarDate('2024-02-29', 'en-GB')).toBe('29 Feb 2024');
  });

  it('does not shift when the process runs in a far-off zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(formatCalendarDate('2024-06-03', 'en-GB')).toBe('3 Jun 2024');
    } finally {
      process.env.TZ = saved;
    }
  });

  it('returns bad input unchanged', () => {
    expect(formatCalendarDate('2024-02-30', 'en-GB')).toBe('2024-02-30');
    expect(formatCalendarDate('soon', 'en-GB')).toBe('soon');
  });

  it('counts calendar days', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(daysBetween('2024-06-01', '2024-06-03')).toBe(2);
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2); // across a DST change
    expect(daysBetween('2024-06-03', '2024-06-01')).toBe(-2);
    expect(daysBetween('x', '2024-06-01')).toBeNull();
  });
});

describe('instants in the organisation’s time zone', () => {
  it('formats date and time in the given zone', () => {
    expect(formatInstant('2024-06-03T23:30:00Z', 'Europe/London', 'en-GB')).toBe(
      '4 Jun 2024, 00:30',
    );
    expect(formatInstant('2024-01-03T23:30:00Z', 'Europe/London', 'en-GB')).toBe(
      '3 Jan 2024, 23:30',
    );
    expect(formatInstant('2024-06-03T23:30:00+00:00', 'Pacific/Auckland', 'en-GB')).toBe(
      '4 Jun 2024, 11:30',
    );
    expect(formatInstant('2024-06-03T23:30:00Z', 'America/New_York', 'en-US')).toBe(
      'Jun 3, 2024, 07:30 PM',
    );
  });

  it('finds the calendar day in the zone', () => {
    expect(instantDay('2024-06-03T23:30:00Z', 'Europe/London')).toBe('2024-06-04');
    expect(instantDay('2024-06-03T23:30:00Z', 'America/Los_Angeles')).toBe('2024-06-03');
  });

  it('drops the year for dates in the organisation’s current year', () => {
    expect(formatInstantDate('2024-06-03T09:00:00Z', 'Europe/London', 'en-GB', '2024-07-01')).toBe(
      '3 Jun',
    );
    expect(formatInstantDate('2023-12-31T23:30:00Z', 'Europe/London', 'en-GB', '2024-07-01')).toBe(
      '31 Dec 2023',
    );
    // 23:30 UTC on New Year's Eve is already 2024 in Auckland.
    expect(
      formatInstantDate('2023-12-31T23:30:00Z', 'Pacific/Auckland', 'en-GB', '2024-07-01'),
    ).toBe('1 Jan');
  });

  it('falls back to UTC for an unknown zone and keeps bad input', () => {
    expect(formatInstant('2024-06-03T23:30:00Z', 'Mars/Olympus', 'en-GB')).toBe(
      '3 Jun 2024, 23:30',
    );
    expect(formatInstant('yesterday', 'Europe/London', 'en-GB')).toBe('yesterday');
  });
});
