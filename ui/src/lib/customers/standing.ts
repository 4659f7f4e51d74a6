/** How a customer stands, in words (never by colour alone), and its foreign-currency detail. */
import type { BalanceView } from '$lib/bindings/BalanceView';
import { formatMoney, signOf } from '$lib/format/money';

export type Standing = 'overdue' | 'open' | 'settled' | 'credit';

export interface StandingLabel {
  standing: Standing;
  label: string;
}

export function standingOf(outstanding: string, overdue: string): StandingLabel {
  if (signOf(overdue) > 0) return { standing: 'overdue', label: 'Overdue' };
  const owed = signOf(outstanding);
  if (owed > 0) return { standing: 'open', label: 'Not yet due' };
  if (owed < 0) return { standing: 'credit', label: 'In credit' };
  return { standing: 'settled', label: 'Paid up' };
}

/**
 * The per-currency detail line, e.g. "incl. €1,200.00 · US$300.00", shown only when the customer
 * has a balance in a currency other than the base currency; "" otherwise.
 */
export function foreignDetail(
  balances: readonly BalanceView[],
  baseCurrency: string,
  locale: string,
): string {
  const foreign = balances.filter((balance) => balance.currency !== baseCurrency);
  if (foreign.length === 0) return '';
  return `incl. ${foreign.map((b) => formatMoney(b.outstanding, b.currency, locale)).join(' · ')}`;
}

const counting = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "1 open invoice", "3 open invoices", "No open invoices". */
export function openInvoicesWording(count: number): string {
  if (count <= 0) return 'No open invoices';
  return `${counting.format(count)} open ${count === 1 ? 'invoice' : 'invoices'}`;
}
