/** The per-day totals of a preview, filled out to every day of its window for the day strip. */
import type { PreviewDayView } from '$lib/api';
import { addDays } from './time';

export interface DayBar {
  date: string;
  email: number;
  sms: number;
  letter: number;
  total: number;
}

/**
 * One bar per calendar day from `firstDay` for `count` days, with the preview's counts where it
 * has them (days without sends are left out of `byDay`); days of `byDay` outside the range are
 * added in order, so nothing counted is dropped.
 */
export function fillDays(byDay: PreviewDayView[], firstDay: string, count: number): DayBar[] {
  const known = new Map(byDay.map((day) => [day.date, day]));
  const bars: DayBar[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const date = addDays(firstDay, i);
    seen.add(date);
    bars.push(bar(date, known.get(date)));
  }
  for (const day of byDay) {
    if (!seen.has(day.date)) bars.push(bar(day.date, day));
  }
  return bars.sort((a, b) => a.date.localeCompare(b.date));
}

function bar(date: string, day: PreviewDayView | undefined): DayBar {
  const email = day?.email ?? 0;
  const sms = day?.sms ?? 0;
  const letter = day?.letter ?? 0;
  return { date, email, sms, letter, total: email + sms + letter };
}

/** The busiest day (the first of equals), or null when nothing is sent. */
export function busiestDay(bars: DayBar[]): DayBar | null {
  let best: DayBar | null = null;
  for (const day of bars) if (day.total > 0 && (!best || day.total > best.total)) best = day;
  return best;
}

/** Totals per channel over the whole window. */
export function channelTotals(bars: DayBar[]): { email: number; sms: number; letter: number } {
  return bars.reduce(
    (sum, day) => ({
      email: sum.email + day.email,
      sms: sum.sms + day.sms,
      letter: sum.letter + day.letter,
    }),
    { email: 0, sms: 0, letter: 0 },
  );
}

/** "4 email, 1 SMS" — what a day sends, in words (no sends: "no sends"). */
export function dayWords(day: DayBar): string {
  const parts: string[] = [];
  if (day.email) parts.push(`${day.email} email`);
  if (day.sms) parts.push(`${day.sms} SMS`);
  if (day.letter) parts.push(`${day.letter} ${day.letter === 1 ? 'letter' : 'letters'}`);
  return parts.length ? parts.join(', ') : 'no sends';
}
