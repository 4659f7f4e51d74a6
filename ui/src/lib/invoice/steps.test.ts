import { describe, expect, it } from 'vitest';
import type { StepView } from '$lib/bindings/StepView';
import {
  blankDraft,
  describeDraft,
  draftFromStep,
  draftsToInputs,
  HOURS,
  moveItem,
  problemFromMessage,
  stepToInput,
  toggleChannel,
  withTrigger,
  type StepDraft,
} from './steps';

function view(partial: Partial<StepView>): StepView {
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

const STANDARD: StepView[] = [
  view({ number: 1, trigger: 'before_due', days: 3 }),
  view({ number: 2, trigger: 'after_due', days: 1 }),
  view({ number: 3, trigger: 'after_due', days: 7, hour: 10, contactRole: 'Accounts Payable' }),
  view({ number: 4, trigger: 'repeat', days: null, everyDays: 14, times: 3, hour: 10 }),
];

describe('StepView → StepInput', () => {
  it('converts every trigger to the engine’s form', () => {
    expect(STANDARD.map(stepToInput)).toEqual([
      { trigger: 'before_due', days: 3, hour: 9, channels: ['email'] },
      { trigger: 'after_due', days: 1, hour: 9, channels: ['email'] },
      {
        trigger: 'after_due',
        days: 7,
        hour: 10,
        channels: ['email'],
        contact_role: 'Accounts Payable',
      },
      { trigger: 'repeat', every_days: 14, times: 3, hour: 10, channels: ['email'] },
    ]);
    expect(stepToInput(view({ trigger: 'when_issued', days: null, hour: 8 }))).toEqual({
      trigger: 'when_issued',
      hour: 8,
      channels: ['email'],
    });
    expect(stepToInput(view({ trigger: 'on_date', days: null, date: '2026-12-24' }))).toEqual({
      trigger: 'on_date',
      date: '2026-12-24',
      hour: 9,
      channels: ['email'],
    });
    expect(stepToInput(view({ trigger: 'after_issue', days: 0 }))).toMatchObject({
      trigger: 'after_issue',
      days: 0,
    });
  });

  it('lists channels in one order: email, SMS, letter', () => {
    expect(stepToInput(view({ channels: ['letter', 'email', 'sms'] })).channels).toEqual([
      'email',
      'sms',
      'letter',
    ]);
  });
});

describe('drafts', () => {
  const drafts = (): StepDraft[] => STANDARD.map((s, i) => draftFromStep(s, i));

  it('round-trips the steps unchanged', () => {
    const result = draftsToInputs(drafts());
    expect(result).toEqual({ ok: true, steps: STANDARD.map(stepToInput) });
  });

  it('asks for a missing number, naming the step and field', () => {
    const list = drafts();
    list[1] = { ...list[1]!, days: null };
    expect(draftsToInputs(list)).toEqual({
      ok: false,
      problem: { step: 2, field: 'days', message: 'Step 2: enter the number of days, e.g. 7' },
    });
    list[1] = { ...list[1]!, days: 1.5 };
    expect(draftsToInputs(list)).toMatchObject({ ok: false, problem: { step: 2 } });
  });

  it('asks for a date and for the repeat’s numbers', () => {
    const dated = withTrigger(blankDraft(1), 'on_date');
    expect(draftsToInputs([dated])).toMatchObject({ ok: false, problem: { field: 'date' } });
    const repeat = { ...withTrigger(blankDraft(2), 'repeat'), times: null };
    expect(draftsToInputs([blankDraft(1), repeat])).toMatchObject({
      ok: false,
      problem: { step: 2, field: 'times' },
    });
  });

  it('refuses no steps at all, pointing at the chasing switch', () => {
    expect(draftsToInputs([])).toMatchObject({
      ok: false,
      problem: { step: null, message: expect.stringMatching(/switch its chasing off/) },
    });
  });

  it('leaves the rules to the engine (two repeats, no channel are sent as typed)', () => {
    const noChannel = { ...blankDraft(1), channels: [] };
    expect(draftsToInputs([noChannel])).toEqual({
      ok: true,
      steps: [{ trigger: 'after_due', days: 7, hour: 9, channels: [] }],
    });
  });

  it('fills a new trigger’s fields and keeps the old ones', () => {
    const step = blankDraft(1);
    const repeat = withTrigger(step, 'repeat');
    expect(repeat).toMatchObject({ trigger: 'repeat', everyDays: 14, times: 3, days: 7 });
    expect(withTrigger(repeat, 'after_due').days).toBe(7);
    expect(withTrigger({ ...step, days: null }, 'before_due').days).toBe(3);
  });

  it('adds a step a week after the last, at its hour and on its channels', () => {
    const last = draftFromStep(STANDARD[2]!, 5);
    expect(blankDraft(6, last)).toMatchObject({
      id: 6,
      trigger: 'after_due',
      days: 14,
      hour: 10,
      channels: ['email'],
      contactRole: '',
    });
    expect(blankDraft(1)).toMatchObject({ days: 7, hour: 9, channels: ['email'] });
  });

  it('toggles channels in order', () => {
    expect(toggleChannel(['email'], 'letter', true)).toEqual(['email', 'letter']);
    expect(toggleChannel(['letter'], 'email', true)).toEqual(['email', 'letter']);
    expect(toggleChannel(['email', 'sms'], 'email', false)).toEqual(['sms']);
    expect(toggleChannel(['email'], 'email', true)).toEqual(['email']);
  });

  it('moves steps up and down within the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('offers the 24 hours of the day', () => {
    expect(HOURS).toHaveLength(24);
    expect(HOURS[0]).toEqual({ value: 0, label: '00:00' });
    expect(HOURS[23]).toEqual({ value: 23, label: '23:00' });
  });
});

describe('describing a draft like the engine does', () => {
  it('reads as a sentence', () => {
    const [a, b, c, d] = STANDARD.map((s, i) => draftFromStep(s, i));
    expect(describeDraft(a!)).toBe('3 days before the due date at 09:00 by email');
    expect(describeDraft(b!)).toBe('1 day after the due date at 09:00 by email');
    expect(describeDraft(c!)).toBe(
      '7 days after the due date at 10:00 by email (to Accounts Payable)',
    );
    expect(describeDraft(d!)).toBe('then every 14 days, 3 times, at 10:00 by email');
    expect(describeDraft({ ...b!, days: 0, channels: ['letter', 'email', 'sms'] })).toBe(
      'on the due date at 09:00 by email, SMS and letter',
    );
    expect(describeDraft(withTrigger(blankDraft(1), 'when_issued'))).toBe(
      'when the invoice is issued at 09:00 by email',
    );
  });
});

describe('engine errors', () => {
  it('points at the step and field', () => {
    expect(
      problemFromMessage(
        'invoice INV-00019: step 2: a second repeating step (step 1 already repeats)',
      ),
    ).toEqual({
      step: 2,
      field: 'trigger',
      message: 'Step 2: a second repeating step (step 1 already repeats)',
    });
    expect(
      problemFromMessage(
        'invoice INV-1: step 1: channels must list at least one of email, sms or letter',
      ),
    ).toMatchObject({ step: 1, field: 'channels' });
    expect(
      problemFromMessage("cadence 'x': step 3: hour 24 is not an hour of the day (0–23)"),
    ).toMatchObject({ step: 3, field: 'hour' });
    expect(
      problemFromMessage("cadence 'x': step 3: days must be 0 or more (got -3)"),
    ).toMatchObject({ field: 'days' });
    expect(
      problemFromMessage("cadence 'x': step 2: repeat 11 times is out of range (1–10)"),
    ).toMatchObject({ field: 'times' });
    expect(
      problemFromMessage("cadence 'x': step 2: repeat every 0 days is out of range (1–3650)"),
    ).toMatchObject({ field: 'everyDays' });
    expect(
      problemFromMessage(
        "cadence 'x': step 2: date '2026-02-30' is not a calendar date (write it as YYYY-MM-DD)",
      ),
    ).toMatchObject({ field: 'date' });
    expect(
      problemFromMessage(
        "cadence 'x': step 1: a repeating step repeats the step before it, so it cannot come first",
      ),
    ).toMatchObject({ step: 1, field: 'trigger' });
    expect(
      problemFromMessage(
        "cadence 'Firm': step 2: contact_role 'Purchasing' is not a contact role of this organisation",
      ),
    ).toMatchObject({ field: 'contactRole' });
  });

  it('keeps messages about the whole schedule whole', () => {
    expect(
      problemFromMessage(
        'a schedule can have at most 50 steps (this one has 51): remove some steps',
      ),
    ).toEqual({
      step: null,
      field: null,
      message: 'A schedule can have at most 50 steps (this one has 51): remove some steps',
    });
  });
});

describe('a step’s template and sender', () => {
  it('are kept when the invoice’s steps are saved again', () => {
    const step = view({ days: 30, template: 'past_due', escalatedSender: true });
    expect(stepToInput(step)).toEqual({
      trigger: 'after_due',
      days: 30,
      hour: 9,
      channels: ['email'],
      template: 'past_due',
      escalated_sender: true,
    });
    const draft = draftFromStep(step, 1);
    expect(describeDraft(draft)).toBe(
      "30 days after the due date at 09:00 by email, using 'Past due', from the escalated sender",
    );
    expect(blankDraft(2, draft)).toMatchObject({ template: null, escalatedSender: false });
  });

  it('point an unknown template message at the template field', () => {
    expect(
      problemFromMessage(
        "invoice INV-1: step 2: template 'stern' is not a template (use one of new_invoice, …)",
      ),
    ).toMatchObject({ step: 2, field: 'template' });
  });
});
