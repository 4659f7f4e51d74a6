/** Where an occurrence stands, in the owner's words ("Skipped — the invoice was paid on 3 June"). */
import type { Channel, OccurrenceStatus } from '$lib/api';

const WORDS: Record<OccurrenceStatus, string> = {
  scheduled: 'Scheduled',
  due: 'Due now',
  awaiting_approval: 'Waiting for your approval',
  approved: 'Approved, about to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  in_doubt: 'In doubt: it may have been sent',
  missed: 'Missed while Settle was closed',
  rescheduled: 'Rescheduled',
};

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

const TONES: Record<OccurrenceStatus, Tone> = {
  scheduled: 'neutral',
  due: 'accent',
  awaiting_approval: 'accent',
  approved: 'accent',
  sending: 'accent',
  sent: 'success',
  failed: 'danger',
  skipped: 'neutral',
  cancelled: 'neutral',
  in_doubt: 'warning',
  missed: 'warning',
  rescheduled: 'neutral',
};

/** Badge classes for each tone (text colours meet AA on their soft backgrounds). */
export const TONE_CLASSES: Record<Tone, string> = {
  neutral: 'bg-surface-3 text-muted',
  accent: 'bg-accent-soft text-accent-text',
  success: 'bg-success-soft text-success',
  warning: 'bg-warning-soft text-warning',
  danger: 'bg-danger-soft text-danger',
};

/** The status alone: "Waiting for your approval". */
export function statusLabel(status: OccurrenceStatus): string {
  return WORDS[status] ?? status;
}

/** The status with its reason when there is one: "Skipped — the invoice was paid on 3 June". */
export function statusWords(status: OccurrenceStatus, reason: string | null): string {
  const label = statusLabel(status);
  const why = reason?.trim();
  return why ? `${label} — ${why}` : label;
}

export function statusTone(status: OccurrenceStatus): Tone {
  return TONES[status] ?? 'neutral';
}

/** Whether an occurrence still counts as a send ahead (as the preview's `sends` counts them). */
export function isPendingSend(status: OccurrenceStatus): boolean {
  return status === 'scheduled' || status === 'due';
}

const CHANNEL_WORDS: Record<Channel, string> = { email: 'Email', sms: 'SMS', letter: 'Letter' };

export function channelLabel(channel: Channel): string {
  return CHANNEL_WORDS[channel] ?? channel;
}

/** "1 send", "2,000 sends". */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
