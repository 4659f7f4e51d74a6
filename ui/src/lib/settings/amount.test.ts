import { describe, expect, it } from 'vitest';
import { checkAmountLimit } from './amount';

describe('checkAmountLimit', () => {
  it.each([
    ['500', 'GBP', '500'],
    ['500.00', 'GBP', '500.00'],
    ['  1,250.5 ', 'GBP', '1250.5'],
    ['1 250', 'EUR', '1250'],
    ['007.10', 'USD', '7.10'],
    ['0', 'GBP', '0'],
    ['12.', 'GBP', '12'],
    ['10000', 'JPY', '10000'],
    ['1.234', 'KWD', '1.234'],
    // Beyond what a float can hold exactly: kept digit for digit.
    ['90071992547409931.01', 'GBP', '90071992547409931.01'],
  ])('accepts %j in %s as %j', (text, currency, value) => {
    expect(checkAmountLimit(text, currency)).toEqual({ ok: true, value });
  });

  it('treats an empty limit as no limit', () => {
    expect(checkAmountLimit('   ', 'GBP')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['-5', 'negative'],
    ['£500', 'not an amount'],
    ['500 GBP', 'not an amount'],
    ['1.2.3', 'not an amount'],
    ['1e3', 'not an amount'],
    ['abc', 'not an amount'],
    ['.', 'not an amount'],
    ['10.001', '2 decimal places'],
  ])('refuses %j (%s)', (text, words) => {
    const check = checkAmountLimit(text, 'GBP');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(words);
  });

  it('refuses fractions in a currency without them', () => {
    const check = checkAmountLimit('100.5', 'JPY');
    expect(check).toEqual({
      ok: false,
      message: 'JPY has no fractional units: write a whole amount like 500.',
    });
  });
});
