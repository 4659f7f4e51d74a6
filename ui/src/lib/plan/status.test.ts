import { describe, expect, it } from 'vitest';
import {
  channelLabel,
  isPendingSend,
  plural,
  statusLabel,
  statusTone,
  statusWords,
} from './status';

describe('occurrence status in words', () => {
  it('says each status plainly', () => {
    expect(statusLabel('awaiting_approval')).toBe('Waiting for your approval');
    expect(statusLabel('scheduled')).toBe('Scheduled');
    expect(statusLabel('missed')).toBe('Missed while Settle was closed');
  });

  it('adds the reason when there is one', () => {
    expect(statusWords('skipped', 'the invoice was paid on 3 June')).toBe(
      'Skipped — the invoice was paid on 3 June',
    );
    expect(statusWords('scheduled', null)).toBe('Scheduled');
    expect(statusWords('cancelled', '   ')).toBe('Cancelled');
  });

  it('never relies on colour alone: every status has words and a tone', () => {
    expect(statusTone('failed')).toBe('danger');
    expect(statusTone('sent')).toBe('success');
    expect(statusTone('skipped')).toBe('neutral');
  });

  it('counts scheduled and due ones as sends, as the preview does', () => {
    expect(isPendingSend('scheduled')).toBe(true);
    expect(isPendingSend('due')).toBe(true);
    expect(isPendingSend('skipped')).toBe(false);
  });

  it('names channels and counts', () => {
    expect(channelLabel('sms')).toBe('SMS');
    expect(plural(1, 'send')).toBe('1 send');
    expect(plural(2000, 'send')).toBe('2,000 sends');
    expect(plural(2, 'reminder')).toBe('2 reminders');
  });
});
