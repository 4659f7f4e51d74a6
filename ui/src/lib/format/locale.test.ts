import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, localeForCountry } from './locale';

describe('localeForCountry', () => {
  it('maps countries to English locales', () => {
    expect(localeForCountry('GB')).toBe('en-GB');
    expect(localeForCountry('us')).toBe('en-US');
    expect(localeForCountry('NZ')).toBe('en-NZ');
  });

  it('falls back for missing or malformed codes', () => {
    expect(localeForCountry('')).toBe(DEFAULT_LOCALE);
    expect(localeForCountry(null)).toBe(DEFAULT_LOCALE);
    expect(localeForCountry('United Kingdom')).toBe(DEFAULT_LOCALE);
  });
});
