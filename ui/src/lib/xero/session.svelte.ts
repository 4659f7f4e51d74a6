/**
 * The Xero section's state, kept by the app shell so a sync running in the background keeps its
 * progress and report while the owner looks at other screens.
 */
import {
  ApiError,
  cancelSync,
  onSyncProgress,
  syncNow,
  xeroStatus,
  type SyncProgress,
  type SyncReport,
  type XeroConnectionView,
} from '$lib/api';

export class XeroSession {
  /** `undefined` until loaded; `null` when no organisation is connected. */
  status = $state<XeroConnectionView | null | undefined>(undefined);
  statusProblem = $state<ApiError | null>(null);
  /** Which sync runs now, if one does. */
  running = $state<'sync' | 'full' | null>(null);
  cancelling = $state(false);
  /** The running (or last) sync's latest progress. */
  progress = $state<SyncProgress | null>(null);
  report = $state<SyncReport | null>(null);
  problem = $state<ApiError | null>(null);

  async loadStatus(): Promise<void> {
    try {
      this.status = await xeroStatus();
      this.statusProblem = null;
    } catch (reason) {
      this.statusProblem = ApiError.from(reason);
    }
  }

  /** Runs a sync; `synced` is called when it ends, however it ends (pages stored so far stay). */
  async sync(full: boolean, synced: () => Promise<unknown> | void): Promise<void> {
    if (this.running) return;
    this.running = full ? 'full' : 'sync';
    this.cancelling = false;
    this.progress = null;
    this.report = null;
    this.problem = null;
    let stop: (() => void) | null = null;
    try {
      stop = await onSyncProgress((progress) => {
        if (this.running) this.progress = progress;
      });
    } catch {
      // Progress is a nicety: the sync and its report do not depend on it.
    }
    try {
      this.report = await syncNow(full);
    } catch (reason) {
      this.problem = ApiError.from(reason);
    } finally {
      stop?.();
      this.running = null;
      this.cancelling = false;
      await this.loadStatus();
      await synced();
    }
  }

  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    try {
      await cancelSync();
    } catch (reason) {
      this.cancelling = false;
      this.problem = ApiError.from(reason);
    }
  }
}
