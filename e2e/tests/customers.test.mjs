// The Customers overview in the real window: welcome → demo → tabs → stop chasing one customer →
// its invoices follow → Set all + undo. Screenshots land in e2e/artifacts/.
//
// The list re-renders after every change, so elements are looked up again (browser.$ each time)
// after anything that changes it, instead of holding on to an element that may have been replaced.
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
  await row.waitForDisplayed({ timeout: 10_000 });
  return row;
}

/** The first customer row, once it is on screen (not only in the DOM). */
async function firstRow() {
  const row = browser.$(tid('customer-row'));
  await row.waitForDisplayed({ timeout: 20_000 });
  return row;
}

async function selectTab(tab) {
  await browser.$(tid(`tab-${tab}`)).click();
  await browser.waitUntil(
    async () => (await browser.$(tid(`tab-${tab}`)).getAttribute('aria-selected')) === 'true',
    { timeout: 5_000, timeoutMsg: `the ${tab} tab is selected` },
  );
}

/** The confirmation dialog, looked up afresh (it is a new element each time it opens). */
const confirmDialog = () => browser.$(tid('confirm-dialog'));

/** Waits until the undo bar's visible text matches (it is filled in once the list has refreshed). */
async function waitForUndoBar(pattern) {
  const bar = () => browser.$(tid('undo-bar'));
  await bar().waitForDisplayed({ timeout: 5_000 });
  await browser.waitUntil(async () => pattern.test(await bar().getText()), {
    timeout: 5_000,
    timeoutMsg: `undo bar says ${pattern}, saw "${await bar().getText()}"`,
  });
}

async function waitForDialogClosed() {
  await confirmDialog().waitForExist({ reverse: true, timeout: 5_000 });
}

test('a fresh install welcomes the owner and opens the demo business', async () => {
  const welcome = browser.$(tid('welcome'));
  await welcome.waitForDisplayed({ timeout: 20_000 });
  await screenshot(browser, '01-welcome');
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
  await firstRow();
  assert.ok((await count('chasing')) > 0, 'some customers are chased');
  assert.ok((await count('not-chasing')) > 0, 'some customers are not chased');
  const outstanding = await browser.$(tid('total-outstanding')).getText();
  assert.match(outstanding, /£[\d,]+\.\d\d/, 'totals are money in pounds');
  await screenshot(browser, '02-overview-chasing');
});

test('tabs switch between Chasing and Not chasing', async () => {
  await selectTab('not-chasing');
  // The tab is selected once its rows are on screen; wait for them to be the Not chasing ones.
  await browser.waitUntil(
    async () => (await browser.$(tid('toggle-chasing')).getText()) === 'Start chasing',
    { timeout: 5_000, timeoutMsg: 'the Not chasing rows are shown' },
  );
  const rows = await browser.$$(tid('customer-row'));
  assert.ok(rows.length > 0, 'not-chasing rows are shown');
  const label = await rows[0].$(tid('toggle-chasing')).getText();
  assert.match(label, /Start chasing/);
  await screenshot(browser, '03-overview-not-chasing');
  await selectTab('chasing');
});

test('stopping one customer moves it to Not chasing with all of its invoices', async () => {
  const chasing = await count('chasing');
  const notChasing = await count('not-chasing');
  const first = await firstRow();
  const id = await first.getAttribute('data-customer-id');
  const name = await first.getAttribute('data-customer-name');
  await first.$(tid('toggle-chasing')).click();
  await waitForCounts(chasing - 1, notChasing + 1);
  await browser.$(tid('undo-bar')).waitForDisplayed({ timeout: 5_000 });
  await waitForUndoBar(/Stopped chasing .+ and all of its invoices\./);
  assert.match(await browser.$(tid('undo-bar')).getText(), new RegExp(`Stopped chasing`));
  assert.ok(
    (await browser.$(tid('undo-bar')).getText()).includes(name),
    'the bar names the customer',
  );

  await selectTab('not-chasing');
  const row = await rowById(id);
  assert.equal(await row.getAttribute('data-customer-name'), name);
  await row.click();
  const page = browser.$(tid('customer-page'));
  await page.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await page.getAttribute('data-customer-id'), id);
  await browser.$(tid('show-invoices')).waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, '04a-customer-page');
  await browser.$(tid('show-invoices')).click();
  await browser.$(tid('invoice-row')).waitForDisplayed({ timeout: 10_000 });
  const invoices = await browser.$$(tid('invoice-row'));
  assert.ok(invoices.length > 0, 'the customer has invoices');
  for (const invoice of invoices) {
    assert.equal(await invoice.getAttribute('data-chasing'), 'false', 'every invoice followed');
  }
  await screenshot(browser, '04b-customer-invoices');
  await browser.$(tid('back')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
});

test('Set all to Not chasing asks first, and Undo puts everyone back', async () => {
  await selectTab('chasing');
  await firstRow();
  const chasing = await count('chasing');
  const notChasing = await count('not-chasing');
  await browser.$(tid('set-all')).click();
  await confirmDialog().waitForDisplayed({ timeout: 5_000 });
  await screenshot(browser, '05-set-all-confirm');
  await browser.$(tid('cancel')).click();
  await waitForDialogClosed();
  assert.equal(await count('chasing'), chasing, 'cancel changes nothing');

  await browser.$(tid('set-all')).click();
  await confirmDialog().waitForDisplayed({ timeout: 5_000 });
  await browser.$(tid('confirm')).click();
  await waitForCounts(0, chasing + notChasing);
  await waitForDialogClosed();
  await waitForUndoBar(/^Moved [\d,]+ customers and all of their invoices to Not chasing\./);
  await screenshot(browser, '06-all-not-chasing');
  await browser.$(tid('undo')).click();
  await waitForCounts(chasing, notChasing);
  await waitForUndoBar(/^Undone: /);
  await firstRow();
  await screenshot(browser, '07-after-undo');
});

test('/ focuses search and the list filters as the owner types', async () => {
  const name = await (await firstRow()).getAttribute('data-customer-name');
  // Focus is on the page, not in a field: "/" must move it to the search box.
  await browser.$('#customers-title').click();
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
