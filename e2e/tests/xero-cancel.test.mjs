// Cancelling a sync in the window, and one sync at a time across processes: a slow fake-xero
// (every API request waits 1.5 s) so a sync is still running when the test acts. The CLI syncs
// first, so the app's at-launch background sync is not due and every sync here is the test's.
// Needs `cargo build -p settle-desktop -p settle-cli -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { artifacts, cliBinary, launchApp, repoRoot, screenshot, tid } from '../lib/app.mjs';
import { connectWithCli, fakeXeroEnv, startFakeXero } from '../lib/fakeXero.mjs';

const run = promisify(execFile);

let xero;
let app;
let browser;
let env;
let dataDir;

/** `settle sync --json` on the test's data folder: resolves { ok, stdout, stderr }. */
async function cliSync() {
  try {
    const { stdout, stderr } = await run(cliBinary, ['--data-dir', dataDir, 'sync', '--json'], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { ok: true, stdout, stderr };
  } catch (failure) {
    return { ok: false, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

before(async () => {
  xero = await startFakeXero(['--latency-ms', '1500']);
  dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-xero-cancel-'));
  env = fakeXeroEnv(xero.base, path.join(dataDir, 'secrets.json'));
  const connection = await connectWithCli(dataDir, env);
  assert.equal(connection.organisation, 'Demo Plumbing Ltd');
  const first = await cliSync();
  assert.ok(first.ok, `the CLI's first sync: ${first.stderr}`);
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

test('Cancel stops a running sync, keeps what was stored, and the next sync completes', async () => {
  await browser.$(tid('organisation-name')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('nav-xero')).click();
  await browser.$(tid('xero-connected')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await browser.$(tid('xero-last-sync')).getText(), /Last synced/);

  await browser.$(tid('xero-full-sync')).click();
  const cancel = browser.$(tid('xero-cancel'));
  await cancel.waitForDisplayed({ timeout: 10_000 });

  // While the window's sync runs, another process is refused at once with the reason.
  const second = await cliSync();
  assert.equal(second.ok, false, 'a second sync from the CLI is refused');
  assert.match(second.stderr, /A sync with Xero is already running/);

  await cancel.click();
  const stopped = browser.$(tid('xero-sync-error'));
  await stopped.waitForDisplayed({ timeout: 15_000 });
  const words = await stopped.getText();
  assert.match(words, /Sync cancelled/);
  assert.match(words, /Everything stored so far is kept/);
  assert.equal(await browser.$(tid('xero-cancel')).isExisting(), false, 'no sync runs now');
  await screenshot(browser, 'xero-sync-cancelled');
  copyFileSync(
    path.join(artifacts, 'xero-sync-cancelled.png'),
    path.join(repoRoot, 'docs', 'screenshots', 'xero-sync-cancelled.png'),
  );

  // The next sync is not refused (the lock went with the cancelled sync) and completes.
  await browser.$(tid('xero-sync-now')).click();
  const report = browser.$(tid('xero-report'));
  await report.waitForDisplayed({ timeout: 60_000 });
  assert.match(await report.getText(), /Synced Demo Plumbing Ltd/);
  assert.match(await browser.$(tid('xero-last-sync')).getText(), /Last synced/);
});
