import type { ChasingSettings } from '$lib/bindings/ChasingSettings';
import type { MissedAction } from '$lib/bindings/MissedAction';
import type { MissedReceipt } from '$lib/bindings/MissedReceipt';
import type { MissedSelection } from '$lib/bindings/MissedSelection';
import type { MissedView } from '$lib/bindings/MissedView';
import type { PreviewFor } from '$lib/bindings/PreviewFor';
import type { PreviewView } from '$lib/bindings/PreviewView';
import { command } from './command';

/** What the plan sends over the next `days` (90 by default); at most 2,000 listed, all counted. */
export function previewPlan(scope: PreviewFor, days?: number): Promise<PreviewView> {
  return command<PreviewView>('preview_plan', { scope, days: days ?? null });
}

/** Reminders that fell due while Settle was not running, grouped by customer. */
export function missedReminders(): Promise<MissedView> {
  return command<MissedView>('missed_reminders');
}

/** Send now, skip or reschedule the selected missed reminders, all or nothing. */
export function resolveMissed(
  selection: MissedSelection,
  action: MissedAction,
): Promise<MissedReceipt> {
  return command<MissedReceipt>('resolve_missed', { selection, action });
}

export function chasingSettings(): Promise<ChasingSettings> {
  return command<ChasingSettings>('chasing_settings');
}

export function setHoldUntilExpectedPayment(hold: boolean): Promise<ChasingSettings> {
  return command<ChasingSettings>('set_hold_until_expected_payment', { hold });
}
