import { describe, expect, it } from 'vitest';
import { foreignDetail, openInvoicesWording, standingOf } from './standing';

describe('standingOf', () => {
  it('names the standing in words', () => {
    expect(standingOf('100.00', '20.00')).toEqual({ standing: 'overdue', label: 'Overdue' });
    expect(standingOf('100.00', '0.00')).toEqual({ standing: 'open', label: 'Not yet due' });
    expect(standingOf('0.00', '0.00')).toEqual({ standing: 'settled', label: 'Paid up' });
    expect(standingOf('-5.00', '0.00')).toEqual({ standing: 'credit', label: 'In credit' });
  });
});

describe('foreignDetail', () => {
  const gbp = { currency: 'GBP', outstanding: '500.00', overdue: '0.00', openInvoices: 1 };
  const eur = { currency: 'EUR', outstanding: '1200.00', overdue: '0.00', openInvoices: 2 };
  const usd = { currency: 'USD', outstanding: '300', overdue: '300', openInvoices: 1 };

  it('is empty when everything is in the base currency', () => {
    expect(foreignDetail([gbp], 'GBP', 'en-GB')).toBe('');
    expect(foreignDetail([], 'GBP', 'en-GB')).toBe('');
  });

  it('lists the other currencies', () => {
    expect(foreignDetail([gbp, eur, usd], 'GBP', 'en-GB')).toBe('incl. €1,200.00 · US$300.00');
    expect(foreignDetail([usd], 'USD', 'en-US')).toBe('');
    expect(foreignDetail([gbp], 'USD', 'en-US')).toBe('incl. £500.00');
  });
});

describe('openInvoicesWording', () => {
  it('counts invoices', () => {
    expect(openInvoicesWording(0)).toBe('No open invoices');
    expect(openInvoicesWording(1)).toBe('1 open invoice');
    expect(openInvoicesWording(1200)).toBe('1,200 open invoices');
  });
});
