/** Words for the Xero section: progress lines, report lines and what an error asks of the owner. */
import type { ApiError, EntitySyncView, SyncProgress, SyncStage } from '$lib/api';

const STAGES: Record<SyncStage, string> = {
  organisation: 'Organisation',
  contacts: 'Contacts',
  invoices: 'Invoices',
  reconcile: 'Checking open invoices',
};

export function stageLabel(stage: SyncStage): string {
  return STAGES[stage];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** "Invoices: page 2 · 1,400 received · 1,398 stored · 5 calls to Xero" */
export function progressText(p: SyncProgress): string {
  const stage = stageLabel(p.stage);
  if (p.page === 0) return `${stage}: starting…`;
  const received = p.fetched.toLocaleString('en-GB');
  const stored = p.stored.toLocaleString('en-GB');
  return `${stage}: page ${p.page} · ${received} received · ${stored} stored · ${plural(p.apiCalls, 'call')} to Xero`;
}

/** "3 new, 1 updated, 0 held" */
export function entityText(view: EntitySyncView): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  const text = `${n(view.inserted)} new, ${n(view.updated)} updated, ${n(view.held)} held`;
  return view.resumed ? `${text} (carried on from an interrupted sync)` : text;
}

/** What to tell the owner when a sync fails, by the error's code. */
export function syncErrorText(error: ApiError): { title: string; detail: string } {
  switch (error.code) {
    case 'xero_reconnect_needed':
      return {
        title: 'Xero needs you to sign in again',
        detail: 'Chasing is paused. Press Reconnect in the banner above, then sync again.',
      };
    case 'xero_not_connected':
      return {
        title: 'Settle is not connected to Xero',
        detail: 'Connect with `settle connect xero`, then sync again.',
      };
    case 'xero_rate_limited':
      return { title: 'Xero’s call limit is used up for now', detail: error.message };
    case 'xero_unavailable':
      return { title: 'Xero could not be reached', detail: error.message };
    case 'cancelled':
      return { title: 'Sync cancelled', detail: error.message };
    case 'sync_running':
      return { title: 'A sync is already running', detail: error.message };
    default:
      return { title: 'The sync failed', detail: error.message };
  }
}
