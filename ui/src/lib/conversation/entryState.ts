/**
 * How a conversation entry's state reads: every state has words (and a tone that is never the
 * only signal — the words carry the meaning, the colour just helps).
 */
import type { ConversationEntryView } from '$lib/bindings/ConversationEntryView';

export type Tone = 'success' | 'danger' | 'warning' | 'neutral';

export interface StateWording {
  label: string;
  tone: Tone;
  /** A sentence for under the subject; empty when the label says it all. */
  detail: string;
}

const CHANNEL: Record<string, string> = { email: 'Email', sms: 'SMS', letter: 'Letter' };

export function channelLabel(channel: string): string {
  return CHANNEL[channel] ?? channel;
}

export function stateWording(entry: Pick<ConversationEntryView, 'state' | 'reason'>): StateWording {
  const reason = entry.reason.trim();
  switch (entry.state) {
    case 'sent':
      return { label: 'Sent', tone: 'success', detail: '' };
    case 'failed':
      return {
        label: 'Failed',
        tone: 'danger',
        detail: reason || 'The server refused it. It was not sent.',
      };
    case 'in_doubt':
      return {
        label: 'In doubt',
        tone: 'warning',
        detail:
          reason ||
          'The connection ended after the message was handed over, so it may or may not have arrived. Settle will not send it again by itself.',
      };
    case 'sending':
      return { label: 'Sending', tone: 'neutral', detail: 'Being sent right now.' };
    case 'abandoned':
      return {
        label: 'Not sent',
        tone: 'neutral',
        detail: reason || 'This attempt was given up before anything was handed over.',
      };
    default:
      return { label: entry.state, tone: 'neutral', detail: reason };
  }
}

/** Newest first (by when the attempt started; the later attempt first on a tie). */
export function newestFirst(entries: ConversationEntryView[]): ConversationEntryView[] {
  return [...entries].sort(
    (a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0) || b.attemptId - a.attemptId,
  );
}
