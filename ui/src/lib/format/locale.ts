/** The UI speaks English; numbers and dates follow the organisation's country (en-GB, en-US, …). */
export const DEFAULT_LOCALE = 'en-GB';

const cache = new Map<string, string>();

/** A BCP 47 locale for an ISO 3166 country code, e.g. "GB" → "en-GB". Unknown → en-GB. */
export function localeForCountry(country: string | null | undefined): string {
  const code = (country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return DEFAULT_LOCALE;
  const hit = cache.get(code);
  if (hit) return hit;
  const candidate = `en-${code}`;
  let resolved = DEFAULT_LOCALE;
  try {
    if (Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0) resolved = candidate;
  } catch {
    resolved = DEFAULT_LOCALE;
  }
  cache.set(code, resolved);
  return resolved;
}
