/**
 * The invoice's step editor, without the screen: a step as the form edits it (StepDraft), turned
 * into what the engine takes (StepInput), the engine's errors pointed at the step and field at
 * fault, and the step read back as a sentence.
 */
import type { Channel } from '$lib/bindings/Channel';
import type { StepInput } from '$lib/bindings/StepInput';
import type { StepView } from '$lib/bindings/StepView';
import {
  describeMessage,
  messageFields,
  templateKey,
  type TemplateKey,
} from '$lib/chasing/message';
import { dayNumber } from '$lib/format/date';

export type TriggerKind = StepView['trigger'];

/** One step as the form holds it: every field of every trigger, so switching trigger loses nothing. */
export interface StepDraft {
  /** Stable identity while steps are added, removed and reordered (not saved). */
  id: number;
  trigger: TriggerKind;
  /** For after_issue, before_due and after_due; null while the field is empty. */
  days: number | null;
  /** For on_date: "YYYY-MM-DD", or '' while empty. */
  date: string;
  /** For repeat. */
  everyDays: number | null;
  times: number | null;
  /** 0–23, in the organisation's time zone. */
  hour: number;
  channels: Channel[];
  /** '' = no role: the usual people. */
  contactRole: string;
  /** null: chosen by the invoice's status when it sends. */
  template: TemplateKey | null;
  /** Sent from the escalated sender. */
  escalatedSender: boolean;
}

/** The field of a step the form shows an error on. */
export type StepField =
  | 'trigger'
  | 'days'
  | 'date'
  | 'everyDays'
  | 'times'
  | 'hour'
  | 'channels'
  | 'contactRole'
  | 'template';

/** What is wrong with the steps: the step (from 1) and field when known, and what to do. */
export interface StepProblem {
  step: number | null;
  field: StepField | null;
  message: string;
}

export const TRIGGERS: readonly { value: TriggerKind; label: string }[] = [
  { value: 'when_issued', label: 'When the invoice is issued' },
  { value: 'after_issue', label: 'Days after the invoice date' },
  { value: 'before_due', label: 'Days before the due date' },
  { value: 'after_due', label: 'Days after the due date' },
  { value: 'on_date', label: 'On a date' },
  { value: 'repeat', label: 'Repeat every few days' },
];

export const CHANNELS: readonly { value: Channel; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'letter', label: 'Letter' },
];

/** The 24 hours of the day, "00:00" to "23:00". */
export const HOURS: readonly { value: number; label: string }[] = Array.from(
  { length: 24 },
  (_, hour) => ({ value: hour, label: hourLabel(hour) }),
);

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** Triggers counted in days from a date of the invoice. */
export function usesDays(trigger: TriggerKind): boolean {
  return trigger === 'after_issue' || trigger === 'before_due' || trigger === 'after_due';
}

/** A StepView (as the engine shows a step) as the form edits it. */
export function draftFromStep(step: StepView, id: number): StepDraft {
  return {
    id,
    trigger: step.trigger,
    days: step.days,
    date: step.date ?? '',
    everyDays: step.everyDays,
    times: step.times,
    hour: step.hour,
    channels: sortChannels(step.channels),
    contactRole: step.contactRole ?? '',
    template: templateKey(step.template),
    escalatedSender: step.escalatedSender ?? false,
  };
}

/** A new step for the end of the list: a week after the previous one's kind of date, by email. */
export function blankDraft(id: number, previous?: StepDraft): StepDraft {
  return {
    id,
    trigger: 'after_due',
    days: previous && usesDays(previous.trigger) && previous.days !== null ? previous.days + 7 : 7,
    date: '',
    everyDays: null,
    times: null,
    hour: previous?.hour ?? 9,
    channels: previous ? [...previous.channels] : ['email'],
    contactRole: '',
    template: null,
    escalatedSender: false,
  };
}

/** Switches a step's trigger, filling the new trigger's fields with sensible values if empty. */
export function withTrigger(draft: StepDraft, trigger: TriggerKind): StepDraft {
  const next = { ...draft, trigger };
  if (usesDays(trigger) && next.days === null) next.days = trigger === 'before_due' ? 3 : 7;
  if (trigger === 'repeat') {
    next.everyDays ??= 14;
    next.times ??= 3;
  }
  return next;
}

/** Channels in the one order they are always listed in: email, SMS, letter. */
export function sortChannels(channels: readonly Channel[]): Channel[] {
  return CHANNELS.map((c) => c.value).filter((c) => channels.includes(c));
}

/** Adds or removes one channel of a step. */
export function toggleChannel(
  channels: readonly Channel[],
  channel: Channel,
  on: boolean,
): Channel[] {
  const rest = channels.filter((c) => c !== channel);
  return sortChannels(on ? [...rest, channel] : rest);
}

/** Moves the item at `index` by `delta` places; the same list when it cannot move. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

function wholeNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** One draft as the engine takes it, or what to fill in first (ranges are the engine's to check). */
export function draftToInput(draft: StepDraft, number: number): StepInput | StepProblem {
  const base = {
    hour: draft.hour,
    channels: sortChannels(draft.channels),
    ...(draft.contactRole ? { contact_role: draft.contactRole } : {}),
    ...messageFields(draft.template, draft.escalatedSender),
  };
  const missing = (field: StepField, what: string): StepProblem => ({
    step: number,
    field,
    message: `Step ${number}: ${what}`,
  });
  switch (draft.trigger) {
    case 'when_issued':
      return { trigger: 'when_issued', ...base };
    case 'after_issue':
    case 'before_due':
    case 'after_due':
      if (!wholeNumber(draft.days)) return missing('days', 'enter the number of days, e.g. 7');
      return { trigger: draft.trigger, days: draft.days, ...base };
    case 'on_date':
      if (dayNumber(draft.date) === null)
        return missing('date', 'choose the date it sends on (YYYY-MM-DD)');
      return { trigger: 'on_date', date: draft.date, ...base };
    case 'repeat':
      if (!wholeNumber(draft.everyDays))
        return missing('everyDays', 'enter how many days apart the repeats are, e.g. 14');
      if (!wholeNumber(draft.times))
        return missing('times', 'enter how many times it repeats (1–10)');
      return { trigger: 'repeat', every_days: draft.everyDays, times: draft.times, ...base };
  }
}

function isProblem(value: StepInput | StepProblem): value is StepProblem {
  return 'message' in value;
}

/** Every draft as the engine takes it, or the first thing to fix before saving. */
export function draftsToInputs(
  drafts: readonly StepDraft[],
): { ok: true; steps: StepInput[] } | { ok: false; problem: StepProblem } {
  if (drafts.length === 0) {
    return {
      ok: false,
      problem: {
        step: null,
        field: null,
        message:
          'Add at least one step. To send nothing for this invoice, switch its chasing off instead.',
      },
    };
  }
  const steps: StepInput[] = [];
  for (const [index, draft] of drafts.entries()) {
    const input = draftToInput(draft, index + 1);
    if (isProblem(input)) return { ok: false, problem: input };
    steps.push(input);
  }
  return { ok: true, steps };
}

/** A StepView as the engine takes it back (to re-save or copy the steps unchanged). */
export function stepToInput(step: StepView): StepInput {
  const input = draftToInput(draftFromStep(step, 0), step.number);
  if (isProblem(input)) throw new Error(input.message);
  return input;
}

const FIELD_WORDS: readonly [RegExp, StepField][] = [
  [/\bhour\b/, 'hour'],
  [/\bdays must\b/, 'days'],
  [/\bdate\b/, 'date'],
  [/\bchannels?\b/, 'channels'],
  [/\brepeat every\b/, 'everyDays'],
  [/\brepeat \S+ times\b/, 'times'],
  [/\bcontact_role\b|\bcontact role\b/, 'contactRole'],
  [/\btemplate\b/, 'template'],
  [/\brepeat/, 'trigger'],
];

/**
 * An engine error about the steps ("invoice INV-1: step 2: hour 24 is not an hour of
 * the day (0–23)") pointed at its step and field, worded for this page ("Step 2: hour 24 …").
 */
export function problemFromMessage(message: string): StepProblem {
  const text = message.trim().replace(/^(?:cadence '[^']*'|invoice [^:]+)[:,]\s*/, '');
  const match = /^step (\d+)[:,]\s*(.*)$/s.exec(text);
  if (!match) return { step: null, field: null, message: capitalise(text) };
  const rest = match[2] ?? '';
  const field = FIELD_WORDS.find(([words]) => words.test(rest))?.[1] ?? null;
  return { step: Number(match[1]), field, message: `Step ${match[1]}: ${rest}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dayCount(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** A draft as a sentence, as the engine words a step: "7 days after the due date at 09:00 by email". */
export function describeDraft(draft: StepDraft): string {
  const days = draft.days ?? 0;
  let when: string;
  switch (draft.trigger) {
    case 'when_issued':
      when = 'when the invoice is issued';
      break;
    case 'after_issue':
      when = days === 0 ? 'on the invoice date' : `${dayCount(days)} after the invoice date`;
      break;
    case 'before_due':
      when = days === 0 ? 'on the due date' : `${dayCount(days)} before the due date`;
      break;
    case 'after_due':
      when = days === 0 ? 'on the due date' : `${dayCount(days)} after the due date`;
      break;
    case 'on_date':
      when = `on ${draft.date || 'a date to choose'}`;
      break;
    case 'repeat': {
      const times = draft.times === 1 ? 'once' : `${draft.times ?? '?'} times`;
      when = `then every ${dayCount(draft.everyDays ?? 0)}, ${times},`;
      break;
    }
  }
  const names = sortChannels(draft.channels).map((c) => (c === 'sms' ? 'SMS' : c));
  const channels =
    names.length === 0
      ? 'no channel yet'
      : names.length === 1
        ? names[0]
        : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const role = draft.contactRole ? ` (to ${draft.contactRole})` : '';
  const message = describeMessage(draft.template, draft.escalatedSender);
  return `${when} at ${hourLabel(draft.hour)} by ${channels}${role}${message}`;
}
