// Xero refusing Settle's saved sign-in, in the window: a fake-xero serving one organisation is
// onboarded from Welcome (one organisation: no picker), chasing resumed; then the grant is revoked
// at Xero (as the owner would from another device), the next "Sync now" fails, chasing pauses
// with the "sign in again" banner on every page, Resume is refused, and the banner's Reconnect
// (playing the browser) signs in again with the saved Client ID and lifts the pause.
// Needs `cargo build -p settle-desktop -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot } from '../lib/app.mjs';
import { approveInBrowser, CLIENT_ID, fakeXeroEnv, startFakeXero } from '../lib/fakeXero.mjs';

let xero;
let app;
let browser;
let secretsFile;

before(async () => {
  xero = await startFakeXero();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-xero-reconnect-'));
  secretsFile = path.join(dataDir, 'secrets.json');
  app = await launchApp({
    dataDir,
    env: fakeXeroEnv(xero.base, secretsFile, { SETTLE_NO_BROWSER: '1' }),
  });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

test('a revoked sign-in pauses chasing with a banner; Reconnect lifts it', async () => {
  // Onboard the one organisation (chase all), then resume chasing.
  await browser.$(tid('connect-xero')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('connect-xero')).click();
  await browser.$(tid('xero-client-id')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('xero-client-id')).setValue(CLIENT_ID);
  await browser.$(tid('xero-connect')).click();
  await approveInBrowser(browser, xero.base);
  await browser.$(tid('onboarding-details')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('onboarding-confirm')).click();
  await browser.$(tid('onboarding-chase-all')).click();
  await browser.$(tid('pause-resume')).waitForDisplayed({ timeout: 30_000 });
  await browser.$(tid('pause-resume')).click();
  await browser.waitUntil(async () => !(await browser.$(tid('pause-banner')).isExisting()), {
    timeout: 10_000,
    timeoutMsg: 'resumed',
  });

  // The owner revokes Settle in Xero.
  const refresh = JSON.parse(readFileSync(secretsFile, 'utf8'))['xero.refresh_token'];
  const revoked = await fetch(`${xero.base}/connect/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refresh, client_id: CLIENT_ID }),
  });
  assert.equal(revoked.status, 200);

  // The next sync fails and chasing pauses, on every page.
  await browser.$(tid('nav-xero')).click();
  await browser.$(tid('xero-sync-now')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('xero-sync-now')).click();
  const failure = browser.$(tid('xero-sync-error'));
  await failure.waitForDisplayed({ timeout: 30_000 });
  assert.match(await failure.getText(), /sign in again/);
  const banner = browser.$(tid('pause-banner'));
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await banner.getText(), /Xero needs you to sign in again — chasing is paused/);
  await browser.$(tid('nav-customers')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  assert.ok(await browser.$(tid('pause-reconnect')).isDisplayed(), 'the banner follows');
  await screenshot(browser, 'xero-reconnect-banner');

  // Reconnect with the saved Client ID, playing the browser: the pause was only the lost
  // sign-in's, so chasing resumes and the banner goes.
  await browser.$(tid('pause-reconnect')).click();
  await approveInBrowser(browser, xero.base);
  await browser.waitUntil(async () => !(await browser.$(tid('pause-banner')).isExisting()), {
    timeout: 20_000,
    timeoutMsg: 'the banner goes after reconnecting',
  });

  // Syncing works again.
  await browser.$(tid('nav-xero')).click();
  await browser.$(tid('xero-sync-now')).click();
  await browser.$(tid('xero-report')).waitForDisplayed({ timeout: 30_000 });
});
