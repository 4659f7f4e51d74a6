/**
 * Wall-clock times in the organisation's time zone. The engine sends an occurrence's `local` as
 * "YYYY-MM-DDTHH:MM" on the organisation's clock and expects instants as RFC 3339; the owner types
 * times on the organisation's clock (a datetime-local input), whatever zone the computer is in.
 */
import { DEFAULT_LOCALE } from '$lib/format/locale';

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** "2026-11-29T09:00" → its parts, or null when it is not a real date and time. */
export function parseWallTime(local: string): WallParts | null {
  const match = WALL.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  )
    return null;
  return { year, month, day, hour, minute };
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      numberingSystem: 'latn',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of instant `ms` in `timeZone`, as if it were UTC (in ms). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = partsFormat(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  // Some engines write midnight as 24 even with h23.
  const hour = get('hour') % 24;
  return Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    hour,
    get('minute'),
    get('second'),
    new Date(ms).getUTCMilliseconds(),
  );
}

/** How far `timeZone`'s clock is ahead of UTC at instant `ms` (e.g. +3600000 for BST). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  return wallClockMs(ms, timeZone) - ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An instant in ms as RFC 3339 UTC, to the second: "2026-11-29T09:00:00Z". */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The instant (RFC 3339 UTC) at which `timeZone`'s clock reads `local` ("YYYY-MM-DDTHH:MM").
 * A time skipped by a clock change (02:30 when clocks jump from 02:00 to 03:00) is read as the
 * same length of time after the jump (03:30); a time that happens twice (clocks going back) is
 * the first of the two. Null when `local` is not a date and time or the zone is unknown.
 */
export function wallTimeToInstant(local: string, timeZone: string): string | null {
  const parts = parseWallTime(local);
  if (!parts) return null;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  try {
    // The offsets just before and after the moment wanted: with no clock change they agree.
    const before = zoneOffsetMs(wall - DAY_MS, timeZone);
    const after = zoneOffsetMs(wall + DAY_MS, timeZone);
    const candidates = [wall - before, wall - after].sort((a, b) => a - b);
    for (const candidate of candidates) {
      if (wallClockMs(candidate, timeZone) === wall) return rfc3339(candidate);
    }
    // In a gap: the wall time never happens; count from before the change.
    return rfc3339(wall - before);
  } catch {
    return null;
  }
}

/** What `timeZone`'s clock reads at `instant`, as "YYYY-MM-DDTHH:MM" (for datetime-local). */
export function instantToWallTime(instant: string | number, timeZone: string): string | null {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  try {
    const wall = new Date(wallClockMs(ms, timeZone));
    return (
      `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
      `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
    );
  } catch {
    return null;
  }
}

/** The calendar day `days` after "YYYY-MM-DD" (negative counts back). */
export function addDays(date: string, days: number): string {
  const match = DAY.exec(date);
  if (!match) return date;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

const displayFormats = new Map<string, Intl.DateTimeFormat>();

function displayFormat(locale: string, options: Intl.DateTimeFormatOptions, tag: string) {
  const key = `${locale}|${tag}`;
  let format = displayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    displayFormats.set(key, format);
  }
  return format;
}

/**
 * A wall time on the organisation's clock, as written: "Sun, 29 Nov 2026, 09:00" (en-GB). It is
 * already local, so it is formatted as UTC to show exactly those figures.
 */
export function formatWallTime(local: string, locale: string = DEFAULT_LOCALE): string {
  const parts = parseWallTime(local);
  if (!parts) return local;
  const ms = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return displayFormat(
    locale,
    {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    },
    'wall',
  ).format(ms);
}

/** A calendar day, short: "Sun 29 Nov" (en-GB). */
export function formatShortDay(date: string, locale: string = DEFAULT_LOCALE): string {
  const match = DAY.exec(date);
  if (!match) return date;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return displayFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' }, 'day').format(
    ms,
  );
}

/** Minutes between two instants (b − a), for "is it after now" checks. */
export function minutesBetween(a: string, b: string): number | null {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? null : Math.round((y - x) / MINUTE_MS);
}

/** A calendar day as day and month: "30 Nov" (en-GB). */
export function formatDayMonth(date: string, locale: string = DEFAULT_LOCALE): string {
  const match = DAY.exec(date);
  if (!match) return date;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return displayFormat(locale, { day: 'numeric', month: 'short' }, 'day-month').format(ms);
}

const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * An engine sentence with its RFC 3339 instants written on the organisation's clock: "fell due at
 * 2026-11-21T10:00:00Z while…" → "fell due at Sat, 21 Nov 2026, 10:00 while…".
 */
export function localiseInstants(
  text: string,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  return text.replace(INSTANT, (instant) => {
    const wall = instantToWallTime(instant, timeZone);
    return wall ? formatWallTime(wall, locale) : instant;
  });
}

/** The wall time a reschedule starts from: 09:00 tomorrow on the organisation's clock. */
export function tomorrowAtNine(nowMs: number, timeZone: string): string {
  const today = instantToWallTime(nowMs, timeZone)?.slice(0, 10);
  return today ? `${addDays(today, 1)}T09:00` : '';
}
