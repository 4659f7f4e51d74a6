import { describe, expect, it } from 'vitest';
import { newDraft } from '$lib/chasing/steps';
import {
  audienceWording,
  CUSTOMER_TRIGGERS,
  customerOccurrenceWording,
  customerProblem,
  describeCustomerDraft,
  isCustomerTrigger,
  loopNumberWording,
  loopSentence,
} from './reminders';

describe('CUSTOMER_TRIGGERS', () => {
  it('offers only after_due and repeat', () => {
    expect(CUSTOMER_TRIGGERS.map((t) => t.value)).toEqual(['after_due', 'repeat']);
    expect(isCustomerTrigger('after_due')).toBe(true);
    expect(isCustomerTrigger('repeat')).toBe(true);
    expect(isCustomerTrigger('before_due')).toBe(false);
    expect(isCustomerTrigger('on_date')).toBe(false);
  });
});

describe('describeCustomerDraft', () => {
  it('counts days from the oldest overdue invoice, as the engine words it', () => {
    const draft = { ...newDraft('after_due'), days: 7, hour: 9 };
    expect(describeCustomerDraft(draft)).toBe(
      'when the oldest overdue invoice is 7 days overdue at 09:00 by email',
    );
    expect(describeCustomerDraft({ ...draft, days: 1 })).toBe(
      'when the oldest overdue invoice is 1 day overdue at 09:00 by email',
    );
    expect(describeCustomerDraft({ ...draft, days: 0, channels: ['email', 'sms'] })).toBe(
      'when the oldest overdue invoice falls due at 09:00 by email and SMS',
    );
    expect(describeCustomerDraft({ ...draft, days: null, contactRole: 'Accounts Payable' })).toBe(
      'when the oldest overdue invoice is ? days overdue at 09:00 by email (to Accounts Payable)',
    );
  });

  it('reads a repeat as on any schedule', () => {
    const draft = { ...newDraft('repeat'), everyDays: 7, times: 3, hour: 10 };
    expect(describeCustomerDraft(draft)).toBe('then every 7 days, 3 times, at 10:00 by email');
  });
});

describe('loopSentence', () => {
  const loop = {
    anchorInvoiceId: 42,
    anchorInvoiceNumber: 'INV-0042',
    anchorDueDate: '2026-10-03',
    daysOverdue: 45,
    loopNumber: 1,
  };

  it('names the anchor invoice, its due date and how late it is', () => {
    expect(loopSentence(loop, 'en-GB')).toBe(
      'Counting from INV-0042, due 3 Oct 2026 — 45 days overdue.',
    );
    expect(loopSentence({ ...loop, daysOverdue: 1 }, 'en-GB')).toBe(
      'Counting from INV-0042, due 3 Oct 2026 — 1 day overdue.',
    );
    expect(loopSentence({ ...loop, daysOverdue: 0 }, 'en-GB')).toBe(
      'Counting from INV-0042, due 3 Oct 2026 — due today.',
    );
  });

  it('says which loop it is', () => {
    expect(loopNumberWording(1)).toBe('Loop 1: the first since these reminders were set up');
    expect(loopNumberWording(3)).toBe('Loop 3: restarted as new invoices fell overdue');
  });
});

describe('audienceWording', () => {
  it('reads the engine’s audience', () => {
    expect(audienceWording('customer')).toBe('Usual people');
    expect(audienceWording('role:Accounts Payable')).toBe('Accounts Payable');
    expect(audienceWording('role:')).toBe('Usual people');
  });
});

describe('customerOccurrenceWording', () => {
  it('words states as the invoice page does', () => {
    expect(customerOccurrenceWording({ status: 'scheduled', reason: null })).toEqual({
      label: 'Scheduled',
      detail: null,
      tone: 'accent',
    });
  });

  it('explains a backdated skip for a customer schedule', () => {
    const wording = customerOccurrenceWording({
      status: 'skipped',
      reason: 'backdated: its time had passed when the schedule was set',
    });
    expect(wording.label).toBe('Skipped');
    expect(wording.detail).toBe(
      'its time had passed when these reminders were set up, so it is not sent late',
    );
  });
});

describe('customerProblem', () => {
  it('drops the customer prefix and finds the step', () => {
    expect(
      customerProblem(
        "customer 'Ashford Law Co-op': step 2: a customer schedule counts days overdue, so its steps must be after_due or repeat (this one is before_due)",
      ),
    ).toEqual({
      step: 2,
      message:
        'Step 2: a customer schedule counts days overdue, so its steps must be after_due or repeat (this one is before_due)',
    });
  });

  it('copes with an apostrophe in the name and messages without a step', () => {
    expect(customerProblem("customer 'O'Brien & Sons': the schedule has no steps")).toEqual({
      step: null,
      message: 'The schedule has no steps',
    });
    expect(customerProblem('step 1: enter a whole number of days')).toEqual({
      step: 1,
      message: 'Step 1: enter a whole number of days',
    });
  });
});
