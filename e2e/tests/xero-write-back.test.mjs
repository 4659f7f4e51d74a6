// The invoice page's Xero actions for an organisation connected to a fake-xero serving its demo
// organisation (connected with the CLI as e2e/tests/xero-sync.test.mjs does, synced in the
// window): an expected payment date saved in Xero; one on an invoice dated inside Xero's period
// lock kept in Settle only with the reason; "View in Xero" gives the organisation's deep link
// (SETTLE_NO_BROWSER is set, so the window shows the address instead of opening the browser).
// Needs `cargo build -p settle-desktop -p settle-cli -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot, artifacts, repoRoot } from '../lib/app.mjs';
import { connectWithCli, fakeXeroEnv, startFakeXero } from '../lib/fakeXero.mjs';
/** fake-xero's demo: short code !dEm0P, INV-0001's Xero id. */
const VIEW_INV_0001 =
  'https://go.xero.com/organisationlogin/default.aspx?shortcode=%21dEm0P&redirecturl=' +
  '%2FAccountsReceivable%2FView.aspx%3FInvoiceID%3D0de00000-0000-4000-8000-000000020000';

let xero;
let app;
let browser;
let env;
let dataDir;

before(async () => {
  xero = await startFakeXero();
  dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-write-back-'));
  env = fakeXeroEnv(xero.base, path.join(dataDir, 'secrets.json'), { SETTLE_NO_BROWSER: '1' });
  await connectWithCli(dataDir, env);
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

/** Overview → the customer named `name` (either tab) → invoice `number`'s page. */
async function openInvoice(name, number) {
  await browser.$(tid('nav-customers')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  const row = browser.$(`${tid('customer-row')}[data-customer-name="${name}"]`);
  for (const tab of ['tab-chasing', 'tab-not-chasing']) {
    await browser.$(tid(tab)).click();
    if (await row.waitForDisplayed({ timeout: 5_000 }).catch(() => false)) break;
  }
  await row.click();
  await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('show-invoices')).click();
  const open = browser.$(
    `${tid('invoice-row')}[data-invoice-number="${number}"] ${tid('open-invoice')}`,
  );
  await open.waitForDisplayed({ timeout: 10_000 });
  await open.click();
  await browser.$(tid('xero-actions')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('expected-date-input')).waitForDisplayed({ timeout: 10_000 });
}

/** Types a date into the date field (WebDriver cannot type into WebKit's date control). */
async function setDate(value) {
  await browser.execute((v) => {
    const input = document.querySelector('[data-testid="expected-date-input"]');
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
  await browser.$(tid('expected-date-save')).click();
}

/** Waits for the outcome line to be stored in `storedIn` and to read like `pattern`. */
async function outcomeWhere(storedIn, pattern) {
  const outcome = browser.$(`${tid('expected-date-outcome')}[data-stored-in="${storedIn}"]`);
  await browser.waitUntil(
    async () => (await outcome.isExisting()) && pattern.test(await outcome.getText()),
    { timeout: 15_000, timeoutMsg: `outcome ${storedIn} matching ${pattern}` },
  );
  return outcome.getText();
}

test('sync the connected organisation first', async () => {
  await browser.$(tid('organisation-name')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('nav-xero')).click();
  await browser.$(tid('xero-sync-now')).click();
  await browser.$(tid('xero-report')).waitForDisplayed({ timeout: 30_000 });
});

test('an expected payment date is saved in Xero, and View in Xero is its deep link', async () => {
  await openInvoice('Harbour View Cafe', 'INV-0001');
  await setDate('2030-01-15');
  await outcomeWhere('xero', /Saved in Xero: payment expected on 15 Jan 2030/);

  await browser.$(tid('view-in-xero')).click();
  const address = browser.$(tid('xero-link-address'));
  await address.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await address.getAttribute('data-url'), VIEW_INV_0001);
  assert.ok(await browser.$(tid('edit-in-xero')).isExisting(), 'nothing paid: editable in Xero');
  assert.ok(await browser.$(tid('copy-payment-link')).isExisting(), 'an online invoice link');
  await browser.$(tid('xero-actions')).scrollIntoView();
  await screenshot(browser, 'invoice-xero');
  copyFileSync(
    path.join(artifacts, 'invoice-xero.png'),
    path.join(repoRoot, 'docs', 'screenshots', 'invoice-xero.png'),
  );

  // It stays after reopening the page (read back from Settle's database).
  await openInvoice('Harbour View Cafe', 'INV-0001');
  await outcomeWhere('xero', /Saved in Xero/);
  assert.equal(await browser.$(tid('expected-date-input')).getValue(), '2030-01-15');
});

test('a date Xero refuses (inside the period lock) is kept in Settle only with the reason', async () => {
  await openInvoice('Old Mill Bakery', 'INV-0012');
  await setDate('2030-02-01');
  const text = await outcomeWhere('settle_only', /Kept in Settle only/);
  assert.match(text, /period lock date/);
  assert.match(text, /move the lock date/);
  assert.equal(await browser.$(tid('expected-date-input')).getValue(), '2030-02-01');
});
