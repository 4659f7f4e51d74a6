import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDayMonth,
  formatShortDay,
  formatWallTime,
  instantToWallTime,
  localiseInstants,
  minutesBetween,
  tomorrowAtNine,
  parseWallTime,
  wallTimeToInstant,
  zoneOffsetMs,
} from './time';

const HOUR = 3_600_000;

describe('wall times on the organisation’s clock', () => {
  it('reads only real dates and times', () => {
    expect(parseWallTime('2026-11-29T09:00')).toEqual({
      year: 2026,
      month: 11,
      day: 29,
      hour: 9,
      minute: 0,
    });
    expect(parseWallTime('2026-11-29T09:00:30')).not.toBeNull();
    expect(parseWallTime('2026-02-30T09:00')).toBeNull();
    expect(parseWallTime('2026-11-29T24:00')).toBeNull();
    expect(parseWallTime('2026-11-29 09:00')).toBeNull();
    expect(parseWallTime('')).toBeNull();
  });

  it('knows a zone’s offset from UTC, summer and winter', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Europe/London')).toBe(0);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'Europe/London')).toBe(HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'America/New_York')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Australia/Sydney')).toBe(11 * HOUR);
  });
});

describe('wallTimeToInstant', () => {
  it('turns a wall time in the organisation’s zone into an RFC 3339 UTC instant', () => {
    expect(wallTimeToInstant('2026-11-29T09:00', 'Europe/London')).toBe('2026-11-29T09:00:00Z');
    expect(wallTimeToInstant('2026-07-01T09:00', 'Europe/London')).toBe('2026-07-01T08:00:00Z');
    expect(wallTimeToInstant('2026-11-29T09:00', 'America/New_York')).toBe('2026-11-29T14:00:00Z');
    expect(wallTimeToInstant('2026-11-29T09:30', 'Asia/Kolkata')).toBe('2026-11-29T04:00:00Z');
    // Sydney is ahead: 09:00 on the 29th is still the 28th in UTC.
    expect(wallTimeToInstant('2026-11-29T09:00', 'Australia/Sydney')).toBe('2026-11-28T22:00:00Z');
    expect(wallTimeToInstant('2026-11-29T09:00', 'UTC')).toBe('2026-11-29T09:00:00Z');
  });

  it('does not depend on the computer’s own zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(wallTimeToInstant('2026-11-29T09:00', 'Europe/London')).toBe('2026-11-29T09:00:00Z');
    } finally {
      process.env.TZ = saved;
    }
  });

  it('handles the days the clocks change', () => {
    // London springs forward at 01:00 GMT on 29 March 2026: 01:30 never happens, read as 02:30 BST.
    expect(wallTimeToInstant('2026-03-29T00:30', 'Europe/London')).toBe('2026-03-29T00:30:00Z');
    expect(wallTimeToInstant('2026-03-29T01:30', 'Europe/London')).toBe('2026-03-29T01:30:00Z');
    expect(wallTimeToInstant('2026-03-29T02:30', 'Europe/London')).toBe('2026-03-29T01:30:00Z');
    expect(wallTimeToInstant('2026-03-29T09:00', 'Europe/London')).toBe('2026-03-29T08:00:00Z');
    expect(wallTimeToInstant('2026-03-28T09:00', 'Europe/London')).toBe('2026-03-28T09:00:00Z');
    // It falls back at 02:00 BST on 25 October 2026: 01:30 happens twice, the first is taken.
    expect(wallTimeToInstant('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00Z');
    expect(wallTimeToInstant('2026-10-25T09:00', 'Europe/London')).toBe('2026-10-25T09:00:00Z');
  });

  it('refuses what is not a wall time or a zone', () => {
    expect(wallTimeToInstant('tomorrow', 'Europe/London')).toBeNull();
    expect(wallTimeToInstant('2026-11-29T09:00', 'Not/AZone')).toBeNull();
  });

  it('round-trips with instantToWallTime', () => {
    for (const zone of [
      'Europe/London',
      'America/Los_Angeles',
      'Asia/Kolkata',
      'Pacific/Auckland',
    ]) {
      for (const local of ['2026-01-05T08:15', '2026-06-30T23:45', '2026-12-31T00:00']) {
        const instant = wallTimeToInstant(local, zone);
        expect(instant).not.toBeNull();
        expect(instantToWallTime(instant as string, zone)).toBe(local);
      }
    }
  });
});

describe('instantToWallTime', () => {
  it('reads the organisation’s clock at an instant', () => {
    expect(instantToWallTime('2026-11-22T04:17:37Z', 'Europe/London')).toBe('2026-11-22T04:17');
    expect(instantToWallTime('2026-07-01T23:30:00Z', 'Europe/London')).toBe('2026-07-02T00:30');
    expect(instantToWallTime(Date.UTC(2026, 0, 1), 'America/New_York')).toBe('2025-12-31T19:00');
    expect(instantToWallTime('nonsense', 'Europe/London')).toBeNull();
  });
});

describe('days and display', () => {
  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-11-22', 0)).toBe('2026-11-22');
    expect(addDays('2026-11-22', 10)).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('formats a wall time exactly as written', () => {
    expect(formatWallTime('2026-11-29T09:00', 'en-GB')).toBe('Sun, 29 Nov 2026, 09:00');
    expect(formatWallTime('bad', 'en-GB')).toBe('bad');
    expect(formatShortDay('2026-11-29', 'en-GB')).toBe('Sun 29 Nov');
    expect(formatDayMonth('2026-11-30', 'en-GB')).toBe('30 Nov');
    expect(formatDayMonth('2026-11-30', 'en-US')).toBe('Nov 30');
  });

  it('counts minutes between instants', () => {
    expect(minutesBetween('2026-11-22T09:00:00Z', '2026-11-22T10:30:00Z')).toBe(90);
    expect(minutesBetween('x', '2026-11-22T10:30:00Z')).toBeNull();
  });
});

describe('localiseInstants', () => {
  it('writes the engine’s instants on the organisation’s clock', () => {
    expect(
      localiseInstants(
        'fell due at 2026-07-21T10:00:00Z while Settle was not running',
        'Europe/London',
        'en-GB',
      ),
    ).toBe('fell due at Tue, 21 Jul 2026, 11:00 while Settle was not running');
    expect(localiseInstants('no instant here', 'Europe/London')).toBe('no instant here');
  });
});

describe('tomorrowAtNine', () => {
  it('is 09:00 on the organisation’s next day, even when UTC is already there', () => {
    // 23:30 UTC on the 22nd is 10:30 on the 23rd in Sydney.
    const late = Date.UTC(2026, 10, 22, 23, 30);
    expect(tomorrowAtNine(late, 'Europe/London')).toBe('2026-11-23T09:00');
    expect(tomorrowAtNine(late, 'Australia/Sydney')).toBe('2026-11-24T09:00');
  });
});
