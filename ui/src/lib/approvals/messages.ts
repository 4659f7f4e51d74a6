/** Words and small rules of the Approvals screen (no I/O). */
import type { MailboxView } from '$lib/bindings/MailboxView';
import type { OutgoingMessageView } from '$lib/bindings/OutgoingMessageView';

/** `Name <address>`, or the bare address. */
export function formatMailbox(mailbox: MailboxView): string {
  const name = mailbox.name?.trim();
  return name ? `${name} <${mailbox.address}>` : mailbox.address;
}

export function formatMailboxes(list: MailboxView[]): string {
  return list.map(formatMailbox).join(', ');
}

/** The owner's typed list ("a@x.com, b@y.com; c@z.com") as addresses; blanks dropped. */
export function parseAddressList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Addresses only, as the edit form shows them. */
export function addressesOf(list: MailboxView[]): string {
  return list.map((m) => m.address).join(', ');
}

export type Tab = 'waiting' | 'held' | 'problems' | 'approved' | 'sent';

/** How a message's state reads on the screen. */
export function stateLabel(state: string): string {
  switch (state) {
    case 'awaiting_approval':
      return 'Waiting for your approval';
    case 'approved':
      return 'Approved — goes at its hour';
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'failed':
      return 'Not sent — the server refused it';
    case 'in_doubt':
      return 'In doubt — it may or may not have arrived';
    case 'held':
      return 'Held';
    case 'skipped':
      return 'Skipped';
    case 'cancelled':
      return 'Cancelled';
    default:
      return state;
  }
}

/** What the owner can do about a held message, from its reason. */
export function heldAdvice(message: OutgoingMessageView): string {
  const reason = `${message.problem ?? ''} ${message.reason}`.toLowerCase();
  if (reason.includes('paused')) return 'Resume chasing (the banner at the top) to send it.';
  if (reason.includes('reconnect') || reason.includes('sign in'))
    return 'Reconnect Xero (the banner at the top); it goes with the next batch.';
  if (reason.includes('xero'))
    return 'Settle tries again with the next batch; check your internet connection.';
  if (reason.includes('email address'))
    return 'Add an email address to the customer in Xero (or edit the message’s To), then approve it.';
  if (reason.includes('sms') || reason.includes('letter'))
    return 'Sending SMS and letters is not available yet: skip it or contact the customer yourself.';
  if (reason.includes('smtp') || reason.includes('sender'))
    return 'Finish setting up email in Settings, then approve it again.';
  if (reason.includes('missed') || reason.includes('closed'))
    return 'Review missed reminders on the Plan screen.';
  return 'Edit or skip it; once the reason is fixed it goes with the next batch.';
}

/** "2 invoices" / "INV-0042". */
export function invoicesSummary(message: OutgoingMessageView): string {
  if (message.invoices.length === 1) return message.invoices[0]?.number ?? '';
  return `${message.invoices.length} invoices`;
}

/** Which tab lists a message. */
export function tabOf(state: string): Tab {
  if (state === 'awaiting_approval') return 'waiting';
  if (state === 'held') return 'held';
  if (state === 'failed' || state === 'in_doubt') return 'problems';
  if (state === 'sent') return 'sent';
  return 'approved';
}
