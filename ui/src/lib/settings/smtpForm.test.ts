import { describe, expect, it } from 'vitest';
import { checkSmtpForm, presetFor, PRESETS, type SmtpForm } from './smtpForm';

const good: SmtpForm = {
  host: ' smtp.example.com ',
  port: '587',
  security: 'starttls',
  username: ' owner@example.com ',
  certificate: '',
};

describe('checkSmtpForm', () => {
  it('trims a good form and turns the port into a number', () => {
    expect(checkSmtpForm(good)).toEqual({
      ok: true,
      host: 'smtp.example.com',
      port: 587,
      username: 'owner@example.com',
      certificate: null,
    });
  });

  it('keeps a PEM certificate', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const check = checkSmtpForm({ ...good, certificate: `\n${pem}\n` });
    expect(check).toMatchObject({ ok: true, certificate: pem });
  });

  it.each([
    [{ host: '' }, 'host', 'host name'],
    [{ host: 'smtp://mail.example.com' }, 'host', 'Only the host name'],
    [{ host: 'mail.example.com:587' }, 'host', 'Only the host name'],
    [{ port: '' }, 'port', '1 to 65535'],
    [{ port: '0' }, 'port', '1 to 65535'],
    [{ port: '70000' }, 'port', '1 to 65535'],
    [{ port: '58.7' }, 'port', '1 to 65535'],
    [{ username: 'me @example.com' }, 'username', 'no spaces'],
    [{ certificate: 'MIIB...' }, 'certificate', 'BEGIN CERTIFICATE'],
  ] as const)('refuses %j on field %s', (change, field, words) => {
    const check = checkSmtpForm({ ...good, ...change });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(Object.keys(check.errors)).toEqual([field]);
      expect(check.errors[field]).toContain(words);
    }
  });

  it('reports every bad field at once', () => {
    const check = checkSmtpForm({ ...good, host: '', port: 'x' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(['host', 'port']);
  });

  it('allows an empty user name (a relay without login)', () => {
    expect(checkSmtpForm({ ...good, username: '' }).ok).toBe(true);
  });
});

describe('presets', () => {
  it('are all encrypted, on their usual ports, with a note about app passwords', () => {
    for (const preset of PRESETS) {
      expect(preset.security).toBe('starttls');
      expect(preset.port).toBe(587);
      expect(preset.note.toLowerCase()).toContain('app');
    }
  });

  it('are found by host name whatever its case', () => {
    expect(presetFor(' SMTP.gmail.com')?.id).toBe('gmail');
    expect(presetFor('mail.example.com')).toBeUndefined();
  });
});
