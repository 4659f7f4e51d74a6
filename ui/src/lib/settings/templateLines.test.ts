import { describe, expect, it } from 'vitest';
import { errorText, numberedLines } from './templateLines';

describe('numberedLines', () => {
  const body =
    'Hi {{ greeting_name }},\r\n\r\nInvoice {{ invoce_number }} is due.\n{{ signature }}';

  it('numbers every line from 1 and marks the one the error names', () => {
    const lines = numberedLines(body, 'body', {
      part: 'body',
      line: 3,
      message: "unknown placeholder 'invoce_number'",
    });
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(lines.filter((l) => l.marked).map((l) => l.text)).toEqual([
      'Invoice {{ invoce_number }} is due.',
    ]);
  });

  it('marks nothing when the error is in the other part, has no line, or there is none', () => {
    const inSubject = { part: 'subject', line: 1, message: 'x' };
    expect(numberedLines(body, 'body', inSubject).some((l) => l.marked)).toBe(false);
    expect(
      numberedLines(body, 'body', { part: 'body', line: null, message: 'x' }).some((l) => l.marked),
    ).toBe(false);
    expect(numberedLines(body, 'body', null).some((l) => l.marked)).toBe(false);
    expect(numberedLines('Reminder', 'subject', inSubject)[0]?.marked).toBe(true);
  });
});

describe('errorText', () => {
  it('says the line and the part', () => {
    expect(errorText({ part: 'body', line: 3, message: 'unknown placeholder' })).toBe(
      'Line 3 of the body: unknown placeholder',
    );
    expect(errorText({ part: 'subject', line: null, message: 'too long' })).toBe(
      'In the subject: too long',
    );
  });
});
