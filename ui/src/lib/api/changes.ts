import type { ChangeReceipt } from '$lib/bindings/ChangeReceipt';
import { command } from './command';

/** Reverts a recorded change; rejects with `undo_unavailable` when it can no longer be undone. */
export function undoChange(auditId: number): Promise<ChangeReceipt> {
  return command<ChangeReceipt>('undo_change', { auditId });
}
