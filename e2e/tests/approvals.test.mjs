// Approvals end to end in the real window: a real SMTP server process on loopback (STARTTLS + AUTH
// with a throwaway CA that Settle is told to trust), SMTP and the sender set up with the `settle`
// CLI on the demo's data folder (the secret goes to SETTLE_INSECURE_SECRETS_FILE), then the app:
// planning made due reminders (the CLI, on yesterday's morning), the Approvals badge counts them (the tray shows the same number;
// its labels are unit-tested in src-tauri), one is approved to send now, it ARRIVES at the server
// with the To/CC and subject the preview showed, and it is listed as sent.
// Needs `cargo build -p settle-desktop -p settle-cli` and `openssl` for the certificates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchApp, tid, screenshot, cliBinary, artifacts, repoRoot } from '../lib/app.mjs';

const USER = 'owner@settle.test';
const PASSWORD = 'e2e-throwaway-password';
const SENDER = 'accounts@harbour.test';

let work;
let smtp;
let maildir;
let app;
let browser;
let env;

/** A CA and a 127.0.0.1 server certificate it signed (PEM files in `dir`). */
function certificates(dir) {
  const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Settle e2e CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  );
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
}

/** Starts tools/smtp-server (STARTTLS + AUTH, maildir); resolves with its port. */
function startSmtp(dir) {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'tools', 'smtp-server', 'server.mjs'),
      '--port',
      '0',
      '--tls',
      'starttls',
      '--cert',
      path.join(dir, 'server.pem'),
      '--key',
      path.join(dir, 'server.key'),
      '--auth',
      `${USER}:${PASSWORD}`,
      '--maildir',
      maildir,
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    child.once('error', reject);
    lines.once('line', (line) => resolve({ child, port: JSON.parse(line).port }));
  });
}

function settle(args, input) {
  return execFileSync(cliBinary, ['--data-dir', work, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
  });
}

const received = () => readdirSync(maildir).filter((f) => f.endsWith('.eml'));

/** A header of a raw message (unfolded). */
function header(raw, name) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1] ?? null;
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'settle-e2e-approvals-'));
  maildir = path.join(work, 'maildir');
  const certs = path.join(work, 'certs');
  execFileSync('mkdir', ['-p', certs]);
  certificates(certs);
  smtp = await startSmtp(certs);
  env = { SETTLE_INSECURE_SECRETS_FILE: path.join(work, 'secrets.json') };
  // Yesterday's demo, planned every half hour through its morning, so the 09:00 (local) reminders
  // fell due while Settle was watching: they wait for approval (not missed) when the app opens.
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const at = (h, m) => `${day}T${String(h).padStart(2, '0')}:${m}:00Z`;
  settle(['--now', at(6, '00'), 'demo']);
  for (let h = 6; h <= 10; h += 1) {
    for (const m of ['00', '30']) settle(['--now', at(h, m), 'plan']);
  }
  settle(['sender', 'set', '--name', 'Accounts, Harbour', '--email', SENDER]);
  settle(
    [
      'smtp',
      'set',
      '--host',
      '127.0.0.1',
      '--port',
      String(smtp.port),
      '--security',
      'starttls',
      '--username',
      USER,
      '--password-stdin',
      '--ca-file',
      path.join(certs, 'ca.pem'),
    ],
    `${PASSWORD}\n`,
  );
  app = await launchApp({ dataDir: work, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  smtp?.child.kill();
});

test('a due reminder is counted, approved, arrives at the SMTP server and shows as sent', async () => {
  // The secret went to the secrets file, never into SQLite.
  assert.ok(!readFileSync(path.join(work, 'settle.db')).includes(PASSWORD));

  // The sender counts what waits (8 s after launch) and the badge shows it.
  const badge = await browser.$(tid('approvals-badge'));
  await badge.waitForDisplayed({ timeout: 30_000 });
  const before = Number((await badge.getText()).match(/\d+/)[0]);
  // What waited when the count was read (the CLI sees the same data folder).
  const seenIds = new Set(
    JSON.parse(settle(['messages', '--state', 'awaiting_approval', '--json'])).map((m) => m.id),
  );
  assert.ok(before > 0, 'reminders wait for approval');

  await browser.$(tid('nav-approvals')).click();
  await browser.$(tid('message-row')).waitForDisplayed({ timeout: 15_000 });
  // The first message that can go as it is (no "Needs attention").
  const rows = await browser.$$(tid('message-row'));
  let chosen = null;
  for (const row of rows) {
    if (!(await row.getText()).includes('Needs attention')) {
      chosen = row;
      break;
    }
  }
  assert.ok(chosen, 'a sendable message is listed');
  await chosen.click();
  const customer = await chosen.$(tid('row-customer')).getText();
  const subject = (await browser.$(tid('preview-subject')).getText()).trim();
  const to = await browser.$(tid('preview-to')).getText();
  const cc = (await browser.$(tid('preview-cc')).isExisting())
    ? await browser.$(tid('preview-cc')).getText()
    : '';
  const from = await browser.$(tid('preview-from')).getText();
  assert.match(from, new RegExp(SENDER.replace('.', '\\.')));
  const body = await browser.$(tid('preview-body')).getText();
  const firstInvoice = (await browser.$(tid('preview-invoice-number')).getText()).trim();
  await screenshot(browser, 'approvals');
  copyFileSync(
    path.join(artifacts, 'approvals.png'),
    path.join(repoRoot, 'docs', 'screenshots', 'approvals.png'),
  );

  assert.equal(received().length, 0, 'nothing is sent before approval');
  await browser.$(tid('approve-send-now')).click();
  await browser.$(tid('approvals-receipt')).waitForDisplayed({ timeout: 10_000 });

  // The sender wakes at once and runs the batch (gate, then SMTP over STARTTLS with AUTH).
  await browser.waitUntil(() => received().length === 1, {
    timeout: 60_000,
    timeoutMsg: 'the approved reminder did not arrive at the SMTP server',
  });
  const raw = readFileSync(path.join(maildir, received()[0]), 'utf8');
  assert.equal(header(raw, 'Subject')?.includes(subject.slice(0, 20)) ?? false, true, raw);
  for (const address of to.match(/[^\s<>,]+@[^\s<>,]+/g)) {
    assert.ok(header(raw, 'To').includes(address), `To has ${address}`);
  }
  for (const address of cc.match(/[^\s<>,]+@[^\s<>,]+/g) ?? []) {
    assert.ok(header(raw, 'Cc').includes(address), `Cc has ${address}`);
  }
  assert.ok(header(raw, 'From').includes(SENDER));
  assert.ok(firstInvoice && body.includes(firstInvoice), 'the body names the invoice');
  assert.ok(raw.includes(firstInvoice), 'the email names the invoice');
  const log = readFileSync(path.join(maildir, 'log.jsonl'), 'utf8');
  assert.match(log, /"event":"auth".*"ok":true/, 'it logged in');

  // It is listed as sent, and the count went down.
  await browser.$(tid('tab-sent')).click();
  await browser
    .waitUntil(async () => (await browser.$(tid('message-list')).getText()).includes(customer), {
      timeout: 15_000,
      timeoutMsg: 'the sent message is not listed as sent',
    })
    .catch(async (error) => {
      await screenshot(browser, 'approvals-sent-failed');
      throw error;
    });
  assert.match(await browser.$(tid('preview-state')).getText(), /Sent/);
  // The badge follows the queue. The app's own planner runs on the real clock, so when this test
  // runs during a demo reminder hour, new reminders may join the queue meanwhile: the badge must
  // equal what waits now (read through the CLI on the same data folder), and that is one fewer
  // than before plus whatever the planner added — never counting the message just sent.
  await browser.waitUntil(
    async () => {
      const waiting = JSON.parse(settle(['messages', '--state', 'awaiting_approval', '--json']));
      const now = browser.$(tid('approvals-badge'));
      const shown = (await now.isExisting()) ? Number((await now.getText()).match(/\d+/)?.[0]) : 0;
      const planned = waiting.filter((m) => !seenIds.has(m.id)).length;
      return shown === waiting.length && shown === seenIds.size - 1 + planned;
    },
    { timeout: 20_000, timeoutMsg: 'the waiting count did not go down' },
  );
  await screenshot(browser, 'approvals-sent');
  copyFileSync(
    path.join(artifacts, 'approvals-sent.png'),
    path.join(repoRoot, 'docs', 'screenshots', 'approvals-sent.png'),
  );
});
