import { describe, expect, it } from 'vitest';
import {
  describeMessage,
  messageFields,
  SENDER_CHOICES,
  TEMPLATE_CHOICES,
  templateKey,
  templateName,
} from './message';

describe('step template and sender', () => {
  it('offers automatic first and the five template keys the engine knows', () => {
    expect(TEMPLATE_CHOICES.map((c) => c.value)).toEqual([
      null,
      'new_invoice',
      'friendly_reminder',
      'due_today',
      'past_due',
      'final_notice',
    ]);
    expect(SENDER_CHOICES.map((c) => c.label)).toEqual(['Normal sender', 'Escalated sender']);
  });

  it('names a template, and nothing for automatic or an unknown key', () => {
    expect(templateName('final_notice')).toBe('Final notice');
    expect(templateName(null)).toBeNull();
    expect(templateName('stern')).toBeNull();
    expect(templateKey('past_due')).toBe('past_due');
    expect(templateKey('stern')).toBeNull();
    expect(templateKey(undefined)).toBeNull();
  });

  it('words the sentence ending as the engine does', () => {
    expect(describeMessage('final_notice', true)).toBe(
      ", using 'Final notice', from the escalated sender",
    );
    expect(describeMessage('past_due', false)).toBe(", using 'Past due'");
    expect(describeMessage(null, true)).toBe(', from the escalated sender');
    expect(describeMessage(null, false)).toBe('');
  });

  it('writes only the fields that differ from the defaults', () => {
    expect(messageFields(null, false)).toEqual({});
    expect(messageFields('final_notice', true)).toEqual({
      template: 'final_notice',
      escalated_sender: true,
    });
    expect(messageFields('due_today', false)).toEqual({ template: 'due_today' });
  });
});
