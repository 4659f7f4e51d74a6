/**
 * The SMTP form's own checks and the provider presets. The engine checks again when saving; these
 * let the owner see a mistake beside its field before anything is sent to Rust.
 */

export type Security = 'starttls' | 'implicit_tls';

export interface SmtpForm {
  host: string;
  /** As typed. */
  port: string;
  security: Security;
  username: string;
  /** An extra root certificate (PEM) to trust; '' for none. */
  certificate: string;
}

export type SmtpField = 'host' | 'port' | 'username' | 'certificate';

/** A well-known provider: where its SMTP server is and what it needs. */
export interface Preset {
  id: string;
  label: string;
  host: string;
  port: number;
  security: Security;
  note: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'gmail',
    label: 'Gmail / Google Workspace',
    host: 'smtp.gmail.com',
    port: 587,
    security: 'starttls',
    note: 'Google needs an app password (Google Account → Security → 2-Step Verification → App passwords); your normal password is refused.',
  },
  {
    id: 'outlook',
    label: 'Outlook / Microsoft 365',
    host: 'smtp.office365.com',
    port: 587,
    security: 'starttls',
    note: 'Microsoft 365 must allow “Authenticated SMTP” for the mailbox; with two-step verification use an app password.',
  },
  {
    id: 'icloud',
    label: 'iCloud Mail',
    host: 'smtp.mail.me.com',
    port: 587,
    security: 'starttls',
    note: 'iCloud needs an app-specific password (appleid.apple.com → Sign-In and Security); the user name is your full iCloud address.',
  },
];

/** The usual port of each kind of encryption, offered when the owner switches. */
export const DEFAULT_PORT: Record<Security, number> = { starttls: 587, implicit_tls: 465 };

export type FormCheck =
  | { ok: true; host: string; port: number; username: string; certificate: string | null }
  | { ok: false; errors: Partial<Record<SmtpField, string>> };

/** Checks the form; on success returns the trimmed values ready for `SmtpSettingsView`. */
export function checkSmtpForm(form: SmtpForm): FormCheck {
  const errors: Partial<Record<SmtpField, string>> = {};
  const host = form.host.trim();
  if (host === '') errors.host = 'Give the server’s host name, e.g. smtp.example.com.';
  else if (/[\s/:@]/.test(host))
    errors.host =
      'Only the host name goes here (e.g. smtp.example.com) — no spaces, “smtp://”, port or user name.';
  const portText = form.port.trim();
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535))
    errors.port =
      'The port is a whole number from 1 to 65535 (usually 587 for STARTTLS, 465 for SSL/TLS).';
  const username = form.username.trim();
  if (/\s/.test(username))
    errors.username = 'A user name has no spaces (usually your email address).';
  const certificate = form.certificate.trim();
  if (
    certificate !== '' &&
    !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(certificate)
  )
    errors.certificate =
      'This is not a PEM certificate: it should start with -----BEGIN CERTIFICATE----- and end with -----END CERTIFICATE-----.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, host, port, username, certificate: certificate === '' ? null : certificate };
}

/** The preset whose server the form points at, if any (to show its note). */
export function presetFor(host: string): Preset | undefined {
  const h = host.trim().toLowerCase();
  return PRESETS.find((p) => p.host === h);
}
