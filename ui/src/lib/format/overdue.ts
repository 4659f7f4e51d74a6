/** Plain-words wording for how late (or how soon) an invoice is due. */
import { daysBetween } from './date';
import { DEFAULT_LOCALE } from './locale';

const counts = new Map<string, Intl.NumberFormat>();

function count(n: number, locale: string): string {
  let format = counts.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    counts.set(locale, format);
  }
  return format.format(n);
}

/** "1 day overdue", "12 days overdue"; "Not overdue" for 0 or less. */
export function overdueWording(daysOverdue: number, locale: string = DEFAULT_LOCALE): string {
  if (!Number.isFinite(daysOverdue) || daysOverdue <= 0) return 'Not overdue';
  const days = Math.floor(daysOverdue);
  return `${count(days, locale)} ${days === 1 ? 'day' : 'days'} overdue`;
}

/**
 * How an open invoice stands against its due date, seen from the organisation's `today`:
 * "3 days overdue", "Due today", "Due tomorrow", "Due in 5 days".
 */
export function dueWording(
  dueDate: string,
  today: string,
  locale: string = DEFAULT_LOCALE,
): string {
  const ahead = daysBetween(today, dueDate);
  if (ahead === null) return '';
  if (ahead < 0) return overdueWording(-ahead, locale);
  if (ahead === 0) return 'Due today';
  if (ahead === 1) return 'Due tomorrow';
  return `Due in ${count(ahead, locale)} days`;
}
