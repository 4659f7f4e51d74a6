/**
 * The invoice steps editor's plain logic: field classes and words, reading number boxes, where
 * the focus goes after a move, and the problem shown when a command fails. Calls no command.
 */
import { ApiError } from '$lib/api';
import type { TemplateKey } from '$lib/chasing/message';
import { problemFromMessage, type StepDraft, type StepProblem, type TriggerKind } from './steps';

/** The classes of the editor's boxes and selects; a flagged one gets a danger ring. */
export const STEP_INPUT =
  'h-8 rounded-md border bg-surface px-2 text-sm text-fg tabular-nums aria-[invalid=true]:border-danger aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-danger';

/** Suffix words for a days field, by trigger. */
export const DAYS_WORDS: Partial<Record<TriggerKind, string>> = {
  after_issue: 'days after the invoice date',
  before_due: 'days before the due date',
  after_due: 'days after the due date',
};

/** A number box's value; null while it is empty. */
export function numberOrNull(
  box: Pick<HTMLInputElement, 'value' | 'valueAsNumber'>,
): number | null {
  return box.value === '' ? null : box.valueAsNumber;
}

/**
 * The button to focus after moving a step by `delta` from `index` in a list of `length`: the
 * same button, or its twin once the step reached an end of the list (where it is disabled).
 */
export function focusAfterMove(
  index: number,
  delta: number,
  length: number,
): 'step-up' | 'step-down' {
  const to = index + delta;
  const atEnd = delta < 0 ? to === 0 : to === length - 1;
  return delta < 0 !== atEnd ? 'step-up' : 'step-down';
}

/**
 * What to show when `doing` failed: an invalid-input refusal points at its step and field;
 * anything else says the edits are kept.
 */
export function refusedProblem(reason: unknown, doing: string): StepProblem {
  const error = ApiError.from(reason);
  return error.code === 'invalid_input'
    ? problemFromMessage(error.message)
    : {
        step: null,
        field: null,
        message: `Couldn’t ${doing}: ${error.message} Your changes are still here: try again.`,
      };
}

/** A draft with a "Template" / "Send from" change applied. */
export function withMessage(
  draft: StepDraft,
  change: { template?: TemplateKey | null; escalated?: boolean },
): StepDraft {
  return {
    ...draft,
    ...(change.template !== undefined ? { template: change.template } : {}),
    ...(change.escalated !== undefined ? { escalatedSender: change.escalated } : {}),
  };
}
