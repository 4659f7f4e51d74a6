/**
 * Money arrives from Rust as exact decimal strings ("1234.50", "-3.10"). Nothing here goes
 * through a float: the integer part is formatted as a BigInt by Intl and the exact fraction digits
 * are spliced in, rounded half away from zero by string arithmetic.
 */
import { DEFAULT_LOCALE } from './locale';

/** A decimal string split into its sign, integer digits and fraction digits. */
export interface Decimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses "1234.50", "-3.1", "+7", ".5"; null for anything else (including ""). */
export function parseDecimal(value: string): Decimal | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const integer = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (integer === '' && fraction === '') return null;
  return { negative: match[1] === '-', integer: integer || '0', fraction };
}

/** The value scaled to `places` fraction digits as an integer, rounded half away from zero. */
export function toMinorUnits(value: Decimal, places: number): bigint {
  const kept = value.fraction.slice(0, places).padEnd(places, '0');
  let units = BigInt(value.integer + kept);
  const next = value.fraction.charAt(places);
  if (next !== '' && next >= '5') units += 1n;
  return value.negative ? -units : units;
}

/** -1, 0 or 1 for a decimal string; 0 for unparseable input. */
export function signOf(amount: string): -1 | 0 | 1 {
  const parsed = parseDecimal(amount);
  if (!parsed || /^0*$/.test(parsed.integer + parsed.fraction)) return 0;
  return parsed.negative ? -1 : 1;
}

interface CurrencyFormat {
  format: Intl.NumberFormat;
  places: number;
}

const currencyFormats = new Map<string, CurrencyFormat>();
const digitFormats = new Map<string, Intl.NumberFormat>();

/** The locale's currency format and the currency's fraction digits (throws for a bad code). */
function currencyFormat(locale: string, currency: string): CurrencyFormat {
  const key = `${locale}|${currency}`;
  let cached = currencyFormats.get(key);
  if (!cached) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    cached = { format, places: format.resolvedOptions().maximumFractionDigits ?? 2 };
    currencyFormats.set(key, cached);
  }
  return cached;
}

/** Formats digits in the locale's numbering system, zero-padded to `width`, without grouping. */
function digitFormat(locale: string, width: number): Intl.NumberFormat {
  const key = `${locale}|${width}`;
  let format = digitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      useGrouping: false,
      minimumIntegerDigits: Math.max(1, width),
      maximumFractionDigits: 0,
    });
    digitFormats.set(key, format);
  }
  return format;
}

/** How many fraction digits a currency is shown with (GBP 2, JPY 0, KWD 3). */
export function currencyPlaces(currency: string, locale: string = DEFAULT_LOCALE): number {
  try {
    return currencyFormat(locale, currency.toUpperCase()).places;
  } catch {
    return 2;
  }
}

/**
 * Formats an exact decimal string as money, e.g. ("1234.5", "GBP", "en-GB") → "£1,234.50".
 * Unparseable amounts or unknown currency codes come back readable rather than throwing.
 */
export function formatMoney(
  amount: string,
  currency: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const parsed = parseDecimal(amount);
  if (!parsed) return `${amount} ${currency}`.trim();
  let format: Intl.NumberFormat;
  let places: number;
  try {
    ({ format, places } = currencyFormat(locale, currency.toUpperCase()));
  } catch {
    return `${amount.trim()} ${currency}`.trim();
  }
  const units = toMinorUnits(parsed, places);
  const magnitude = units < 0n ? -units : units;
  const scale = 10n ** BigInt(places);
  const whole = magnitude / scale;
  const fraction = magnitude % scale;
  const negative = units < 0n;
  // -0.50 has no negative BigInt integer part: format -1 for the sign, then write 0 in its place.
  const template = negative ? -(whole === 0n ? 1n : whole) : whole;
  const zeroWhole = negative && whole === 0n;
  let integerDone = false;
  return format
    .formatToParts(template)
    .map((part) => {
      if (part.type === 'fraction') return digitFormat(locale, places).format(fraction);
      if (part.type === 'integer' && zeroWhole) {
        if (integerDone) return '';
        integerDone = true;
        return digitFormat(locale, 1).format(0n);
      }
      return part.value;
    })
    .join('');
}
