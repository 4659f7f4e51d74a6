/** The Conversation card's calls: every message sent or attempted, with its archived content. */
import type { ConversationEntryView } from '$lib/bindings/ConversationEntryView';
import { command } from './command';

export function invoiceConversation(invoiceId: number): Promise<ConversationEntryView[]> {
  return command<ConversationEntryView[]>('invoice_conversation', { invoiceId });
}

export function customerConversation(customerId: number): Promise<ConversationEntryView[]> {
  return command<ConversationEntryView[]>('customer_conversation', { customerId });
}
