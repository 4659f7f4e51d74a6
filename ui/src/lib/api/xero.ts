import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { SyncProgress } from '$lib/bindings/SyncProgress';
import type { SyncReport } from '$lib/bindings/SyncReport';
import type { XeroConnectionView } from '$lib/bindings/XeroConnectionView';
import type { XeroSignInView } from '$lib/bindings/XeroSignInView';
import { command } from './command';

/** The event Rust sends after every page a sync stores. */
export const SYNC_PROGRESS_EVENT = 'sync-progress';

/** The organisation connected to Xero, or null when none is. */
export function xeroStatus(): Promise<XeroConnectionView | null> {
  return command<XeroConnectionView | null>('xero_status');
}

/**
 * Fetches the connected organisation's contacts and invoices (`full` ignores what was synced
 * before). Rejects with `cancelled` after cancelSync, `xero_reconnect_needed` when Xero refused the
 * saved sign-in, `sync_running` when a sync is already running (this window, the background sync
 * or `settle sync`).
 */
export function syncNow(full: boolean): Promise<SyncReport> {
  return command<SyncReport>('sync_now', { full });
}

/** Asks the running sync to stop; resolves false when none runs. */
export function cancelSync(): Promise<boolean> {
  return command<boolean>('cancel_sync');
}

/** Calls `handler` with each progress report until the returned function is called. */
export function onSyncProgress(handler: (progress: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>(SYNC_PROGRESS_EVENT, (event) => handler(event.payload));
}

/** The events Rust sends when a connect started with beginXeroConnect ends. */
export const XERO_CONNECTED_EVENT = 'xero-connected';
export const XERO_CONNECT_FAILED_EVENT = 'xero-connect-failed';

/** What beginXeroConnect answers: the Xero sign-in address the owner approves Settle at. */
export interface XeroConnectStart {
  authorizeUrl: string;
}

/**
 * Starts connecting the owner's own Xero app (its Client ID): Settle listens for Xero's answer and
 * tries to open the browser on the returned address. Rejects with `invalid_input` for a malformed
 * Client ID. The outcome arrives as `xero-connected` or `xero-connect-failed`. With `onboarding`,
 * the sign-in only lists the organisations it reaches: nothing is adopted until the owner confirms.
 */
export function beginXeroConnect(clientId: string, onboarding = false): Promise<XeroConnectStart> {
  return command<XeroConnectStart>('begin_xero_connect', { clientId, onboarding });
}

/** Stops waiting for Xero's answer; resolves false when no connect is pending. */
export function cancelXeroConnect(): Promise<boolean> {
  return command<boolean>('cancel_xero_connect');
}

/**
 * Calls `handler` when a pending sign-in succeeds (connected, or organisations to choose from),
 * until the returned function is called.
 */
export function onXeroConnected(handler: (signIn: XeroSignInView) => void): Promise<UnlistenFn> {
  return listen<XeroSignInView>(XERO_CONNECTED_EVENT, (event) => handler(event.payload));
}

/** Calls `handler` with `{ code, message }` when a pending connect fails. */
export function onXeroConnectFailed(handler: (error: unknown) => void): Promise<UnlistenFn> {
  return listen<unknown>(XERO_CONNECT_FAILED_EVENT, (event) => handler(event.payload));
}
