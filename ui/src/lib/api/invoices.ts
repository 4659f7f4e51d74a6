import type { ChangePreviewView } from '$lib/bindings/ChangePreviewView';
import type { ChangeReceipt } from '$lib/bindings/ChangeReceipt';
import type { InvoiceChasingView } from '$lib/bindings/InvoiceChasingView';
import type { StepInput } from '$lib/bindings/StepInput';
import { command } from './command';

/** The invoice page: the invoice, its calculated schedule, its steps and its recipients. */
export function invoiceChasing(invoiceId: number): Promise<InvoiceChasingView> {
  return command<InvoiceChasingView>('invoice_chasing', { invoiceId });
}

/** Switches chasing for this invoice only (undoable through `undoChange`). */
export function setInvoiceChasing(invoiceId: number, chasing: boolean): Promise<ChangeReceipt> {
  return command<ChangeReceipt>('set_invoice_chasing', { invoiceId, chasing });
}

/** Gives this invoice its own steps, applied now (past steps are not sent late). */
export function setInvoiceSteps(
  invoiceId: number,
  steps: StepInput[],
): Promise<InvoiceChasingView> {
  return command<InvoiceChasingView>('set_invoice_steps', { invoiceId, steps });
}

/** Applies a cadence to this invoice (a fresh copy of its steps, applied now). */
export function applyCadenceToInvoice(
  invoiceId: number,
  name: string,
): Promise<InvoiceChasingView> {
  return command<InvoiceChasingView>('apply_cadence_to_invoice', { invoiceId, name });
}

/** Sets this invoice's own recipients (comma-separated emails); '' goes back to the usual people. */
export function setInvoiceRecipients(
  invoiceId: number,
  recipients: string,
): Promise<InvoiceChasingView> {
  return command<InvoiceChasingView>('set_invoice_recipients', { invoiceId, recipients });
}

/** What this invoice's next `days` (90 by default) would look like with `steps`. Saves nothing. */
export function previewInvoiceSteps(
  invoiceId: number,
  steps: StepInput[],
  days?: number,
): Promise<ChangePreviewView> {
  return command<ChangePreviewView>('preview_invoice_steps', {
    invoiceId,
    steps,
    days: days ?? null,
  });
}
