import { describe, expect, it } from 'vitest';
import type { ChangePreviewView, OccurrenceView } from '$lib/api';
import { changeCounts, changeHeadline, changeRows, noChange } from './diff';

function occurrence(partial: Partial<OccurrenceView>): OccurrenceView {
  return {
    key: 'invoice:1:step:0:1:email',
    invoiceId: 1,
    invoiceNumber: 'INV-00001',
    customerId: 1,
    customerName: 'Fernhill Grocers',
    step: 1,
    occurrence: 1,
    channel: 'email',
    at: '2026-11-29T09:00:00Z',
    local: '2026-11-29T09:00',
    status: 'scheduled',
    reason: null,
    ...partial,
  };
}

function preview(partial: Partial<ChangePreviewView>): ChangePreviewView {
  return {
    cadence: 'Standard reminders',
    from: '2026-11-22T10:00:00Z',
    to: '2027-02-20T10:00:00Z',
    days: 90,
    invoices: 91,
    sendsBefore: 267,
    sendsAfter: 66,
    added: [],
    removed: [],
    moved: [],
    stateChanged: [],
    note: '',
    ...partial,
  };
}

describe('the change preview', () => {
  it('sums up before and after in a sentence', () => {
    expect(changeHeadline(preview({}))).toBe(
      'Over the next 90 days, the 91 invoices compared would get 66 sends instead of 267 sends (201 fewer).',
    );
    expect(changeHeadline(preview({ sendsBefore: 1, sendsAfter: 2, invoices: 1 }))).toBe(
      'Over the next 90 days, the 1 invoice compared would get 2 sends instead of 1 send (1 more).',
    );
    expect(changeHeadline(preview({ sendsBefore: 5, sendsAfter: 5 }))).toMatch(/the same number/);
    expect(changeHeadline(preview({ invoices: 0 }))).toBe(
      'Over the next 90 days, no invoices would be affected.',
    );
  });

  it('lists every change in time order with the time after the change', () => {
    const moved = {
      before: occurrence({ key: 'm', local: '2026-11-25T09:00', invoiceNumber: 'INV-00002' }),
      after: occurrence({ key: 'm', local: '2026-12-01T10:00', invoiceNumber: 'INV-00002' }),
    };
    const rows = changeRows(
      preview({
        added: [occurrence({ key: 'a', local: '2026-12-03T09:00', channel: 'sms' })],
        removed: [occurrence({ key: 'r', local: '2026-11-23T09:00' })],
        moved: [moved],
        stateChanged: [
          {
            before: occurrence({ key: 's', local: '2026-11-30T09:00' }),
            after: occurrence({ key: 's', local: '2026-11-30T09:00', status: 'skipped' }),
          },
        ],
      }),
    );
    expect(rows.map((row) => row.kind)).toEqual(['removed', 'state', 'moved', 'added']);
    expect(rows[2]).toMatchObject({
      local: '2026-12-01T10:00',
      beforeLocal: '2026-11-25T09:00',
      invoiceNumber: 'INV-00002',
    });
    expect(rows[3]).toMatchObject({ channel: 'sms', beforeLocal: null });
    expect(new Set(rows.map((row) => row.key)).size).toBe(4);
  });

  it('counts changes and knows when there are none', () => {
    const none = preview({ sendsBefore: 3, sendsAfter: 3 });
    expect(noChange(none)).toBe(true);
    expect(changeCounts(none)).toEqual({ added: 0, removed: 0, moved: 0, state: 0 });
    expect(noChange(preview({ added: [occurrence({})], sendsBefore: 3, sendsAfter: 4 }))).toBe(
      false,
    );
  });
});
