/**
 * The Settings section's calls: the SMTP account (the password goes in once and never comes
 * back), the test email, senders, templates with their live preview, and auto-approve rules.
 */
import type { AutoApproveRuleView } from '$lib/bindings/AutoApproveRuleView';
import type { SenderView } from '$lib/bindings/SenderView';
import type { SmtpSettingsView } from '$lib/bindings/SmtpSettingsView';
import type { SmtpTestView } from '$lib/bindings/SmtpTestView';
import type { TemplatePreviewView } from '$lib/bindings/TemplatePreviewView';
import type { TemplateView } from '$lib/bindings/TemplateView';
import { command } from './command';

/** One placeholder of the template help panel (settle-core's list). */
export interface PlaceholderEntry {
  name: string;
  description: string;
  example: string;
}

/** The saved SMTP account, or null when none is set up; `hasPassword` says one is in the keychain. */
export function smtpSettings(): Promise<SmtpSettingsView | null> {
  return command<SmtpSettingsView | null>('smtp_settings');
}

/** Saves the account; `password` null keeps the saved one (it is never read back). */
export function saveSmtpSettings(
  settings: SmtpSettingsView,
  password: string | null,
): Promise<SmtpSettingsView> {
  return command<SmtpSettingsView>('save_smtp_settings', { settings, password });
}

/** Sends a test email (to the normal sender when `to` is null) and says how it went. */
export function testSmtp(to: string | null): Promise<SmtpTestView> {
  return command<SmtpTestView>('test_smtp', { to });
}

export function senders(): Promise<SenderView[]> {
  return command<SenderView[]>('senders');
}

export function saveSender(sender: SenderView): Promise<SenderView> {
  return command<SenderView>('save_sender', { sender });
}

export function templates(): Promise<TemplateView[]> {
  return command<TemplateView[]>('templates');
}

/** Saves a template; one with an error is refused (ApiError `invalid_input`, with the line). */
export function saveTemplate(template: TemplateView): Promise<TemplateView> {
  return command<TemplateView>('save_template', { template });
}

/** Renders the (unsaved) template on a real invoice; a template error comes back in `error`. */
export function previewTemplate(
  template: TemplateView,
  invoiceId: number,
): Promise<TemplatePreviewView> {
  return command<TemplatePreviewView>('preview_template', { template, invoiceId });
}

/** The shipped text of a built-in template (nothing is saved). */
export function builtinTemplate(key: string): Promise<TemplateView> {
  return command<TemplateView>('builtin_template', { key });
}

export function templatePlaceholders(): Promise<PlaceholderEntry[]> {
  return command<PlaceholderEntry[]>('template_placeholders');
}

export function autoApproveRules(): Promise<AutoApproveRuleView[]> {
  return command<AutoApproveRuleView[]>('auto_approve_rules');
}

/** Replaces every rule (a bad rule saves none). */
export function saveAutoApproveRules(rules: AutoApproveRuleView[]): Promise<AutoApproveRuleView[]> {
  return command<AutoApproveRuleView[]>('save_auto_approve_rules', { rules });
}
