import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { SyncProgress } from '$lib/bindings/SyncProgress';
import type { SyncReport } from '$lib/bindings/SyncReport';
import type { XeroConnectionView } from '$lib/bindings/XeroConnectionView';
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
 * saved sign-in, `invalid_input` when a sync is already running.
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
