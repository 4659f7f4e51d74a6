import { describe, expect, it } from 'vitest';
import type { StepView } from '$lib/api';
import {
  addStep,
  describeDraft,
  draftFromView,
  hourLabel,
  incomplete,
  moveStep,
  newDraft,
  sameSteps,
  stepHints,
  stepInputFromView,
  stepOfMessage,
  toStepInput,
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

const standard: StepView[] = [
  view({ number: 1, trigger: 'before_due', days: 3 }),
  view({ number: 2, trigger: 'after_due', days: 1, channels: ['sms', 'email'] }),
  view({ number: 3, trigger: 'after_due', days: 7, hour: 10, contactRole: 'Accounts Payable' }),
  view({ number: 4, trigger: 'repeat', days: null, everyDays: 14, times: 3, hour: 10 }),
];

describe('StepView → StepInput', () => {
  it('keeps only each trigger’s own fields, in the engine’s names', () => {
    expect(standard.map(stepInputFromView)).toEqual([
      { trigger: 'before_due', days: 3, hour: 9, channels: ['email'] },
      { trigger: 'after_due', days: 1, hour: 9, channels: ['email', 'sms'] },
      {
        trigger: 'after_due',
        days: 7,
        hour: 10,
        channels: ['email'],
        contact_role: 'Accounts Payable',
      },
      { trigger: 'repeat', every_days: 14, times: 3, hour: 10, channels: ['email'] },
    ]);
    expect(stepInputFromView(view({ trigger: 'when_issued', days: null }))).toEqual({
      trigger: 'when_issued',
      hour: 9,
      channels: ['email'],
    });
    expect(stepInputFromView(view({ trigger: 'on_date', days: null, date: '2026-12-24' }))).toEqual(
      { trigger: 'on_date', date: '2026-12-24', hour: 9, channels: ['email'] },
    );
  });

  it('saves an untouched draft exactly as the engine sent it', () => {
    const drafts = standard.map(draftFromView);
    expect(sameSteps(drafts.map(toStepInput), standard.map(stepInputFromView))).toBe(true);
  });

  it('notices an edit', () => {
    const drafts = standard.map(draftFromView);
    drafts[0]!.days = 5;
    expect(sameSteps(drafts.map(toStepInput), standard.map(stepInputFromView))).toBe(false);
    const fewer = standard.map(draftFromView).slice(1);
    expect(sameSteps(fewer.map(toStepInput), standard.map(stepInputFromView))).toBe(false);
  });

  it('keeps what was typed for another trigger, but saves only the chosen one', () => {
    const draft = draftFromView(standard[0]!);
    draft.trigger = 'repeat';
    draft.trigger = 'before_due';
    expect(toStepInput(draft)).toEqual({
      trigger: 'before_due',
      days: 3,
      hour: 9,
      channels: ['email'],
    });
    draft.trigger = 'repeat';
    expect(toStepInput(draft)).toEqual({
      trigger: 'repeat',
      every_days: 14,
      times: 3,
      hour: 9,
      channels: ['email'],
    });
    draft.trigger = 'on_date';
    draft.date = ' 2026-12-24 ';
    expect(toStepInput(draft)).toMatchObject({ trigger: 'on_date', date: '2026-12-24' });
  });

  it('"Usual people" is no role at all', () => {
    const draft = newDraft();
    draft.contactRole = null;
    expect('contact_role' in toStepInput(draft)).toBe(false);
    draft.contactRole = 'Director';
    expect(toStepInput(draft)).toMatchObject({ contact_role: 'Director' });
  });
});

describe('what cannot be sent to the engine', () => {
  it('is an empty or fractional number box, named by step and field', () => {
    const drafts: StepDraft[] = [newDraft('before_due'), newDraft('repeat')];
    drafts[0]!.days = null;
    drafts[1]!.times = 2.5;
    expect(incomplete(drafts)).toMatchObject([
      { step: 1, field: 'days', message: 'step 1: enter a whole number of days' },
      { step: 2, field: 'times' },
    ]);
  });

  it('treats an emptied box (undefined from bind:value) the same way', () => {
    const draft = newDraft('after_issue');
    (draft as { days: unknown }).days = undefined;
    expect(incomplete([draft])).toHaveLength(1);
  });

  it('ignores fields of other triggers', () => {
    const draft = newDraft('when_issued');
    draft.days = null;
    expect(incomplete([draft])).toEqual([]);
  });
});

describe('guidance while editing', () => {
  const roles = ['Accounts Payable', 'Director'];

  it('says a repeat cannot come first, must be last, and only once', () => {
    const first = [newDraft('repeat'), newDraft()];
    expect(stepHints(first, roles).get(first[0]!.key)?.[0]?.message).toMatch(/can’t be the first/);

    const notLast = [newDraft(), newDraft('repeat'), newDraft()];
    expect(stepHints(notLast, roles).get(notLast[1]!.key)?.[0]?.message).toMatch(/last step/);

    const two = [newDraft(), newDraft('repeat'), newDraft('repeat')];
    expect(stepHints(two, roles).get(two[2]!.key)?.[0]?.message).toMatch(
      /Only one step can repeat, and step 2 already does/,
    );
  });

  it('says when no channel is chosen, a number is out of range, or a role is gone', () => {
    const drafts = [newDraft(), newDraft('before_due'), newDraft(), newDraft('repeat')];
    drafts[0]!.channels = [];
    drafts[1]!.days = 4000;
    drafts[2]!.contactRole = 'Purchasing';
    drafts[3]!.times = 11;
    const hints = stepHints(drafts, roles);
    expect(hints.get(drafts[0]!.key)?.map((h) => h.field)).toEqual(['channels']);
    expect(hints.get(drafts[1]!.key)?.map((h) => h.field)).toEqual(['days']);
    expect(hints.get(drafts[2]!.key)?.[0]?.message).toMatch(/Purchasing/);
    expect(hints.get(drafts[3]!.key)?.[0]?.message).toBe('A step repeats 1 to 10 times.');
  });

  it('is silent about a good cadence', () => {
    expect(stepHints(standard.map(draftFromView), roles).size).toBe(0);
  });
});

describe('arranging steps', () => {
  it('moves a step up or down, and not past the ends', () => {
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveStep(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveStep(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('adds a step before a final repeat, so the repeat stays last', () => {
    const drafts = standard.map(draftFromView);
    const added = newDraft();
    const { steps, index } = addStep(drafts, added);
    expect(index).toBe(3);
    expect(steps[3]).toBe(added);
    expect(steps[4]?.trigger).toBe('repeat');
    const plain = addStep([newDraft()], added);
    expect(plain.index).toBe(1);
  });
});

describe('a draft in words', () => {
  it('reads like the engine’s descriptions', () => {
    const [before, after, role, repeat] = standard.map(draftFromView);
    expect(describeDraft(before!)).toBe('3 days before the due date at 09:00 by email');
    expect(describeDraft(after!)).toBe('1 day after the due date at 09:00 by email and SMS');
    expect(describeDraft(role!)).toBe(
      '7 days after the due date at 10:00 by email (to Accounts Payable)',
    );
    expect(describeDraft(repeat!)).toBe('then every 14 days, 3 times, at 10:00 by email');
    const issued = newDraft('when_issued');
    issued.channels = ['letter', 'email', 'sms'];
    expect(describeDraft(issued)).toBe(
      'when the invoice is issued at 09:00 by email, SMS and letter',
    );
    const zero = newDraft('after_issue');
    zero.days = 0;
    expect(describeDraft(zero)).toBe('on the invoice date at 09:00 by email');
    const once = newDraft('repeat');
    once.times = 1;
    once.everyDays = 1;
    expect(describeDraft(once)).toBe('then every 1 day, once, at 09:00 by email');
  });

  it('shows hours as the clock does', () => {
    expect(hourLabel(0)).toBe('00:00');
    expect(hourLabel(23)).toBe('23:00');
  });
});

describe('the engine’s messages', () => {
  it('point at the step they name', () => {
    expect(stepOfMessage("cadence 'Firm': step 2: hour 24 is not an hour of the day (0–23)")).toBe(
      2,
    );
    expect(
      stepOfMessage("cadence 'Firm': step 4: a second repeating step (step 3 already repeats)"),
    ).toBe(4);
    expect(stepOfMessage("cadence 1 ('Firm'), step 2: missing field `hour`")).toBe(2);
    expect(stepOfMessage('an organisation can have at most 100 cadences')).toBeNull();
  });
});

describe('a step’s template and sender', () => {
  const notice = view({
    number: 5,
    days: 30,
    template: 'final_notice',
    escalatedSender: true,
  });

  it('round-trip unchanged, and are left out when automatic and normal', () => {
    const draft = draftFromView(notice);
    expect(draft).toMatchObject({ template: 'final_notice', escalatedSender: true });
    expect(toStepInput(draft)).toEqual({
      trigger: 'after_due',
      days: 30,
      hour: 9,
      channels: ['email'],
      template: 'final_notice',
      escalated_sender: true,
    });
    expect(sameSteps([toStepInput(draft)], [stepInputFromView(notice)])).toBe(true);
    expect(toStepInput(newDraft())).toEqual({
      trigger: 'after_due',
      days: 7,
      hour: 9,
      channels: ['email'],
    });
  });

  it('count as an edit, and are named in the sentence', () => {
    const draft = draftFromView(notice);
    draft.escalatedSender = false;
    expect(sameSteps([toStepInput(draft)], [stepInputFromView(notice)])).toBe(false);
    expect(describeDraft(draftFromView(notice))).toBe(
      "30 days after the due date at 09:00 by email, using 'Final notice', from the escalated sender",
    );
  });
});
