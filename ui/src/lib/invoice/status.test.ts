import { describe, expect, it } from 'vitest';
import type { OccurrenceStatus } from '$lib/bindings/OccurrenceStatus';
import {
  channelLabel,
  describeOccurrence,
  formatLocal,
  isPast,
  occurrenceSentence,
  plainReason,
  splitByTime,
  stepWording,
} from './status';

const ALL: OccurrenceStatus[] = [
  'scheduled',
  'due',
  'awaiting_approval',
  'approved',
  'sending',
  'sent',
  'failed',
  'skipped',
  'cancelled',
  'in_doubt',
  'missed',
  'rescheduled',
];

describe('occurrence states in words', () => {
  it('has words for every state', () => {
    for (const status of ALL) {
      const wording = describeOccurrence({ status, reason: null });
      expect(wording.label.length).toBeGreaterThan(0);
      expect(wording.label).not.toContain('_');
    }
  });

  it('says the plain states plainly', () => {
    expect(occurrenceSentence(describeOccurrence({ status: 'scheduled', reason: null }))).toBe(
      'Scheduled',
    );
    expect(describeOccurrence({ status: 'awaiting_approval', reason: null }).label).toBe(
      'Waiting for your approval',
    );
    expect(describeOccurrence({ status: 'sent', reason: null })).toEqual({
      label: 'Sent',
      detail: null,
      tone: 'success',
    });
    expect(describeOccurrence({ status: 'due', reason: null }).label).toBe('Due now');
  });

  it('gives the reason of skipped, cancelled and failed sends', () => {
    expect(
      occurrenceSentence(
        describeOccurrence({ status: 'skipped', reason: 'the invoice was already sent' }),
      ),
    ).toBe('Skipped — the invoice was already sent');
    expect(
      occurrenceSentence(
        describeOccurrence({ status: 'cancelled', reason: 'chasing is off for this invoice' }),
      ),
    ).toBe('Cancelled — chasing is off for this invoice');
    expect(
      occurrenceSentence(
        describeOccurrence({ status: 'failed', reason: 'email: no email address for the contact' }),
      ),
    ).toBe('Failed — email: no email address for the contact');
    expect(describeOccurrence({ status: 'failed', reason: null }).detail).toBe(
      'it could not be delivered',
    );
  });

  it('explains in-doubt and missed sends in fixed words', () => {
    expect(describeOccurrence({ status: 'in_doubt', reason: 'smtp timeout' }).detail).toBe(
      'we could not confirm whether it was sent',
    );
    const missed = describeOccurrence({
      status: 'missed',
      reason: 'fell due at 2026-11-20T09:00:00Z while Settle was not running',
    });
    expect(missed.label).toBe('Missed');
    expect(missed.detail).toMatch(/^it fell due while Settle was closed/);
  });

  it('shows a rescheduled send with the owner’s reason', () => {
    expect(
      occurrenceSentence(
        describeOccurrence({ status: 'rescheduled', reason: 'after the holiday' }),
      ),
    ).toBe('Rescheduled — after the holiday');
  });
});

describe('plain reasons', () => {
  it('explains backdated steps', () => {
    expect(
      plainReason('backdated: this step\u2019s time had passed when the schedule was applied'),
    ).toMatch(/not sent late/);
    expect(plainReason("backdated: this step's time had passed")).toMatch(/not sent late/);
  });

  it('writes dates as the owner reads them', () => {
    expect(plainReason('before the invoice date 2026-12-01', 'en-GB')).toBe(
      'before the invoice date 1 Dec 2026',
    );
    expect(plainReason('held until the expected payment date 2026-12-05', 'en-US')).toBe(
      'held until the expected payment date Dec 5, 2026',
    );
    expect(plainReason('odd 2026-02-30 text')).toBe('odd 2026-02-30 text');
  });

  it('is null when there is no reason', () => {
    expect(plainReason(null)).toBeNull();
    expect(plainReason('  ')).toBeNull();
  });
});

describe('when', () => {
  it('formats the organisation’s wall clock without moving it', () => {
    expect(formatLocal('2026-11-28T10:00', 'en-GB')).toEqual({
      day: 'Sat',
      date: '28 Nov 2026',
      time: '10:00',
    });
    expect(formatLocal('2026-03-29T01:00', 'en-GB').time).toBe('01:00');
    expect(formatLocal('nonsense')).toEqual({ day: '', date: 'nonsense', time: '' });
  });

  it('splits the schedule at now, keeping the order', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const list = [
      { at: '2026-11-01T09:00:00Z', n: 1 },
      { at: '2026-11-22T12:00:00Z', n: 2 },
      { at: '2026-11-28T10:00:00Z', n: 3 },
      { at: '2026-12-12T10:00:00Z', n: 4 },
    ];
    const { past, upcoming } = splitByTime(list, now);
    expect(past.map((o) => o.n)).toEqual([1, 2]);
    expect(upcoming.map((o) => o.n)).toEqual([3, 4]);
    expect(isPast({ at: 'garbage' }, now)).toBe(false);
  });
});

describe('labels', () => {
  it('names channels', () => {
    expect(channelLabel('sms')).toBe('SMS');
    expect(channelLabel('email')).toBe('Email');
    expect(channelLabel('letter')).toBe('Letter');
  });

  it('says which step and which repeat', () => {
    const steps = [
      { number: 1, trigger: 'after_due' as const, times: null },
      { number: 2, trigger: 'repeat' as const, times: 3 },
    ];
    expect(stepWording({ step: 1, occurrence: 1 }, steps)).toBe('Step 1');
    expect(stepWording({ step: 2, occurrence: 2 }, steps)).toBe('Step 2 · repeat 2 of 3');
    expect(stepWording({ step: 9, occurrence: 1 }, steps)).toBe('Step 9');
  });
});
