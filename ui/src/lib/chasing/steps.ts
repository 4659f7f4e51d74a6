/**
 * Cadence steps in the editor: the engine's StepView turned into an editable draft, the draft
 * turned into the StepInput the engine saves, and the guidance shown while the owner edits. The
 * engine has the last word on every rule (its message is shown when it refuses); the hints here
 * only say early what it would say.
 */
import type { Channel, StepInput, StepView } from '$lib/api';
import { describeMessage, messageFields, templateKey, type TemplateKey } from './message';

export type Trigger = StepView['trigger'];

/** The limits of CHASING.md, as settle-core/src/schedule/limits.rs keeps them. */
export const LIMITS = {
  maxSteps: 50,
  maxCadences: 100,
  maxDays: 3650,
  minEveryDays: 1,
  minTimes: 1,
  maxTimes: 10,
  maxHour: 23,
  maxName: 100,
} as const;

export const TRIGGERS: readonly { value: Trigger; label: string }[] = [
  { value: 'when_issued', label: 'When the invoice is issued' },
  { value: 'after_issue', label: 'Days after the invoice date' },
  { value: 'before_due', label: 'Days before the due date' },
  { value: 'after_due', label: 'Days after the due date' },
  { value: 'on_date', label: 'On a date' },
  { value: 'repeat', label: 'Repeat the step before' },
];

export const CHANNELS: readonly { value: Channel; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'letter', label: 'Letter' },
];

/** Triggers that count `days`. */
export function usesDays(trigger: Trigger): boolean {
  return trigger === 'after_issue' || trigger === 'before_due' || trigger === 'after_due';
}

/**
 * One step as the editor holds it. Every trigger's fields are kept, so switching the trigger back
 * and forth does not lose what was typed; only the chosen trigger's fields are saved. Numbers are
 * null while their box is empty.
 */
export interface StepDraft {
  /** Stable identity for the list (keyed each, focus after a move); never saved. */
  key: number;
  trigger: Trigger;
  days: number | null;
  date: string;
  everyDays: number | null;
  times: number | null;
  hour: number;
  channels: Channel[];
  /** null: the customer's usual people. */
  contactRole: string | null;
  /** null: chosen by the invoice's status when it sends. */
  template: TemplateKey | null;
  /** Sent from the escalated sender. */
  escalatedSender: boolean;
}

let nextKey = 1;

/** A fresh key for a new draft step. */
export function newKey(): number {
  return nextKey++;
}

const CHANNEL_ORDER: readonly Channel[] = ['email', 'sms', 'letter'];

function orderedChannels(channels: readonly string[]): Channel[] {
  return CHANNEL_ORDER.filter((channel) => channels.includes(channel));
}

/** The draft of a step the engine sent. */
export function draftFromView(view: StepView): StepDraft {
  return {
    key: newKey(),
    trigger: view.trigger,
    days: view.days ?? 7,
    date: view.date ?? '',
    everyDays: view.everyDays ?? 14,
    times: view.times ?? 3,
    hour: view.hour,
    channels: orderedChannels(view.channels),
    contactRole: view.contactRole ?? null,
    template: templateKey(view.template),
    escalatedSender: view.escalatedSender ?? false,
  };
}

/** A new step: a week after the due date at 09:00 by email, or a repeat's defaults. */
export function newDraft(trigger: Trigger = 'after_due'): StepDraft {
  return {
    key: newKey(),
    trigger,
    days: 7,
    date: '',
    everyDays: 14,
    times: 3,
    hour: 9,
    channels: ['email'],
    contactRole: null,
    template: null,
    escalatedSender: false,
  };
}

function common(
  hour: number,
  channels: readonly Channel[],
  contactRole: string | null,
  template: TemplateKey | null,
  escalated: boolean,
) {
  const base: { hour: number; channels: Channel[]; contact_role?: string } = {
    hour,
    channels: orderedChannels(channels),
  };
  if (contactRole) base.contact_role = contactRole;
  return { ...base, ...messageFields(template, escalated) };
}

/**
 * The StepInput the engine saves for a step it sent, unchanged (used to compare an edit with what
 * is saved, and to save a cadence whose steps were not touched).
 */
export function stepInputFromView(view: StepView): StepInput {
  const base = common(
    view.hour,
    view.channels,
    view.contactRole,
    templateKey(view.template),
    view.escalatedSender ?? false,
  );
  switch (view.trigger) {
    case 'when_issued':
      return { ...base, trigger: 'when_issued' };
    case 'after_issue':
    case 'before_due':
    case 'after_due':
      return { ...base, trigger: view.trigger, days: view.days ?? 0 };
    case 'on_date':
      return { ...base, trigger: 'on_date', date: view.date ?? '' };
    case 'repeat':
      return {
        ...base,
        trigger: 'repeat',
        every_days: view.everyDays ?? 0,
        times: view.times ?? 0,
      };
  }
}

/** A problem with what was typed, tied to a step (from 1) and a field. */
export interface StepProblem {
  step: number;
  key: number;
  field: 'trigger' | 'days' | 'date' | 'everyDays' | 'times' | 'hour' | 'channels' | 'contactRole';
  message: string;
}

function isWhole(value: number | null): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/**
 * What cannot even be sent to the engine: a number box left empty or holding a fraction. Anything
 * else (a range, the repeat rule, no channel) is the engine's to judge, and it says so by step.
 */
export function incomplete(drafts: readonly StepDraft[]): StepProblem[] {
  const problems: StepProblem[] = [];
  drafts.forEach((draft, index) => {
    const step = index + 1;
    const need = (field: StepProblem['field'], value: number | null, what: string) => {
      if (!isWhole(value))
        problems.push({ step, key: draft.key, field, message: `step ${step}: enter ${what}` });
    };
    if (usesDays(draft.trigger)) need('days', draft.days, 'a whole number of days');
    if (draft.trigger === 'repeat') {
      need('everyDays', draft.everyDays, 'how many days apart the repeats are (a whole number)');
      need('times', draft.times, 'how many times it repeats (a whole number)');
    }
    if (!isWhole(draft.hour))
      problems.push({
        step,
        key: draft.key,
        field: 'hour',
        message: `step ${step}: choose an hour`,
      });
  });
  return problems;
}

/** The StepInput for a draft: only its trigger's fields. Check `incomplete` first. */
export function toStepInput(draft: StepDraft): StepInput {
  const base = common(
    draft.hour,
    draft.channels,
    draft.contactRole,
    draft.template,
    draft.escalatedSender,
  );
  switch (draft.trigger) {
    case 'when_issued':
      return { ...base, trigger: 'when_issued' };
    case 'after_issue':
    case 'before_due':
    case 'after_due':
      return { ...base, trigger: draft.trigger, days: draft.days ?? 0 };
    case 'on_date':
      return { ...base, trigger: 'on_date', date: draft.date.trim() };
    case 'repeat':
      return {
        ...base,
        trigger: 'repeat',
        every_days: draft.everyDays ?? 0,
        times: draft.times ?? 0,
      };
  }
}

/** Whether two lists of steps would save the same (key order and absent fields ignored). */
export function sameSteps(a: readonly StepInput[], b: readonly StepInput[]): boolean {
  return a.length === b.length && a.every((step, i) => canonical(step) === canonical(b[i]!));
}

function canonical(step: StepInput): string {
  const record = step as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && record[key] !== null)
    .sort();
  return JSON.stringify(keys.map((key) => [key, record[key]]));
}

/**
 * Guidance while editing, per step key: the rules the engine will apply, said before it has to
 * refuse. None of them blocks asking the engine; its message is the one that counts.
 */
export function stepHints(
  drafts: readonly StepDraft[],
  roles: readonly string[],
): Map<number, StepProblem[]> {
  const hints = new Map<number, StepProblem[]>();
  const add = (problem: StepProblem) => {
    const list = hints.get(problem.key) ?? [];
    list.push(problem);
    hints.set(problem.key, list);
  };
  const firstRepeat = drafts.findIndex((draft) => draft.trigger === 'repeat');
  drafts.forEach((draft, index) => {
    const step = index + 1;
    const hint = (field: StepProblem['field'], message: string) =>
      add({ step, key: draft.key, field, message });
    if (draft.trigger === 'repeat') {
      if (index === 0)
        hint('trigger', 'A repeating step repeats the step before it, so it can’t be the first.');
      else if (index !== firstRepeat)
        hint('trigger', `Only one step can repeat, and step ${firstRepeat + 1} already does.`);
      else if (index !== drafts.length - 1)
        hint('trigger', 'A repeating step must be the last step: move it to the end.');
      if (isWhole(draft.everyDays) && draft.everyDays < LIMITS.minEveryDays)
        hint('everyDays', 'Repeat at least 1 day apart.');
      if (isWhole(draft.everyDays) && draft.everyDays > LIMITS.maxDays)
        hint('everyDays', `Repeat at most ${LIMITS.maxDays.toLocaleString('en-GB')} days apart.`);
      if (isWhole(draft.times) && (draft.times < LIMITS.minTimes || draft.times > LIMITS.maxTimes))
        hint('times', `A step repeats ${LIMITS.minTimes} to ${LIMITS.maxTimes} times.`);
    }
    if (usesDays(draft.trigger) && isWhole(draft.days)) {
      if (draft.days < 0) hint('days', 'Days are counted from 0 up.');
      if (draft.days > LIMITS.maxDays)
        hint('days', `At most ${LIMITS.maxDays.toLocaleString('en-GB')} days.`);
    }
    if (draft.trigger === 'on_date' && !/^\d{4}-\d{2}-\d{2}$/.test(draft.date.trim()))
      hint('date', 'Choose the date it sends on.');
    if (draft.channels.length === 0) hint('channels', 'Choose at least one channel.');
    if (draft.contactRole && !roles.includes(draft.contactRole))
      hint('contactRole', `“${draft.contactRole}” is not one of your contact roles any more.`);
  });
  return hints;
}

/** Moves the step at `index` by `delta` places; the same list when it cannot move. */
export function moveStep<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/**
 * Adds a step where it belongs: at the end, or just before a final repeating step, since the
 * repeat must stay last. Returns the new list and where the step went.
 */
export function addStep(
  list: readonly StepDraft[],
  step: StepDraft,
): { steps: StepDraft[]; index: number } {
  const last = list[list.length - 1];
  const index = last?.trigger === 'repeat' ? list.length - 1 : list.length;
  const steps = [...list];
  steps.splice(index, 0, step);
  return { steps, index };
}

function days(n: number | null): string {
  if (n == null || Number.isNaN(n)) return '? days';
  return n === 1 ? '1 day' : `${n} days`;
}

const CHANNEL_WORDS: Record<Channel, string> = { email: 'email', sms: 'SMS', letter: 'letter' };

function relative(count: number | null, zero: string, direction: string): string {
  return count === 0 ? zero : `${days(count)} ${direction}`;
}

/**
 * The step in words, as the engine writes StepView.description ("7 days after the due date at
 * 09:00 by email"), for a draft the engine has not seen yet.
 */
export function describeDraft(draft: StepDraft): string {
  let when: string;
  switch (draft.trigger) {
    case 'when_issued':
      when = 'when the invoice is issued';
      break;
    case 'after_issue':
      when = relative(draft.days, 'on the invoice date', 'after the invoice date');
      break;
    case 'before_due':
      when = relative(draft.days, 'on the due date', 'before the due date');
      break;
    case 'after_due':
      when = relative(draft.days, 'on the due date', 'after the due date');
      break;
    case 'on_date':
      when = `on ${draft.date.trim() || 'a date to choose'}`;
      break;
    case 'repeat': {
      const times = draft.times === 1 ? 'once' : `${draft.times ?? '?'} times`;
      when = `then every ${days(draft.everyDays)}, ${times},`;
      break;
    }
  }
  const words = orderedChannels(draft.channels).map((channel) => CHANNEL_WORDS[channel]);
  const channels =
    words.length === 0
      ? 'no channel yet'
      : words.length === 1
        ? words[0]
        : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  const role = draft.contactRole ? ` (to ${draft.contactRole})` : '';
  const message = describeMessage(draft.template, draft.escalatedSender);
  return `${when} at ${hourLabel(draft.hour)} by ${channels}${role}${message}`;
}

/** "09:00" for an hour of the day. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/**
 * The step (from 1) an engine message is about — "cadence 'Firm': step 2: hour 24 is not an hour
 * of the day (0–23)" → 2 — so the editor can point at it; null when it names none.
 */
export function stepOfMessage(message: string): number | null {
  const match = /\bstep (\d+)[:,]/.exec(message) ?? /\bstep (\d+)\b/.exec(message);
  return match ? Number(match[1]) : null;
}
