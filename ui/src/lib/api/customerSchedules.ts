import type { CustomerScheduleReceipt } from '$lib/bindings/CustomerScheduleReceipt';
import type { CustomerScheduleView } from '$lib/bindings/CustomerScheduleView';
import type { StatementInput } from '$lib/bindings/StatementInput';
import type { StepInput } from '$lib/bindings/StepInput';
import { command } from './command';

/** The customer's customer-level schedule and its current loop; null when it has none. */
export function customerSchedule(customerId: number): Promise<CustomerScheduleView | null> {
  return command<CustomerScheduleView | null>('customer_schedule', { customerId });
}

/**
 * Puts the customer on a customer-level schedule (only after_due and repeat steps), or replaces
 * its steps, applied now: steps whose time has passed are not sent late.
 */
export function setCustomerSchedule(
  customerId: number,
  steps: StepInput[],
): Promise<CustomerScheduleReceipt> {
  return command<CustomerScheduleReceipt>('set_customer_schedule', { customerId, steps });
}

/** Takes the customer off its customer-level schedule; its waiting reminders are withdrawn. */
export function clearCustomerSchedule(customerId: number): Promise<CustomerScheduleReceipt> {
  return command<CustomerScheduleReceipt>('clear_customer_schedule', { customerId });
}

/**
 * Sets the customer's monthly statement (a day 1–28 or 'last', an hour, channels), or with null
 * turns it off. Rejects with `invalid_input` naming the field.
 */
export function setCustomerStatement(
  customerId: number,
  statement: StatementInput | null,
): Promise<CustomerScheduleReceipt> {
  return command<CustomerScheduleReceipt>('set_customer_statement', { customerId, statement });
}
