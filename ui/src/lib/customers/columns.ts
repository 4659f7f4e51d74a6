/** The overview table's columns and how clicking a column header changes the sort. */
import type { SortKey } from '$lib/bindings/SortKey';

export interface Column {
  id: 'name' | 'outstanding' | 'overdue' | 'schedule' | 'status' | 'last' | 'next' | 'action';
  label: string;
  /** The server sort key, for sortable columns. */
  sort?: SortKey;
  align: 'start' | 'end';
  /** A CSS grid track. */
  width: string;
}

export const COLUMNS: readonly Column[] = [
  // Name and Schedule share what is left over; the rest fit their longest content
  // ("£1,234,567.89", "Not yet due", "30 Sept 2025", the Start chasing button).
  { id: 'name', label: 'Name', sort: 'name', align: 'start', width: 'minmax(11rem, 1.5fr)' },
  { id: 'outstanding', label: 'Outstanding', sort: 'outstanding', align: 'end', width: '8rem' },
  { id: 'overdue', label: 'Overdue', sort: 'overdue', align: 'end', width: '8rem' },
  { id: 'schedule', label: 'Schedule', align: 'start', width: 'minmax(9.5rem, 1fr)' },
  { id: 'status', label: 'Status', align: 'start', width: '8rem' },
  { id: 'last', label: 'Last reminder', sort: 'last_reminder', align: 'start', width: '8rem' },
  { id: 'next', label: 'Next reminder', sort: 'next_reminder', align: 'start', width: '8rem' },
  { id: 'action', label: 'Chasing', align: 'end', width: '9.5rem' },
];

export const GRID_TEMPLATE = COLUMNS.map((column) => column.width).join(' ');

/** Below this width the table scrolls sideways instead of squeezing (the sum of the minimums). */
export const GRID_MIN_WIDTH = '70rem';

/** Which way a column sorts when first clicked: names A→Z, money largest first, dates newest/soonest. */
const FIRST_DESCENDING: Record<SortKey, boolean> = {
  name: false,
  outstanding: true,
  overdue: true,
  last_reminder: true,
  next_reminder: false,
};

export interface SortState {
  sort: SortKey;
  descending: boolean;
}

/** Clicking the current sort column flips it; another column starts in its natural direction. */
export function nextSort(current: SortState, clicked: SortKey): SortState {
  if (current.sort === clicked) return { sort: clicked, descending: !current.descending };
  return { sort: clicked, descending: FIRST_DESCENDING[clicked] };
}

/** The aria-sort value of a column header. */
export function ariaSort(current: SortState, column: SortKey): 'ascending' | 'descending' | 'none' {
  if (current.sort !== column) return 'none';
  return current.descending ? 'descending' : 'ascending';
}
