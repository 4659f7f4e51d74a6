/** The sender form's own checks (the engine checks the address again when saving). */
import type { SenderView } from '$lib/bindings/SenderView';

export type SenderErrors = Partial<Record<'name' | 'email', string>>;

/** Errors by field; empty when the sender can be saved. */
export function checkSender(sender: SenderView): SenderErrors {
  const errors: SenderErrors = {};
  if (sender.name.trim() === '')
    errors.name = 'Give the name customers see, e.g. “Alex Morgan” or “Harbour Design Accounts”.';
  const email = sender.email.trim();
  const at = email.indexOf('@');
  const domain = email.slice(at + 1);
  if (
    at < 1 ||
    email.indexOf('@', at + 1) !== -1 ||
    !domain.includes('.') ||
    domain.startsWith('.') ||
    domain.endsWith('.') ||
    /[\s,<>]/.test(email)
  )
    errors.email = 'Give one email address, like accounts@yourbusiness.com.';
  return errors;
}

/** The normal and escalated sender, blank where none is saved yet. */
export function bothSenders(saved: SenderView[]): [SenderView, SenderView] {
  const blank = (escalated: boolean): SenderView => ({
    escalated,
    name: '',
    email: '',
    signature: '',
  });
  return [
    saved.find((s) => !s.escalated) ?? blank(false),
    saved.find((s) => s.escalated) ?? blank(true),
  ];
}
