/**
 * The customer page's "Customer reminders" card without the screen: the triggers a customer-level
 * schedule allows, its steps and loop in words, and the engine's refusals made readable.
 * A customer-level schedule counts days from the oldest overdue invoice's due date and sends one
 * message listing all of the customer's open invoices (docs/CADENCES.md, "Customer-level
 * schedules").
 */
import type { CustomerLoopView } from '$lib/bindings/CustomerLoopView';
import type { CustomerOccurrenceView } from '$lib/bindings/CustomerOccurrenceView';
import { describeDraft, stepOfMessage, type StepDraft, type Trigger } from '$lib/chasing/steps';
import { formatCalendarDate } from '$lib/format/date';
import { DEFAULT_LOCALE } from '$lib/format/locale';
import { overdueWording } from '$lib/format/overdue';
import { describeOccurrence, type OccurrenceWording } from '$lib/invoice/status';

/** The only triggers a customer-level schedule takes (the engine refuses the others). */
export const CUSTOMER_TRIGGERS: readonly { value: Trigger; label: string }[] = [
  { value: 'after_due', label: 'Days overdue (oldest invoice)' },
  { value: 'repeat', label: 'Repeat the step before' },
];

export function isCustomerTrigger(trigger: Trigger): boolean {
  return CUSTOMER_TRIGGERS.some((t) => t.value === trigger);
}

/**
 * A draft step in words as the engine words a customer step: "when the oldest overdue invoice is
 * 7 days overdue at 09:00 by email"; a repeat reads as on any schedule.
 */
export function describeCustomerDraft(draft: StepDraft): string {
  const words = describeDraft(draft);
  if (draft.trigger !== 'after_due') return words;
  const days = draft.days;
  const when =
    days === 0
      ? 'when the oldest overdue invoice falls due'
      : days === 1
        ? 'when the oldest overdue invoice is 1 day overdue'
        : `when the oldest overdue invoice is ${days ?? '?'} days overdue`;
  const at = words.indexOf(' at ');
  return at < 0 ? when : `${when}${words.slice(at)}`;
}

/** The running loop in words: "Counting from INV-0042, due 3 Oct 2026 — 45 days overdue." */
export function loopSentence(loop: CustomerLoopView, locale: string = DEFAULT_LOCALE): string {
  const due = formatCalendarDate(loop.anchorDueDate, locale);
  const overdue =
    loop.daysOverdue === 0 ? 'due today' : overdueWording(loop.daysOverdue, locale).toLowerCase();
  return `Counting from ${loop.anchorInvoiceNumber}, due ${due} — ${overdue}.`;
}

/** "Loop 1" is the first since the schedule was set; later ones began as new invoices fell due. */
export function loopNumberWording(loopNumber: number): string {
  return loopNumber <= 1
    ? 'Loop 1: the first since these reminders were set up'
    : `Loop ${loopNumber}: restarted as new invoices fell overdue`;
}

/** Who a send goes to: "customer" → "Usual people", "role:Accounts Payable" → "Accounts Payable". */
export function audienceWording(audience: string): string {
  if (audience.startsWith('role:')) return audience.slice('role:'.length) || 'Usual people';
  return 'Usual people';
}

/** A customer send's state in words; a backdated skip is explained for a customer schedule. */
export function customerOccurrenceWording(
  occurrence: Pick<CustomerOccurrenceView, 'status' | 'reason'>,
  locale: string = DEFAULT_LOCALE,
): OccurrenceWording {
  const wording = describeOccurrence(occurrence, locale);
  if ((occurrence.reason ?? '').trim().startsWith('backdated')) {
    return {
      ...wording,
      detail: 'its time had passed when these reminders were set up, so it is not sent late',
    };
  }
  return wording;
}

/** An engine refusal for the form: the step it names (from 1, or null) and the message without
 * the "customer 'Name': " prefix, starting with a capital. */
export function customerProblem(message: string): { step: number | null; message: string } {
  const text = message.trim().replace(/^customer '(?:[^']|'(?!:))*':\s*/, '');
  return {
    step: stepOfMessage(text),
    message: text.charAt(0).toUpperCase() + text.slice(1),
  };
}
