import type { CustomerScheduleReceipt } from '$lib/bindings/CustomerScheduleReceipt';
import type { CustomerScheduleView } from '$lib/bindings/CustomerScheduleView';
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
