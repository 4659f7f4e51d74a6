import { describe, expect, it } from 'vitest';
import type { CadenceView } from '$lib/api';
import { pickCadence } from './selection';

function cadence(id: number, name: string, isDefault = false): CadenceView {
  return {
    id,
    name,
    isDefault,
    steps: [],
    invoices: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const list = [cadence(1, 'Gentle'), cadence(2, 'Standard', true), cadence(3, 'Firm')];

describe('pickCadence', () => {
  it('finds the cadence by name, in any case and ignoring outer spaces', () => {
    expect(pickCadence(list, 'Firm')).toBe(3);
    expect(pickCadence(list, '  gentle ')).toBe(1);
  });

  it('falls back to the default when there is no name or no match', () => {
    expect(pickCadence(list, null)).toBe(2);
    expect(pickCadence(list, '   ')).toBe(2);
    expect(pickCadence(list, 'Deleted')).toBe(2);
  });

  it('falls back to the first without a default, and to null for no cadences', () => {
    expect(pickCadence([cadence(7, 'A'), cadence(8, 'B')], null)).toBe(7);
    expect(pickCadence([], 'Firm')).toBeNull();
  });
});
