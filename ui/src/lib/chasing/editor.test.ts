import { describe, expect, it } from 'vitest';
import { ApiError, type CadenceView, type StepView } from '$lib/api';
import { editState, firstSteps, invoiceCount, missingProblem, refusalProblem } from './editor';
import { incomplete, toStepInput } from './steps';

function step(partial: Partial<StepView>): StepView {
  return {
    number: 1,
    trigger: 'after_due',
    days: 7,
    date: null,
    everyDays: null,
    times: null,
    hour: 9,
    channels: ['email'],
    contactRole: null,
    template: null,
    escalatedSender: false,
    description: '',
    ...partial,
  };
}

const firm: CadenceView = {
  id: 1,
  name: 'Firm',
  isDefault: false,
  steps: [step({ number: 1, trigger: 'before_due', days: 3 }), step({ number: 2, days: 7 })],
  invoices: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('firstSteps', () => {
  it('starts a new cadence with one reminder 3 days before due', () => {
    const [only, ...rest] = firstSteps(null);
    expect(rest).toEqual([]);
    expect(only?.trigger).toBe('before_due');
    expect(only?.days).toBe(3);
  });

  it('starts an existing cadence from its own steps', () => {
    const drafts = firstSteps(firm);
    expect(drafts.map((d) => [d.trigger, d.days])).toEqual([
      ['before_due', 3],
      ['after_due', 7],
    ]);
  });
});

describe('editState', () => {
  const saved = firstSteps(firm).map(toStepInput);

  it('is clean when name and steps are as saved', () => {
    expect(editState(firm, ' Firm ', saved, '')).toEqual({
      stepsChanged: false,
      nameChanged: false,
      dirty: false,
    });
  });

  it('sees a renamed cadence as dirty without changed steps', () => {
    expect(editState(firm, 'Firmer', saved, '')).toEqual({
      stepsChanged: false,
      nameChanged: true,
      dirty: true,
    });
  });

  it('sees changed or incomplete steps as dirty', () => {
    const changed = saved.map((input, i) => (i === 1 ? { ...input, hour: 10 } : input));
    expect(editState(firm, 'Firm', changed, '').dirty).toBe(true);
    expect(editState(firm, 'Firm', null, '')).toMatchObject({ stepsChanged: true, dirty: true });
  });

  it('compares a new cadence with the steps it started from', () => {
    const start = firstSteps(null).map(toStepInput);
    const blank = JSON.stringify(start);
    expect(editState(null, '', start, blank).dirty).toBe(false);
    expect(editState(null, 'Soft', start, blank).dirty).toBe(true);
    expect(editState(null, '', null, blank).dirty).toBe(true);
    const longer = start.map((input) => ({ ...input, hour: 11 }));
    expect(editState(null, '', longer, blank).dirty).toBe(true);
  });
});

describe('problems', () => {
  it('turns the first missing field into a sentence pointing at its step', () => {
    const drafts = firstSteps(firm);
    const second = drafts[1];
    if (!second) throw new Error('two steps expected');
    second.days = null;
    const first = incomplete(drafts)[0];
    if (!first) throw new Error('a problem expected');
    expect(missingProblem(first)).toEqual({
      message: 'Step 2: enter a whole number of days.',
      step: 2,
    });
  });

  it('points an invalid-input refusal at the step it names', () => {
    const reason = { code: 'invalid_input', message: "cadence 'Firm': step 2: hour 24 is wrong" };
    expect(refusalProblem(reason)).toEqual({ message: reason.message, step: 2 });
  });

  it('does not point other refusals at a step', () => {
    const reason = new ApiError('internal', 'step 3: the database is locked');
    expect(refusalProblem(reason)).toEqual({ message: reason.message, step: null });
  });
});

describe('invoiceCount', () => {
  it('says one invoice or a grouped count', () => {
    expect(invoiceCount(1)).toBe('1 invoice');
    expect(invoiceCount(1234)).toBe('1,234 invoices');
  });
});
