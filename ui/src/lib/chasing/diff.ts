/** A cadence change preview (ChangePreviewView) as rows and sentences for the review dialog. */
import type { ChangePreviewView, Channel, OccurrenceView } from '$lib/api';

export type ChangeKind = 'added' | 'removed' | 'moved' | 'state';

export interface ChangeRow {
  kind: ChangeKind;
  key: string;
  invoiceId: number;
  invoiceNumber: string;
  customerName: string;
  channel: Channel;
  /** Local wall time ("YYYY-MM-DDTHH:MM") of the send as it would be after the change. */
  local: string;
  /** For moved and changed: the wall time before. */
  beforeLocal: string | null;
  before: OccurrenceView | null;
  after: OccurrenceView | null;
}

function row(kind: ChangeKind, before: OccurrenceView | null, after: OccurrenceView | null) {
  const shown = (after ?? before) as OccurrenceView;
  return {
    kind,
    key: `${kind}:${before?.key ?? ''}:${after?.key ?? ''}`,
    invoiceId: shown.invoiceId,
    invoiceNumber: shown.invoiceNumber,
    customerName: shown.customerName,
    channel: shown.channel,
    local: shown.local,
    beforeLocal: kind === 'moved' || kind === 'state' ? (before?.local ?? null) : null,
    before,
    after,
  } satisfies ChangeRow;
}

/** Every change of the preview, in time order (then invoice, then kind). */
export function changeRows(preview: ChangePreviewView): ChangeRow[] {
  const rows: ChangeRow[] = [
    ...preview.added.map((o) => row('added', null, o)),
    ...preview.removed.map((o) => row('removed', o, null)),
    ...preview.moved.map((m) => row('moved', m.before, m.after)),
    ...preview.stateChanged.map((m) => row('state', m.before, m.after)),
  ];
  const order: Record<ChangeKind, number> = { removed: 0, moved: 1, state: 2, added: 3 };
  return rows.sort(
    (a, b) =>
      a.local.localeCompare(b.local) ||
      a.invoiceNumber.localeCompare(b.invoiceNumber) ||
      order[a.kind] - order[b.kind],
  );
}

/** How many changes of each kind. */
export function changeCounts(preview: ChangePreviewView): Record<ChangeKind, number> {
  return {
    added: preview.added.length,
    removed: preview.removed.length,
    moved: preview.moved.length,
    state: preview.stateChanged.length,
  };
}

function sends(n: number): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? 'send' : 'sends'}`;
}

/**
 * "Over the next 90 days, the 91 invoices compared would get 66 sends instead of 267 (201 fewer)."
 */
export function changeHeadline(preview: ChangePreviewView): string {
  const invoices = `${preview.invoices.toLocaleString('en-GB')} ${preview.invoices === 1 ? 'invoice' : 'invoices'}`;
  const { sendsBefore: before, sendsAfter: after } = preview;
  const window = `Over the next ${preview.days} days`;
  if (preview.invoices === 0) return `${window}, no invoices would be affected.`;
  if (before === after)
    return `${window}, the ${invoices} compared would get ${sends(after)}, the same number as today.`;
  const delta = after - before;
  const change =
    delta > 0
      ? `${delta.toLocaleString('en-GB')} more`
      : `${(-delta).toLocaleString('en-GB')} fewer`;
  return `${window}, the ${invoices} compared would get ${sends(after)} instead of ${sends(before)} (${change}).`;
}

/** Whether the preview found nothing that would change. */
export function noChange(preview: ChangePreviewView): boolean {
  return (
    preview.added.length === 0 &&
    preview.removed.length === 0 &&
    preview.moved.length === 0 &&
    preview.stateChanged.length === 0 &&
    preview.sendsBefore === preview.sendsAfter
  );
}

export const KIND_LABELS: Record<ChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  moved: 'Moved',
  state: 'Changed',
};
