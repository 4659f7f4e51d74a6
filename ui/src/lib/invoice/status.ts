/**
 * The invoice page's schedule in plain words: what each occurrence's state means, why, and when
 * (its local wall-clock time), so the owner never has to guess whether a reminder will go out.
 */
import type { OccurrenceStatus } from '$lib/bindings/OccurrenceStatus';
import type { OccurrenceView } from '$lib/bindings/OccurrenceView';
import type { StepView } from '$lib/bindings/StepView';
import { dayNumber, formatCalendarDate } from '$lib/format/date';
import { DEFAULT_LOCALE } from '$lib/format/locale';

/** The tint of a state's badge; the words always say the same thing without colour. */
export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'muted';

export interface OccurrenceWording {
  /** Short state, e.g. "Scheduled", "Skipped". */
  label: string;
  /** Why, in a sentence fragment, e.g. "the invoice was paid"; null when the label says it all. */
  detail: string | null;
  tone: Tone;
}

const LABELS: Record<OccurrenceStatus, { label: string; tone: Tone; detail: string | null }> = {
  scheduled: { label: 'Scheduled', tone: 'accent', detail: null },
  due: {
    label: 'Due now',
    tone: 'warning',
    detail: 'it goes to your approvals the next time Settle plans',
  },
  awaiting_approval: { label: 'Waiting for your approval', tone: 'warning', detail: null },
  approved: { label: 'Approved', tone: 'accent', detail: 'it will be sent shortly' },
  sending: { label: 'Sending', tone: 'accent', detail: null },
  sent: { label: 'Sent', tone: 'success', detail: null },
  failed: { label: 'Failed', tone: 'danger', detail: 'it could not be delivered' },
  skipped: { label: 'Skipped', tone: 'muted', detail: null },
  cancelled: { label: 'Cancelled', tone: 'muted', detail: null },
  in_doubt: {
    label: 'In doubt',
    tone: 'danger',
    detail: 'we could not confirm whether it was sent',
  },
  missed: {
    label: 'Missed',
    tone: 'warning',
    detail: 'it fell due while Settle was closed, and waits for you to send, skip or reschedule it',
  },
  rescheduled: { label: 'Rescheduled', tone: 'accent', detail: null },
};

const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g;

/**
 * An engine reason in plain words: dates written as the owner reads them, and the technical
 * "backdated: …" explained. Returns null for an empty reason.
 */
export function plainReason(
  reason: string | null | undefined,
  locale: string = DEFAULT_LOCALE,
): string | null {
  const text = (reason ?? '').trim();
  if (!text) return null;
  if (text.startsWith('backdated')) {
    return 'its time had passed when these steps were put on the invoice, so it is not sent late';
  }
  if (/while Settle was not running$/.test(text)) {
    return 'it fell due while Settle was closed, and waits for you to send, skip or reschedule it';
  }
  return text.replace(ISO_DATE, (date) =>
    dayNumber(date) === null ? date : formatCalendarDate(date, locale),
  );
}

/** The state of one occurrence in words, with its reason when it has one. */
export function describeOccurrence(
  occurrence: Pick<OccurrenceView, 'status' | 'reason'>,
  locale: string = DEFAULT_LOCALE,
): OccurrenceWording {
  const base = LABELS[occurrence.status] ?? { label: occurrence.status, tone: 'neutral' };
  const reason = plainReason(occurrence.reason, locale);
  // Missed and in-doubt keep their fixed explanation: their stored reason is for the log.
  const fixed = occurrence.status === 'missed' || occurrence.status === 'in_doubt';
  return {
    label: base.label,
    detail: fixed ? base.detail : (reason ?? base.detail),
    tone: base.tone,
  };
}

/** "Skipped — the invoice was paid": the label and its reason as one sentence. */
export function occurrenceSentence(wording: OccurrenceWording): string {
  return wording.detail ? `${wording.label} — ${wording.detail}` : wording.label;
}

const CHANNELS: Record<OccurrenceView['channel'], string> = {
  email: 'Email',
  sms: 'SMS',
  letter: 'Letter',
};

export function channelLabel(channel: OccurrenceView['channel']): string {
  return CHANNELS[channel] ?? channel;
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/;
const weekdays = new Map<string, Intl.DateTimeFormat>();

function weekday(locale: string): Intl.DateTimeFormat {
  let format = weekdays.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    weekdays.set(locale, format);
  }
  return format;
}

/**
 * The organisation's wall-clock "YYYY-MM-DDTHH:MM" as the owner reads it:
 * { day: "Sat", date: "28 Nov 2026", time: "10:00" }. Bad input comes back whole in `date`.
 */
export function formatLocal(
  local: string,
  locale: string = DEFAULT_LOCALE,
): { day: string; date: string; time: string } {
  const match = LOCAL.exec(local);
  const days = match ? dayNumber(match[1]!) : null;
  if (!match || days === null) return { day: '', date: local, time: '' };
  return {
    day: weekday(locale).format(new Date(days * 86_400_000)),
    date: formatCalendarDate(match[1]!, locale),
    time: `${match[2]}:${match[3]}`,
  };
}

/** Whether an occurrence's time has come (its instant is at or before `now`). */
export function isPast(occurrence: Pick<OccurrenceView, 'at'>, now: number): boolean {
  const at = Date.parse(occurrence.at);
  return !Number.isNaN(at) && at <= now;
}

/** Splits the (time-ordered) schedule into what has happened and what is coming up. */
export function splitByTime<T extends Pick<OccurrenceView, 'at'>>(
  occurrences: readonly T[],
  now: number,
): { past: T[]; upcoming: T[] } {
  const past: T[] = [];
  const upcoming: T[] = [];
  for (const occurrence of occurrences)
    (isPast(occurrence, now) ? past : upcoming).push(occurrence);
  return { past, upcoming };
}

/**
 * Which step an occurrence comes from: "Step 2", or for a repeating step "Step 4 · repeat 2 of 3".
 */
export function stepWording(
  occurrence: Pick<OccurrenceView, 'step' | 'occurrence'>,
  steps: readonly Pick<StepView, 'number' | 'trigger' | 'times'>[],
): string {
  const step = steps.find((s) => s.number === occurrence.step);
  if (step?.trigger !== 'repeat') return `Step ${occurrence.step}`;
  const of = step.times ? ` of ${step.times}` : '';
  return `Step ${occurrence.step} · repeat ${occurrence.occurrence}${of}`;
}
