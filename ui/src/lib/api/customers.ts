import type { ChangeReceipt } from '$lib/bindings/ChangeReceipt';
import type { CustomerDetail } from '$lib/bindings/CustomerDetail';
import type { CustomerPage } from '$lib/bindings/CustomerPage';
import type { CustomerQuery } from '$lib/bindings/CustomerQuery';
import { command } from './command';

/** One window (offset/limit) of the customers overview, with tab counts and totals. */
export function listCustomers(query: CustomerQuery): Promise<CustomerPage> {
  return command<CustomerPage>('list_customers', { query });
}

/** Starts or stops chasing one customer and all of its invoices. */
export function setCustomerChasing(customerId: number, chasing: boolean): Promise<ChangeReceipt> {
  return command<ChangeReceipt>('set_customer_chasing', { customerId, chasing });
}

/** Moves every customer of the other tab (and their invoices) to `chasing`. */
export function setAllChasing(chasing: boolean): Promise<ChangeReceipt> {
  return command<ChangeReceipt>('set_all_chasing', { chasing });
}

/** Everything the customer page shows. */
export function customerDetail(customerId: number): Promise<CustomerDetail> {
  return command<CustomerDetail>('customer_detail', { customerId });
}
