import { describe, expect, it } from 'vitest';
import { addressKindLabel, phoneKindLabel } from './contactKinds';

describe('contact kinds in plain words', () => {
  it('names Xero’s phone types', () => {
    expect(phoneKindLabel('DEFAULT')).toBe('Phone');
    expect(phoneKindLabel('DDI')).toBe('Direct dial');
    expect(phoneKindLabel('MOBILE')).toBe('Mobile');
    expect(phoneKindLabel('FAX')).toBe('Fax');
  });

  it('names Xero’s address types', () => {
    expect(addressKindLabel('POBOX')).toBe('Postal address');
    expect(addressKindLabel('STREET')).toBe('Street address');
    expect(addressKindLabel('DELIVERY')).toBe('Delivery address');
  });

  it('does not shout unknown types, and never shows a blank label', () => {
    expect(phoneKindLabel('OFFICE_LINE')).toBe('Office line');
    expect(addressKindLabel('')).toBe('Address');
    expect(phoneKindLabel(' ')).toBe('Phone');
  });
});
