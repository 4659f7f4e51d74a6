import { describe, expect, it } from 'vitest';
import { currencyPlaces, formatMoney, parseDecimal, signOf, toMinorUnits } from './money';

describe('formatMoney', () => {
  it('formats pounds with grouping and two places', () => {
    expect(formatMoney('1234.50', 'GBP', 'en-GB')).toBe('£1,234.50');
    expect(formatMoney('0.00', 'GBP', 'en-GB')).toBe('£0.00');
    expect(formatMoney('7', 'GBP', 'en-GB')).toBe('£7.00');
    expect(formatMoney('1234.5', 'GBP', 'en-GB')).toBe('£1,234.50');
  });

  it('formats euros and dollars', () => {
    expect(formatMoney('1200.00', 'EUR', 'en-GB')).toBe('€1,200.00');
    expect(formatMoney('300', 'USD', 'en-US')).toBe('$300.00');
    expect(formatMoney('300', 'USD', 'en-GB')).toBe('US$300.00');
    expect(formatMoney('-1234.50', 'EUR', 'de-DE')).toBe('-1.234,50\u00a0€');
  });

  it('formats yen without fraction digits, rounding half away from zero', () => {
    expect(formatMoney('1234', 'JPY', 'en-GB')).toBe('JP¥1,234');
    expect(formatMoney('1234.5', 'JPY', 'en-GB')).toBe('JP¥1,235');
    expect(formatMoney('1234.49', 'JPY', 'en-GB')).toBe('JP¥1,234');
    expect(formatMoney('-1234.5', 'JPY', 'en-GB')).toBe('-JP¥1,235');
  });

  it('formats negatives, including amounts under one unit', () => {
    expect(formatMoney('-3.10', 'GBP', 'en-GB')).toBe('-£3.10');
    expect(formatMoney('-0.50', 'GBP', 'en-GB')).toBe('-£0.50');
    expect(formatMoney('-0.001', 'GBP', 'en-GB')).toBe('£0.00');
    expect(formatMoney('-3.10', 'USD', 'en-US')).toBe('-$3.10');
  });

  it('keeps every digit of amounts beyond float precision', () => {
    expect(formatMoney('123456789012.34', 'GBP', 'en-GB')).toBe('£123,456,789,012.34');
    expect(formatMoney('98765432109876543.21', 'USD', 'en-US')).toBe('$98,765,432,109,876,543.21');
    expect(formatMoney('-123456789012.34', 'EUR', 'en-GB')).toBe('-€123,456,789,012.34');
  });

  it('rounds half away from zero by string arithmetic', () => {
    expect(formatMoney('2.345', 'GBP', 'en-GB')).toBe('£2.35');
    expect(formatMoney('2.344', 'GBP', 'en-GB')).toBe('£2.34');
    expect(formatMoney('-2.345', 'GBP', 'en-GB')).toBe('-£2.35');
    expect(formatMoney('1.005', 'GBP', 'en-GB')).toBe('£1.01'); // a float would give 1.00
    expect(formatMoney('9.995', 'GBP', 'en-GB')).toBe('£10.00');
    expect(formatMoney('999999.995', 'GBP', 'en-GB')).toBe('£1,000,000.00');
  });

  it('respects three-place currencies', () => {
    expect(formatMoney('1.2345', 'KWD', 'en-GB')).toBe('KWD\u00a01.235');
    expect(formatMoney('1.2', 'KWD', 'en-GB')).toBe('KWD\u00a01.200');
  });

  it('uses the locale’s own digits for the fraction too', () => {
    expect(formatMoney('12.05', 'EGP', 'ar-EG')).toBe(
      new Intl.NumberFormat('ar-EG', { style: 'currency', currency: 'EGP' }).format(12.05),
    );
  });

  it('stays readable for bad input instead of throwing', () => {
    expect(formatMoney('abc', 'GBP', 'en-GB')).toBe('abc GBP');
    expect(formatMoney('12.00', 'NOPE1', 'en-GB')).toBe('12.00 NOPE1');
    expect(formatMoney(' 5.5 ', 'gbp', 'en-GB')).toBe('£5.50');
  });
});

describe('decimal helpers', () => {
  it('parses decimal strings', () => {
    expect(parseDecimal('-3.10')).toEqual({ negative: true, integer: '3', fraction: '10' });
    expect(parseDecimal('.5')).toEqual({ negative: false, integer: '0', fraction: '5' });
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('1e5')).toBeNull();
    expect(parseDecimal('1,000')).toBeNull();
  });

  it('scales to minor units', () => {
    expect(toMinorUnits(parseDecimal('1234.50')!, 2)).toBe(123450n);
    expect(toMinorUnits(parseDecimal('-0.005')!, 2)).toBe(-1n);
    expect(toMinorUnits(parseDecimal('12')!, 0)).toBe(12n);
  });

  it('knows each sign', () => {
    expect(signOf('0.00')).toBe(0);
    expect(signOf('-0.00')).toBe(0);
    expect(signOf('0.01')).toBe(1);
    expect(signOf('-3.10')).toBe(-1);
    expect(signOf('junk')).toBe(0);
  });

  it('knows each currency’s fraction digits', () => {
    expect(currencyPlaces('GBP')).toBe(2);
    expect(currencyPlaces('JPY')).toBe(0);
    expect(currencyPlaces('KWD')).toBe(3);
  });
});
