import { describe, expect, it } from 'vitest';
import { dueWording, overdueWording } from './overdue';

describe('overdueWording', () => {
  it('words days overdue', () => {
    expect(overdueWording(1)).toBe('1 day overdue');
    expect(overdueWording(2)).toBe('2 days overdue');
    expect(overdueWording(1234)).toBe('1,234 days overdue');
    expect(overdueWording(0)).toBe('Not overdue');
    expect(overdueWording(-5)).toBe('Not overdue');
  });
});

describe('dueWording', () => {
  it('words the due date relative to the organisation’s today', () => {
    expect(dueWording('2024-06-01', '2024-06-04')).toBe('3 days overdue');
    expect(dueWording('2024-06-03', '2024-06-04')).toBe('1 day overdue');
    expect(dueWording('2024-06-04', '2024-06-04')).toBe('Due today');
    expect(dueWording('2024-06-05', '2024-06-04')).toBe('Due tomorrow');
    expect(dueWording('2024-07-04', '2024-06-04')).toBe('Due in 30 days');
    expect(dueWording('not a date', '2024-06-04')).toBe('');
  });
});
