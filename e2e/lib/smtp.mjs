// The real SMTP test server (tools/smtp-server/server.mjs) for the end-to-end suite: a throwaway
// CA and a server certificate for 127.0.0.1 made with openssl, the server started on a free
// loopback port with AUTH and STARTTLS, and its maildir read back. The process is ended by stop().
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './app.mjs';

/** A CA (its PEM is what the owner pastes as "trust this certificate") and a server key pair. */
export function loopbackCertificates() {
  const dir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-certs-'));
  const file = (name) => path.join(dir, name);
  const ssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=Settle e2e CA ${process.pid}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl(
    'req',
    ...ec,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  );
  return {
    caPem: readFileSync(file('ca.pem'), 'utf8').trim(),
    certPath: file('server.pem'),
    keyPath: file('server.key'),
  };
}

/**
 * Starts the SMTP server with STARTTLS and `auth` ("user:pass"); resolves with
 * { port, controlPort, maildir, stop }.
 */
export function startSmtpServer({ certificates, auth, maildir }) {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'tools', 'smtp-server', 'server.mjs'),
      '--port',
      '0',
      '--tls',
      'starttls',
      '--cert',
      certificates.certPath,
      '--key',
      certificates.keyPath,
      '--auth',
      auth,
      '--maildir',
      maildir,
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SMTP server did not start')), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const { port, control_port: controlPort } = JSON.parse(line);
      resolve({
        port,
        controlPort,
        maildir,
        stop: () => {
          child.removeAllListeners('exit');
          child.kill();
        },
      });
    });
  });
}

/** The raw messages the server accepted, oldest first. */
export function receivedMessages(maildir) {
  return readdirSync(maildir)
    .filter((name) => name.endsWith('.eml'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((name) => readFileSync(path.join(maildir, name), 'utf8'));
}
