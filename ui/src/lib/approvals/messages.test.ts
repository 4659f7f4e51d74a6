import { describe, expect, it } from 'vitest';
import type { OutgoingMessageView } from '$lib/bindings/OutgoingMessageView';
import {
  formatMailbox,
  formatMailboxes,
  heldAdvice,
  invoicesSummary,
  parseAddressList,
  stateLabel,
  tabOf,
} from './messages';

function message(over: Partial<OutgoingMessageView>): OutgoingMessageView {
  return {
    id: 1,
    customerId: 2,
    customerName: 'Acme',
    channel: 'email',
    audience: 'customer',
    state: 'held',
    reason: '',
    dueAt: '2026-11-25T09:00:00Z',
    templateKey: 'past_due',
    escalated: false,
    from: null,
    to: [],
    cc: [],
    subject: 'Invoice INV-1',
    text: 'Hello',
    attachments: [],
    invoices: [],
    edited: false,
    problem: null,
    itemIds: [1],
    ...over,
  };
}

describe('approvals wording', () => {
  it('formats mailboxes with and without a name', () => {
    expect(formatMailbox({ name: 'Ann Lee', address: 'ann@x.test' })).toBe('Ann Lee <ann@x.test>');
    expect(formatMailbox({ name: ' ', address: 'ann@x.test' })).toBe('ann@x.test');
    expect(
      formatMailboxes([
        { name: null, address: 'a@x.test' },
        { name: 'B', address: 'b@x.test' },
      ]),
    ).toBe('a@x.test, B <b@x.test>');
  });

  it('parses a typed address list on commas, semicolons and lines', () => {
    expect(parseAddressList(' a@x.test, b@x.test;c@x.test\n\n ,')).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
    ]);
    expect(parseAddressList('   ')).toEqual([]);
  });

  it('says what to do about a held message', () => {
    expect(heldAdvice(message({ reason: 'Chasing is paused: holiday' }))).toMatch(/Resume/);
    expect(heldAdvice(message({ problem: 'Acme has no email address' }))).toMatch(/email address/);
    expect(heldAdvice(message({ reason: 'no sms provider yet' }))).toMatch(/not available yet/);
    expect(heldAdvice(message({ reason: 'Held: Xero needs reconnecting' }))).toMatch(/Reconnect/);
    expect(heldAdvice(message({ reason: 'something new' }))).toMatch(/Edit or skip/);
  });

  it('labels states and sorts them into tabs', () => {
    expect(stateLabel('in_doubt')).toMatch(/may or may not/);
    expect(tabOf('awaiting_approval')).toBe('waiting');
    expect(tabOf('failed')).toBe('problems');
    expect(tabOf('in_doubt')).toBe('problems');
    expect(tabOf('held')).toBe('held');
    expect(tabOf('approved')).toBe('approved');
    expect(tabOf('sent')).toBe('sent');
  });

  it('summarises the invoices', () => {
    const invoice = { id: 1, number: 'INV-7', currency: 'NZD', amountDue: '10.00', dueDate: '' };
    expect(invoicesSummary(message({ invoices: [invoice] }))).toBe('INV-7');
    expect(invoicesSummary(message({ invoices: [invoice, { ...invoice, id: 2 }] }))).toBe(
      '2 invoices',
    );
  });
});

describe('tabs and batches', async () => {
  const { batchSummary, tabLabel } = await import('./tabs');
  const base = {
    at: '2026-11-25T09:01:00Z',
    gate: 'local',
    gateReason: null,
    sent: 0,
    failed: 0,
    inDoubt: 0,
    held: 0,
    cancelled: 0,
    waiting: 0,
    recoveredInDoubt: 0,
    outcomes: [],
  };

  it('labels a tab with its count once loaded', () => {
    expect(tabLabel('waiting', null)).toBe('Waiting');
    expect(tabLabel('problems', [message({})])).toBe('Failed or in doubt (1)');
  });

  it('says what the last batch did', () => {
    expect(batchSummary(base)).toBe('Last send: nothing was due.');
    expect(batchSummary({ ...base, sent: 2, failed: 1, cancelled: 1 })).toBe(
      'Last send: 2 sent, 1 failed, 1 cancelled (no longer owed).',
    );
    expect(
      batchSummary({ ...base, gate: 'held', gateReason: 'Chasing is paused: x.', held: 3 }),
    ).toBe('Last send: held. Chasing is paused: x.');
  });
});
