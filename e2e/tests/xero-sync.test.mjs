// "Sync now" in the window for an organisation already connected to Xero: a fake-xero serving its
// small demo organisation, connected with the CLI exactly as crates/settle-cli/tests/xero.rs does
// (the test plays the browser), then the window syncs it and the customers overview shows it.
// Needs `cargo build -p settle-desktop -p settle-cli -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot, artifacts, repoRoot } from '../lib/app.mjs';
import { connectWithCli, fakeXeroEnv, startFakeXero } from '../lib/fakeXero.mjs';

let xero;
let app;
let browser;
let env;
let dataDir;

before(async () => {
  xero = await startFakeXero();
  dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-xero-'));
  env = fakeXeroEnv(xero.base, path.join(dataDir, 'secrets.json'));
  const connection = await connectWithCli(dataDir, env);
  assert.equal(connection.organisation, 'Demo Plumbing Ltd');
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

test('the Xero section syncs the connected organisation with live progress and a report', async () => {
  await browser.$(tid('organisation-name')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('nav-xero')).click();
  const connected = browser.$(tid('xero-connected'));
  await connected.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(tid('xero-organisation')).getText(), 'Demo Plumbing Ltd');
  assert.match(await browser.$(tid('xero-last-sync')).getText(), /Not synced yet/);

  // The sync of a small organisation is quick: record every progress line the page shows.
  await browser.execute(() => {
    window.__progressSeen = [];
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="xero-progress-text"]');
      if (line) window.__progressSeen.push(line.textContent.trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await browser.$(tid('xero-sync-now')).click();
  const report = browser.$(tid('xero-report'));
  await report.waitForDisplayed({ timeout: 30_000 });
  const seen = await browser.execute(() => window.__progressSeen);
  assert.ok(
    seen.some((line) =>
      /^(Contacts|Invoices|Checking open invoices): page \d+ · \d+ received/.test(line),
    ),
    `progress shown while syncing: ${JSON.stringify(seen)}`,
  );
  assert.match(await report.getText(), /Synced Demo Plumbing Ltd/);
  assert.match(await browser.$(tid('xero-report-contacts')).getText(), /^\d+ new, 0 updated/);
  assert.match(await browser.$(tid('xero-report-invoices')).getText(), /^[1-9]\d* new/);
  assert.match(await browser.$(tid('xero-last-sync')).getText(), /Last synced/);
  assert.match(await browser.$(tid('xero-rate-budget')).getText(), /\d+ today/);
  await screenshot(browser, 'xero-sync');
  copyFileSync(
    path.join(artifacts, 'xero-sync.png'),
    path.join(repoRoot, 'docs', 'screenshots', 'xero-sync.png'),
  );

  // The customers overview now lists the synced customers.
  await browser.$(tid('nav-customers')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(
    async () =>
      (await browser.$(tid('customer-row')).isExisting()) &&
      (await browser.$(tid('overview')).getText()).includes('Harbour View Cafe'),
    { timeout: 15_000, timeoutMsg: 'Harbour View Cafe is listed after the sync' },
  );
});
