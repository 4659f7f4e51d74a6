import { describe, expect, it } from 'vitest';
import { ApiError } from '$lib/api';
import { focusAfterMove, numberOrNull, refusedProblem, withMessage } from './stepForm';
import { blankDraft } from './steps';

describe('numberOrNull', () => {
  it('reads an empty box as null and a filled one as its number', () => {
    expect(numberOrNull({ value: '', valueAsNumber: NaN })).toBeNull();
    expect(numberOrNull({ value: '0', valueAsNumber: 0 })).toBe(0);
    expect(numberOrNull({ value: '14', valueAsNumber: 14 })).toBe(14);
  });
});

describe('focusAfterMove', () => {
  it('keeps the same button while the step is not at an end', () => {
    expect(focusAfterMove(2, -1, 4)).toBe('step-up');
    expect(focusAfterMove(1, 1, 4)).toBe('step-down');
  });

  it('moves to the twin button once the step reached an end', () => {
    expect(focusAfterMove(1, -1, 4)).toBe('step-down');
    expect(focusAfterMove(2, 1, 4)).toBe('step-up');
  });
});

describe('refusedProblem', () => {
  it('points an invalid-input refusal at its step and field', () => {
    const reason = { code: 'invalid_input', message: 'invoice INV-1: step 2: hour 24 is wrong' };
    expect(refusedProblem(reason, 'save the steps')).toEqual({
      step: 2,
      field: 'hour',
      message: 'Step 2: hour 24 is wrong',
    });
  });

  it('says what failed and that the edits are kept for any other refusal', () => {
    const reason = new ApiError('internal', 'The database is locked.');
    expect(refusedProblem(reason, 'check the steps')).toEqual({
      step: null,
      field: null,
      message:
        'Couldn’t check the steps: The database is locked. Your changes are still here: try again.',
    });
  });
});

describe('withMessage', () => {
  it('changes only what the message choice changed', () => {
    const draft = blankDraft(1);
    const escalated = withMessage(draft, { escalated: true });
    expect(escalated).toEqual({ ...draft, escalatedSender: true });
    expect(withMessage(escalated, { template: null })).toEqual({ ...escalated, template: null });
    expect(withMessage(draft, {})).toEqual(draft);
  });
});
