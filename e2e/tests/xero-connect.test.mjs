// Connecting Xero from the window (bring-your-own app: the owner pastes a Client ID): a fake-xero
// serving its small demo organisation; the window shows the sign-in address, the test plays the
// browser (fake-xero approves at once and redirects to Settle's loopback listener), then the
// window shows the connected organisation and "Sync now" fetches it.
// Needs `cargo build -p settle-desktop -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchApp, tid, screenshot, appBinary } from '../lib/app.mjs';

const fakeXeroBinary =
  process.env.FAKE_XERO_BINARY ?? path.join(path.dirname(appBinary), 'fake-xero');
const CLIENT_ID = 'FAKEXEROCLIENTID00000000000000000';

let xero;
let app;
let browser;
let env;

/** Starts fake-xero on a free port with its demo organisation; resolves with its base URL. */
function startFakeXero() {
  const child = spawn(fakeXeroBinary, ['--port', '0', '--seed-demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('fake-xero did not start')), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake-xero exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^fake-xero listening on (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1].replace(/\/$/, '') });
      }
    });
  });
}

before(async () => {
  xero = await startFakeXero();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-xero-connect-'));
  env = {
    SETTLE_XERO_LOGIN_URL: xero.base,
    SETTLE_XERO_IDENTITY_URL: xero.base,
    SETTLE_XERO_API_URL: xero.base,
    SETTLE_INSECURE_SECRETS_FILE: path.join(dataDir, 'secrets.json'),
    // The test plays the browser: the app must not open a real one on the sign-in address.
    SETTLE_NO_BROWSER: '1',
  };
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

/** Types into the Client ID field (clearing it first). */
async function typeClientId(value) {
  const input = browser.$(tid('xero-client-id'));
  await input.waitForDisplayed({ timeout: 10_000 });
  await input.clearValue();
  await input.setValue(value);
}

test('the window connects Xero with a pasted Client ID, then syncs it', async () => {
  // The Xero section lives inside an open organisation: start from the demo business.
  await browser.$(tid('open-demo')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('organisation-name')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('nav-xero')).click();
  await browser.$(tid('xero-not-connected')).waitForDisplayed({ timeout: 10_000 });
  assert.match(
    await browser.$(tid('xero-not-connected')).getText(),
    /http:\/\/localhost:8749\/callback/,
  );

  // A Client ID with a space is refused with a clear message; the form stays.
  await typeClientId('FAKE XERO');
  await browser.$(tid('xero-connect')).click();
  const error = browser.$(tid('xero-connect-error'));
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.match(await error.getText(), /space/i);
  assert.ok(await browser.$(tid('xero-client-id')).isDisplayed());

  // The real one: the window shows the address to approve Settle at.
  await typeClientId(CLIENT_ID);
  await browser.$(tid('xero-connect')).click();
  const link = browser.$(tid('xero-authorize-url'));
  await link.waitForDisplayed({ timeout: 10_000 });
  const authorizeUrl = (await link.getText()).trim();
  assert.ok(authorizeUrl.startsWith(`${xero.base}/`), authorizeUrl);
  await screenshot(browser, 'xero-connect-waiting');

  // Playing the browser: fake-xero approves and redirects to the app's loopback listener.
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  const callback = await fetch(answer.headers.get('location'));
  assert.equal(callback.status, 200);

  await browser.$(tid('xero-connected')).waitForDisplayed({ timeout: 20_000 });
  assert.equal(await browser.$(tid('xero-organisation')).getText(), 'Demo Plumbing Ltd');
  assert.match(await browser.$(tid('xero-connected-prompt')).getText(), /Sync now/);

  await browser.$(tid('xero-sync-now')).click();
  const report = browser.$(tid('xero-report'));
  await report.waitForDisplayed({ timeout: 30_000 });
  assert.match(await report.getText(), /Synced Demo Plumbing Ltd/);
  assert.match(await browser.$(tid('xero-report-invoices')).getText(), /^[1-9]\d* new/);
  await screenshot(browser, 'xero-connect-synced');
});
