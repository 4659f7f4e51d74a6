import { describe, expect, it } from 'vitest';
import { describeRule } from './rules';

const names = { friendly_reminder: 'Friendly reminder', final_notice: 'Final notice' };

describe('describeRule', () => {
  it('says channel, which reminders, when and the limit', () => {
    const rule = {
      id: 1,
      name: 'small',
      channel: 'email',
      templateKey: null,
      when: 'before_due',
      maxAmount: '500',
    } as const;
    expect(describeRule(rule, names, 'GBP', 'en-GB')).toBe(
      'Email · every reminder except final notices · before or on the due date · up to £500.00 due',
    );
  });

  it('names a template and has no limit when none is set', () => {
    const rule = {
      id: null,
      name: 'fn',
      channel: 'email',
      templateKey: 'final_notice',
      when: 'any',
      maxAmount: null,
    } as const;
    expect(describeRule(rule, names, 'GBP', 'en-GB')).toBe(
      'Email · “Final notice” only · at any time · any amount',
    );
  });

  it('says letters plainly', () => {
    const rule = {
      id: null,
      name: 'l',
      channel: 'letter',
      templateKey: null,
      when: 'after_due',
      maxAmount: '12.5',
    } as const;
    expect(describeRule(rule, names, 'EUR', 'en-IE')).toBe(
      'Letter · every letter · after the due date · up to €12.50 due',
    );
  });
});
