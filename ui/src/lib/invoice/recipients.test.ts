import { describe, expect, it } from 'vitest';
import { checkRecipients, looksLikeEmail, splitRecipients } from './recipients';

describe('recipient lists', () => {
  it('splits on commas, semicolons and new lines', () => {
    expect(splitRecipients(' a@x.example, b@y.example;c@z.example\n\n ,')).toEqual([
      'a@x.example',
      'b@y.example',
      'c@z.example',
    ]);
  });

  it('accepts a clean list and drops repeats ignoring case', () => {
    expect(checkRecipients('ap@shop.example, AP@shop.example, boss@shop.example')).toEqual({
      emails: ['ap@shop.example', 'boss@shop.example'],
      problem: null,
    });
  });

  it('names the first address that is not one', () => {
    const check = checkRecipients('ap@shop.example, nobody, x@y.example');
    expect(check.problem).toMatch(/^‘nobody’ is not an email address/);
    expect(check.problem).toContain('separated by commas');
  });

  it('refuses an empty list with what to do instead', () => {
    expect(checkRecipients(' , ').problem).toMatch(/Use the usual people/);
    expect(checkRecipients('').problem).not.toBeNull();
  });

  it('checks lightly: the engine has the last word on domains', () => {
    expect(looksLikeEmail('a@b')).toBe(true);
    expect(looksLikeEmail('a@x.example')).toBe(true);
    expect(looksLikeEmail('@x.example')).toBe(false);
    expect(looksLikeEmail('a@')).toBe(false);
    expect(looksLikeEmail('a b@x.example')).toBe(false);
    expect(looksLikeEmail('plain')).toBe(false);
  });
});
