/**
 * Where a template error is: the editor shows the part's lines with the failing one marked, so a
 * typo on line 7 of the body is found at a glance.
 */
import type { TemplateErrorView } from '$lib/bindings/TemplateErrorView';

export interface NumberedLine {
  number: number;
  text: string;
  marked: boolean;
}

/** The lines of `text` (subject or body), the one `error` names marked. */
export function numberedLines(
  text: string,
  part: 'subject' | 'body',
  error: TemplateErrorView | null | undefined,
): NumberedLine[] {
  const line = error && error.part === part ? error.line : null;
  return text.split(/\r?\n/).map((t, i) => ({ number: i + 1, text: t, marked: line === i + 1 }));
}

/** "Line 3 of the body: unknown placeholder …" — the error in words, with where it is. */
export function errorText(error: TemplateErrorView): string {
  const part = error.part === 'subject' ? 'the subject' : 'the body';
  return error.line === null
    ? `In ${part}: ${error.message}`
    : `Line ${error.line} of ${part}: ${error.message}`;
}
