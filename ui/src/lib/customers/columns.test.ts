import { describe, expect, it } from 'vitest';
import { COLUMNS, GRID_MIN_WIDTH, GRID_TEMPLATE, ariaSort, nextSort } from './columns';

describe('sorting by column', () => {
  it('flips direction when the current column is clicked again', () => {
    expect(nextSort({ sort: 'overdue', descending: true }, 'overdue')).toEqual({
      sort: 'overdue',
      descending: false,
    });
    expect(nextSort({ sort: 'name', descending: false }, 'name')).toEqual({
      sort: 'name',
      descending: true,
    });
  });

  it('starts a new column in its natural direction', () => {
    expect(nextSort({ sort: 'overdue', descending: true }, 'name')).toEqual({
      sort: 'name',
      descending: false,
    });
    expect(nextSort({ sort: 'name', descending: false }, 'outstanding')).toEqual({
      sort: 'outstanding',
      descending: true,
    });
    expect(nextSort({ sort: 'name', descending: false }, 'next_reminder')).toEqual({
      sort: 'next_reminder',
      descending: false,
    });
  });

  it('reports aria-sort', () => {
    expect(ariaSort({ sort: 'name', descending: false }, 'name')).toBe('ascending');
    expect(ariaSort({ sort: 'name', descending: true }, 'name')).toBe('descending');
    expect(ariaSort({ sort: 'name', descending: true }, 'overdue')).toBe('none');
  });

  it('has the overview’s columns in order, one grid track each', () => {
    expect(COLUMNS.map((c) => c.label)).toEqual([
      'Name',
      'Outstanding',
      'Overdue',
      'Schedule',
      'Status',
      'Last reminder',
      'Next reminder',
      'Chasing',
    ]);
    expect(GRID_TEMPLATE.split(' ').length).toBeGreaterThanOrEqual(COLUMNS.length);
  });

  it('scrolls sideways only below the sum of the columns’ minimum widths', () => {
    const minimum = (width: string) => Number(/([\d.]+)rem/.exec(width)?.[1]);
    const sum = COLUMNS.reduce((total, column) => total + minimum(column.width), 0);
    expect(GRID_MIN_WIDTH).toBe(`${sum}rem`);
  });
});
