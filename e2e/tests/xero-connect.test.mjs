// Connecting Xero from the window (bring-your-own app: the owner pastes a Client ID): a fake-xero
// serving its small demo organisation; the window shows the sign-in address, the test plays the
// browser (fake-xero approves at once and redirects to Settle's loopback listener), then the
// window shows the connected organisation and "Sync now" fetches it.
// Needs `cargo build -p settle-desktop -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot } from '../lib/app.mjs';
import {
  approve,
  CLIENT_ID,
  fakeXeroEnv,
  shownAuthorizeUrl,
  startFakeXero,
} from '../lib/fakeXero.mjs';

let xero;
let app;
let browser;
let env;

before(async () => {
  xero = await startFakeXero();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-xero-connect-'));
  env = fakeXeroEnv(xero.base, path.join(dataDir, 'secrets.json'), {
    // The test plays the browser: the app must not open a real one on the sign-in address.
    SETTLE_NO_BROWSER: '1',
  });
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
  const authorizeUrl = await shownAuthorizeUrl(browser, xero.base);
  await screenshot(browser, 'xero-connect-waiting');

  // Playing the browser: fake-xero approves and redirects to the app's loopback listener.
  await approve(authorizeUrl);

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
