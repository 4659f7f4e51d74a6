import { describe, expect, it } from 'vitest';
import { ApiError } from '$lib/api/error';
import { entityText, progressText, syncErrorText } from './sync';

describe('sync words', () => {
  it('describe progress by stage, page and counts', () => {
    expect(progressText({ stage: 'contacts', page: 0, fetched: 0, stored: 0, apiCalls: 1 })).toBe(
      'Contacts: starting…',
    );
    expect(
      progressText({ stage: 'invoices', page: 2, fetched: 1400, stored: 1398, apiCalls: 1 }),
    ).toBe('Invoices: page 2 · 1,400 received · 1,398 stored · 1 call to Xero');
  });

  it('summarise a pass', () => {
    const view = {
      pages: 1,
      fetched: 4,
      inserted: 3,
      updated: 1,
      held: 0,
      resumed: false,
      watermark: null,
    };
    expect(entityText(view)).toBe('3 new, 1 updated, 0 held');
    expect(entityText({ ...view, resumed: true })).toContain('interrupted');
  });

  it('tell the owner to reconnect when Xero refused the sign-in', () => {
    const error = ApiError.from({ code: 'xero_reconnect_needed', message: 'invalid_grant' });
    expect(error.code).toBe('xero_reconnect_needed');
    expect(syncErrorText(error).title).toBe('Xero needs you to sign in again');
    expect(syncErrorText(error).detail).toBe(
      'Chasing is paused. Press Reconnect in the banner above, then sync again.',
    );
  });

  it('say a second sync waits for the one already running', () => {
    const message = 'A sync with Xero is already running (in this window, …). Wait for it.';
    const error = ApiError.from({ code: 'sync_running', message });
    expect(error.code).toBe('sync_running');
    expect(syncErrorText(error)).toEqual({ title: 'A sync is already running', detail: message });
  });
});
