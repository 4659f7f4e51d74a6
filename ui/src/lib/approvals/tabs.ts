/** The Approvals screen's tab labels and the last batch in words (no I/O). */
import type { OutgoingMessageView } from '$lib/bindings/OutgoingMessageView';
import type { SendReport } from '$lib/bindings/SendReport';
import type { Tab } from './messages';

const NAMES: Record<Tab, string> = {
  waiting: 'Waiting',
  held: 'Held',
  problems: 'Failed or in doubt',
  approved: 'Approved',
  sent: 'Sent',
};

/** "Waiting (3)", or the bare name while the list is not loaded. */
export function tabLabel(tab: Tab, list: OutgoingMessageView[] | null): string {
  return list === null ? NAMES[tab] : `${NAMES[tab]} (${list.length})`;
}

/** What the last background batch did, in one sentence. */
export function batchSummary(report: SendReport): string {
  const parts: string[] = [];
  if (report.sent) parts.push(`${report.sent} sent`);
  if (report.failed) parts.push(`${report.failed} failed`);
  if (report.inDoubt) parts.push(`${report.inDoubt} in doubt`);
  if (report.held) parts.push(`${report.held} held`);
  if (report.cancelled) parts.push(`${report.cancelled} cancelled (no longer owed)`);
  if (report.waiting) parts.push(`${report.waiting} waiting for their hour`);
  const done = parts.length ? parts.join(', ') : 'nothing was due';
  if (report.gate === 'held' && report.gateReason) return `Last send: held. ${report.gateReason}`;
  return `Last send: ${done}.`;
}
