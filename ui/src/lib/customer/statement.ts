/** The monthly statement form's values, and how they become the engine's StatementInput. */
import type { Channel, StatementInput } from '$lib/api';

/** The days a statement can fall on: 1–28 (every month has them) and the month's last day. */
export const STATEMENT_DAYS: string[] = [
  ...Array.from({ length: 28 }, (_, i) => String(i + 1)),
  'last',
];

export function statementDayLabel(day: string): string {
  if (day === 'last') return 'Last day of the month';
  const n = Number(day);
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

/** The form's values as the engine takes them: a numeric day, or 'last'. */
export function toStatementInput(day: string, hour: number, channels: Channel[]): StatementInput {
  return {
    day: day === 'last' ? 'last' : Number(day),
    hour: Number(hour),
    channels: [...channels],
  };
}
