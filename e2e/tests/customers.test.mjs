// The Customers overview in the real window: welcome → demo → tabs → stop chasing one customer →
// its invoices follow → Set all + undo. Screenshots land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, tid, screenshot } from '../lib/app.mjs';

let app;
let browser;

before(async () => {
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.close();
});

async function count(tab) {
  return Number(await browser.$(tid(`tab-${tab}`)).getAttribute('data-count'));
}

async function waitForCounts(chasing, notChasing) {
  await browser.waitUntil(
    async () => (await count('chasing')) === chasing && (await count('not-chasing')) === notChasing,
    {
      timeout: 10_000,
      timeoutMsg: `expected counts ${chasing}/${notChasing}, saw ${await count('chasing')}/${await count('not-chasing')}`,
    },
  );
}

async function rowById(id) {
  const row = browser.$(`${tid('customer-row')}[data-customer-id="${id}"]`);
  await row.waitForExist({ timeout: 10_000 });
  return row;
}

test('a fresh install welcomes the owner and opens the demo business', async () => {
  const welcome = browser.$(tid('welcome'));
  await welcome.waitForDisplayed({ timeout: 20_000 });
  await screenshot(browser, '01-welcome');
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('customer-row')).waitForExist({ timeout: 20_000 });
  assert.ok((await count('chasing')) > 0, 'some customers are chased');
  assert.ok((await count('not-chasing')) > 0, 'some customers are not chased');
  const outstanding = await browser.$(tid('total-outstanding')).getText();
  assert.match(outstanding, /£[\d,]+\.\d\d/, 'totals are money in pounds');
  await screenshot(browser, '02-overview-chasing');
});

test('tabs switch between Chasing and Not chasing', async () => {
  await browser.$(tid('tab-not-chasing')).click();
  await browser.waitUntil(
    async () => (await browser.$(tid('tab-not-chasing')).getAttribute('aria-selected')) === 'true',
    { timeout: 5_000 },
  );
  const rows = await browser.$$(tid('customer-row'));
  assert.ok(rows.length > 0, 'not-chasing rows are shown');
  const label = await rows[0].$(tid('toggle-chasing')).getText();
  assert.match(label, /Start chasing/);
  await screenshot(browser, '03-overview-not-chasing');
  await browser.$(tid('tab-chasing')).click();
  await browser.waitUntil(
    async () => (await browser.$(tid('tab-chasing')).getAttribute('aria-selected')) === 'true',
    { timeout: 5_000 },
  );
});

test('stopping one customer moves it to Not chasing with all of its invoices', async () => {
  const chasing = await count('chasing');
  const notChasing = await count('not-chasing');
  const first = browser.$(tid('customer-row'));
  await first.waitForExist({ timeout: 10_000 });
  const id = await first.getAttribute('data-customer-id');
  const name = await first.getAttribute('data-customer-name');
  await first.$(tid('toggle-chasing')).click();
  await waitForCounts(chasing - 1, notChasing + 1);
  await browser.$(tid('undo-bar')).waitForDisplayed({ timeout: 5_000 });
  assert.match(await browser.$(tid('undo-bar')).getText(), new RegExp(`Stopped chasing`));

  await browser.$(tid('tab-not-chasing')).click();
  const row = await rowById(id);
  assert.equal(await row.getAttribute('data-customer-name'), name);
  await row.click();
  const page = browser.$(tid('customer-page'));
  await page.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await page.getAttribute('data-customer-id'), id);
  await browser.$(tid('show-invoices')).click();
  await browser.$(tid('invoice-row')).waitForExist({ timeout: 10_000 });
  const invoices = await browser.$$(tid('invoice-row'));
  assert.ok(invoices.length > 0, 'the customer has invoices');
  for (const invoice of invoices) {
    assert.equal(await invoice.getAttribute('data-chasing'), 'false', 'every invoice followed');
  }
  await screenshot(browser, '04-customer-page');
  await browser.$(tid('back')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
});

test('Set all to Not chasing asks first, and Undo puts everyone back', async () => {
  await browser.$(tid('tab-chasing')).click();
  const chasing = await count('chasing');
  const notChasing = await count('not-chasing');
  await browser.$(tid('set-all')).click();
  const dialog = browser.$(tid('confirm-dialog'));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  await screenshot(browser, '05-set-all-confirm');
  await browser.$(tid('cancel')).click();
  await dialog.waitForDisplayed({ reverse: true, timeout: 5_000 });
  assert.equal(await count('chasing'), chasing, 'cancel changes nothing');

  await browser.$(tid('set-all')).click();
  await dialog.waitForDisplayed({ timeout: 5_000 });
  await browser.$(tid('confirm')).click();
  await waitForCounts(0, chasing + notChasing);
  await screenshot(browser, '06-all-not-chasing');
  await browser.$(tid('undo')).click();
  await waitForCounts(chasing, notChasing);
  await screenshot(browser, '07-after-undo');
});

test('/ focuses search and the list filters as the owner types', async () => {
  const first = browser.$(tid('customer-row'));
  await first.waitForExist({ timeout: 10_000 });
  const name = await first.getAttribute('data-customer-name');
  await browser.$('body').click();
  await browser.keys(['/']);
  const focused = await browser.execute(() => document.activeElement?.getAttribute('data-testid'));
  assert.equal(focused, 'search');
  await browser.$(tid('search')).setValue(name);
  await browser.waitUntil(async () => (await browser.$$(tid('customer-row'))).length === 1, {
    timeout: 5_000,
    timeoutMsg: 'search narrows the list to one customer',
  });
  await browser.$(tid('search')).clearValue();
});
