import type { ExpectedPaymentDateView } from '$lib/bindings/ExpectedPaymentDateView';
import type { InvoiceLinksView } from '$lib/bindings/InvoiceLinksView';
import type { OpenedLinkView } from '$lib/bindings/OpenedLinkView';
import { command } from './command';

/** Which of an invoice's links to open: the window never passes a URL of its own. */
export type InvoiceLinkKind = 'view' | 'edit' | 'online';

/** The invoice's expected payment date and where it lives (Xero, or Settle only and why). */
export function expectedPaymentDate(invoiceId: number): Promise<ExpectedPaymentDateView> {
  return command<ExpectedPaymentDateView>('expected_payment_date', { invoiceId });
}

/**
 * Sets (`YYYY-MM-DD`) or clears (`null`) the expected payment date in Xero; when Xero refuses,
 * it is kept in Settle only and the answer says why.
 */
export function setExpectedPaymentDate(
  invoiceId: number,
  date: string | null,
): Promise<ExpectedPaymentDateView> {
  return command<ExpectedPaymentDateView>('set_expected_payment_date', { invoiceId, date });
}

/** View / Edit in Xero deep links and the online invoice (payment) link. */
export function invoiceXeroLinks(invoiceId: number): Promise<InvoiceLinksView> {
  return command<InvoiceLinksView>('invoice_xero_links', { invoiceId });
}

/** Opens one of the invoice's links in the system browser (returned only under SETTLE_NO_BROWSER). */
export function openInvoiceLink(
  invoiceId: number,
  which: InvoiceLinkKind,
): Promise<OpenedLinkView> {
  return command<OpenedLinkView>('open_invoice_link', { invoiceId, which });
}

/** Fetches (or reads from the cache) Xero's PDF and opens it in the system viewer. */
export function openInvoicePdf(invoiceId: number): Promise<OpenedLinkView> {
  return command<OpenedLinkView>('open_invoice_pdf', { invoiceId });
}
