/**
 * The cadence editor's plain logic: its first steps, whether it has unsaved edits, and the
 * problem text it shows. Owns no state and calls no command; the editor components hold both.
 */
import { ApiError, type CadenceView, type StepInput } from '$lib/api';
import {
  draftFromView,
  newDraft,
  sameSteps,
  stepInputFromView,
  stepOfMessage,
  type StepDraft,
  type StepProblem,
} from './steps';

/** The command the editor is waiting for, if any. */
export type EditorBusy = null | 'review' | 'save' | 'default' | 'delete' | 'apply-review' | 'apply';

/** What the editor shows next to the form, and the step (from 1) it points at, if any. */
export interface EditorProblem {
  message: string;
  step: number | null;
}

/** The steps the editor starts from: the cadence's own, or one reminder 3 days before due. */
export function firstSteps(cadence: CadenceView | null): StepDraft[] {
  if (cadence) return cadence.steps.map(draftFromView);
  const reminder = newDraft('before_due');
  reminder.days = 3;
  return [reminder];
}

/** The first thing missing from the form, as a sentence. */
export function missingProblem(first: StepProblem): EditorProblem {
  return {
    message: `${first.message[0]?.toUpperCase()}${first.message.slice(1)}.`,
    step: first.step,
  };
}

/** The engine's refusal; only an invalid-input refusal can point at a step. */
export function refusalProblem(reason: unknown): EditorProblem {
  const error = ApiError.from(reason);
  return {
    message: error.message,
    step: error.code === 'invalid_input' ? stepOfMessage(error.message) : null,
  };
}

export interface EditState {
  /** The steps differ from the saved ones (always true for a new cadence or an incomplete form). */
  stepsChanged: boolean;
  nameChanged: boolean;
  /** There are edits not saved yet. */
  dirty: boolean;
}

/**
 * Whether the form differs from what is saved. A new cadence is compared with `blank`, the JSON
 * of the steps it started from, so an untouched new form is not dirty.
 */
export function editState(
  cadence: CadenceView | null,
  name: string,
  inputs: StepInput[] | null,
  blank: string,
): EditState {
  const saved = cadence ? cadence.steps.map(stepInputFromView) : null;
  const stepsChanged = saved === null || inputs === null || !sameSteps(inputs, saved);
  const nameChanged = cadence !== null && name.trim() !== cadence.name;
  const dirty = cadence
    ? stepsChanged || nameChanged
    : name.trim() !== '' || inputs === null || JSON.stringify(inputs) !== blank;
  return { stepsChanged, nameChanged, dirty };
}

/** "1 invoice" / "1,234 invoices". */
export function invoiceCount(count: number): string {
  return count === 1 ? '1 invoice' : `${count.toLocaleString('en-GB')} invoices`;
}
