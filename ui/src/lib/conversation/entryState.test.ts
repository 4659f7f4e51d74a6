import { describe, expect, it } from 'vitest';
import type { ConversationEntryView } from '$lib/bindings/ConversationEntryView';
import { channelLabel, newestFirst, stateWording } from './entryState';

describe('stateWording', () => {
  it('gives every state words, with the reason where there is one', () => {
    expect(stateWording({ state: 'sent', reason: '' })).toEqual({
      label: 'Sent',
      tone: 'success',
      detail: '',
    });
    expect(
      stateWording({ state: 'failed', reason: '550 5.1.1 mailbox unavailable' }),
    ).toMatchObject({ label: 'Failed', tone: 'danger', detail: '550 5.1.1 mailbox unavailable' });
    expect(stateWording({ state: 'in_doubt', reason: '' })).toMatchObject({
      label: 'In doubt',
      tone: 'warning',
    });
    expect(stateWording({ state: 'in_doubt', reason: '' }).detail).toContain('not send it again');
    expect(stateWording({ state: 'mystery', reason: 'why' })).toEqual({
      label: 'mystery',
      tone: 'neutral',
      detail: 'why',
    });
  });
});

describe('channelLabel', () => {
  it('names the channels', () => {
    expect(['email', 'sms', 'letter', 'fax'].map(channelLabel)).toEqual([
      'Email',
      'SMS',
      'Letter',
      'fax',
    ]);
  });
});

describe('newestFirst', () => {
  const entry = (attemptId: number, at: string) => ({ attemptId, at }) as ConversationEntryView;
  it('orders by time, then the later attempt first', () => {
    const list = [
      entry(1, '2026-03-01T09:00:00Z'),
      entry(3, '2026-03-02T09:00:00Z'),
      entry(2, '2026-03-01T09:00:00Z'),
    ];
    expect(newestFirst(list).map((e) => e.attemptId)).toEqual([3, 2, 1]);
  });
});
