/**
 * Dates arrive as calendar dates ("2024-06-03", no time zone: shown as written) or as RFC 3339
 * instants, which are shown in the organisation's IANA time zone.
 */
import { DEFAULT_LOCALE } from './locale';

const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a "YYYY-MM-DD" date; null if it is not a real calendar date. */
export function dayNumber(date: string): number | null {
  const match = CALENDAR.exec(date.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  return Math.round(ms / DAY_MS);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later); null if either is bad. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  tag: string,
) {
  const key = `${locale}|${timeZone}|${tag}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    formats.set(key, format);
  }
  return format;
}

const WITH_YEAR: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const NO_YEAR: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const WITH_TIME: Intl.DateTimeFormatOptions = { ...WITH_YEAR, hour: '2-digit', minute: '2-digit' };
const ISO_DAY: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  numberingSystem: 'latn',
};

/** "2024-06-03" → "3 Jun 2024" (en-GB), exactly the calendar day written, in any time zone. */
export function formatCalendarDate(date: string, locale: string = DEFAULT_LOCALE): string {
  const day = dayNumber(date);
  if (day === null) return date;
  return dateTimeFormat(locale, 'UTC', WITH_YEAR, 'date').format(new Date(day * DAY_MS));
}

function parseInstant(instant: string): Date | null {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** An instant as date and time in the organisation's zone: "4 Jun 2024, 00:30". */
export function formatInstant(
  instant: string,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const at = parseInstant(instant);
  if (!at) return instant;
  return dateTimeFormat(locale, timeZone, WITH_TIME, 'time').format(at);
}

/** The calendar day ("YYYY-MM-DD") an instant falls on in the organisation's zone. */
export function instantDay(instant: string, timeZone: string): string | null {
  const at = parseInstant(instant);
  if (!at) return null;
  const parts = dateTimeFormat('en-CA', timeZone, ISO_DAY, 'iso').formatToParts(at);
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return `${value('year')}-${value('month')}-${value('day')}`;
}

/**
 * An instant as a short date in the organisation's zone: "3 Jun" when it is in the same year as
 * `today` (the organisation's "YYYY-MM-DD"), otherwise "3 Jun 2023".
 */
export function formatInstantDate(
  instant: string,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
  today?: string,
): string {
  const at = parseInstant(instant);
  if (!at) return instant;
  const day = instantDay(instant, timeZone);
  const sameYear = today !== undefined && day !== null && day.slice(0, 4) === today.slice(0, 4);
  return dateTimeFormat(
    locale,
    timeZone,
    sameYear ? NO_YEAR : WITH_YEAR,
    sameYear ? 'short' : 'date',
  ).format(at);
}
