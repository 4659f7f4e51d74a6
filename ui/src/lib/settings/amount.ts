/**
 * The auto-approve rule's amount limit as the owner types it ("500", "1,250.00", "£80"): checked
 * and normalised to an exact decimal string for Rust, never through a float.
 */
import { currencyPlaces } from '$lib/format/money';

export type AmountCheck = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * Checks an amount limit in `currency`. Empty means "no limit" (`value: null`). Thousands
 * separators (commas, spaces) are allowed; a currency symbol or code, a sign, a second decimal
 * point, or more fraction digits than the currency has are refused with what to write instead.
 */
export function checkAmountLimit(text: string, currency: string): AmountCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (trimmed.startsWith('-')) {
    return { ok: false, message: 'The limit cannot be negative: write an amount like 500.00.' };
  }
  const compact = trimmed.replace(/[,\s\u00a0\u202f]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(compact);
  if (!match) {
    return {
      ok: false,
      message: `“${trimmed}” is not an amount: write digits with an optional decimal point, like 500.00 (in ${currency}, without the symbol).`,
    };
  }
  const places = currencyPlaces(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > places) {
    return {
      ok: false,
      message:
        places === 0
          ? `${currency} has no fractional units: write a whole amount like 500.`
          : `${currency} has ${places} decimal places: write at most ${places} digits after the point.`,
    };
  }
  const integer = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  return { ok: true, value: fraction === '' ? integer : `${integer}.${fraction}` };
}
