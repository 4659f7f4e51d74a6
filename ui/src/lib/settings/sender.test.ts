import { describe, expect, it } from 'vitest';
import { bothSenders, checkSender } from './sender';

const sender = {
  escalated: false,
  name: 'Alex Morgan',
  email: 'alex@harbour.example',
  signature: 'Alex\nAccounts',
};

describe('checkSender', () => {
  it('accepts a name and one address', () => {
    expect(checkSender(sender)).toEqual({});
  });

  it.each([
    '',
    'alex',
    '@harbour.example',
    'alex@harbour',
    'alex@.example',
    'a@b@c.example',
    'a b@c.example',
    'a@c.example, b@c.example',
  ])('refuses the address %j', (email) => {
    expect(Object.keys(checkSender({ ...sender, email }))).toEqual(['email']);
  });

  it('needs a name', () => {
    expect(checkSender({ ...sender, name: '  ' }).name).toContain('name customers see');
  });
});

describe('bothSenders', () => {
  it('puts the normal sender first and fills a missing one with blanks', () => {
    const escalated = { ...sender, escalated: true, name: 'Owner' };
    expect(bothSenders([escalated])).toEqual([
      { escalated: false, name: '', email: '', signature: '' },
      escalated,
    ]);
    expect(bothSenders([escalated, sender])[0]).toBe(sender);
  });
});
