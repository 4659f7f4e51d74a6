import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ApprovalsView } from '$lib/bindings/ApprovalsView';
import type { InDoubtChoice } from '$lib/bindings/InDoubtChoice';
import type { MessageEdit } from '$lib/bindings/MessageEdit';
import type { OutgoingMessageView } from '$lib/bindings/OutgoingMessageView';
import type { SendReport } from '$lib/bindings/SendReport';
import { command } from './command';

/** Rust sends the number of messages awaiting approval whenever it changes. */
export const APPROVALS_CHANGED_EVENT = 'approvals-changed';
/** Rust sends each background send batch's report. */
export const SEND_BATCH_EVENT = 'send-batch-finished';
/** The tray asks the window to open a section ("approvals", "xero"). */
export const OPEN_SECTION_EVENT = 'open-section';

/** The states the Approvals screen lists besides what waits. */
export type MessageState = 'approved' | 'held' | 'failed' | 'in_doubt' | 'sent';

/** Everything awaiting approval, rendered as it will go out, with the other counts. */
export function approvals(): Promise<ApprovalsView> {
  return command<ApprovalsView>('approvals');
}

/** How many messages wait for approval (the tray shows the same number). */
export function approvalCount(): Promise<number> {
  return command<number>('approval_count');
}

/** Messages with an item in `state`, rendered. */
export function outgoingMessages(state: MessageState): Promise<OutgoingMessageView[]> {
  return command<OutgoingMessageView[]>('outgoing_messages', { messageState: state });
}

/** Approves messages: at their scheduled hour, or `sendNow` in the next batch. */
export function approveMessages(ids: number[], sendNow: boolean): Promise<number> {
  return command<number>('approve_messages', { ids, sendNow });
}

/** Approves everything waiting, each at its scheduled hour. */
export function approveAll(): Promise<number> {
  return command<number>('approve_all');
}

export function skipMessages(ids: number[], reason: string): Promise<number> {
  return command<number>('skip_messages', { ids, reason });
}

/** Rejects with `invalid_input` (what to correct) for a bad address or a template error. */
export function editMessage(id: number, edit: MessageEdit): Promise<OutgoingMessageView> {
  return command<OutgoingMessageView>('edit_message', { id, edit });
}

export function retryFailed(ids: number[]): Promise<number> {
  return command<number>('retry_failed', { ids });
}

export function resolveInDoubt(id: number, choice: InDoubtChoice): Promise<void> {
  return command<void>('resolve_in_doubt', { id, choice });
}

export function autostartEnabled(): Promise<boolean> {
  return command<boolean>('autostart_enabled');
}

/** Turns "Start Settle when I log in" on or off; resolves with the state now in force. */
export function setAutostart(enabled: boolean): Promise<boolean> {
  return command<boolean>('set_autostart', { enabled });
}

export function onApprovalsChanged(handler: (count: number) => void): Promise<UnlistenFn> {
  return listen<number>(APPROVALS_CHANGED_EVENT, (event) => handler(event.payload));
}

export function onSendBatch(handler: (report: SendReport) => void): Promise<UnlistenFn> {
  return listen<SendReport>(SEND_BATCH_EVENT, (event) => handler(event.payload));
}

export function onOpenSection(handler: (section: string) => void): Promise<UnlistenFn> {
  return listen<string>(OPEN_SECTION_EVENT, (event) => handler(event.payload));
}
