import type { AssignmentReport } from '$lib/bindings/AssignmentReport';
import type { CadenceReceipt } from '$lib/bindings/CadenceReceipt';
import type { CadenceView } from '$lib/bindings/CadenceView';
import type { ChangePreviewView } from '$lib/bindings/ChangePreviewView';
import type { ExportReceipt } from '$lib/bindings/ExportReceipt';
import type { InvoicesFor } from '$lib/bindings/InvoicesFor';
import type { StepInput } from '$lib/bindings/StepInput';
import { command } from './command';

/** Every cadence of the organisation, the default flagged. */
export function listCadences(): Promise<CadenceView[]> {
  return command<CadenceView[]>('list_cadences');
}

/** Creates a cadence; rejects with `invalid_input` naming the step and field when a step is bad. */
export function createCadence(
  name: string,
  steps: StepInput[],
  makeDefault: boolean,
): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('create_cadence', { name, steps, makeDefault });
}

/** Saves a cadence's steps (and its new name when `newName` differs). Invoices keep their copies. */
export function updateCadence(
  name: string,
  steps: StepInput[],
  newName: string | null,
): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('update_cadence', { name, steps, newName });
}

export function deleteCadence(name: string): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('delete_cadence', { name });
}

export function setDefaultCadence(name: string): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('set_default_cadence', { name });
}

/**
 * What the next `days` (90 by default) would look like if cadence `name`, with `steps` instead of
 * its saved ones when given, were applied to `target`. Saves nothing: shown before saving.
 */
export function previewCadenceChange(
  name: string,
  steps: StepInput[] | null,
  target: InvoicesFor,
  days?: number,
): Promise<ChangePreviewView> {
  return command<ChangePreviewView>('preview_cadence_change', {
    name,
    steps,
    target,
    days: days ?? null,
  });
}

/** Copies cadence `name` onto the target invoices (`following` is refused: nothing to do). */
export function applyCadence(name: string, target: InvoicesFor): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('apply_cadence', { name, target });
}

/** Writes every cadence to a file in Downloads and says where. */
export function exportCadences(): Promise<ExportReceipt> {
  return command<ExportReceipt>('export_cadences');
}

/** Adds the cadences in a cadence file's text, all or nothing. */
export function importCadences(text: string): Promise<CadenceReceipt> {
  return command<CadenceReceipt>('import_cadences', { text });
}

/**
 * Checks a bulk-assignment CSV (invoice number, cadence name); with `accept`, applies the valid
 * rows. Bad rows come back in `errors` with their line number and are never applied.
 */
export function assignCadences(text: string, accept: boolean): Promise<AssignmentReport> {
  return command<AssignmentReport>('assign_cadences', { text, accept });
}
