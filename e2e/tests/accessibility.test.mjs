// axe-core on the main screens of the real window (welcome, overview, customer page, approvals,
// settings), in light and
// dark: no violation of impact "serious" or "critical" is allowed. Every violation found is printed,
// whatever its impact, so the minor ones are visible too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchApp, tid, screenshot } from '../lib/app.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Puts axe into the page. Scripts sent through WebDriver are not subject to the page's CSP (which
 * forbids eval), so the library's source is run as the body of an executed script.
 */
async function injectAxe(browser) {
  if (await browser.execute(() => typeof window.axe === 'object')) return;
  await browser.execute(`${AXE_SOURCE}\n;window.axe = window.axe || axe;`);
  assert.ok(
    await browser.execute(() => typeof window.axe?.run === 'function'),
    'axe-core is loaded in the page',
  );
}

/** Runs axe on the whole document and returns its violations, trimmed to what a report needs. */
async function axeViolations(browser) {
  await injectAxe(browser);
  const outcome = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((results) =>
        done({
          violations: results.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            helpUrl: violation.helpUrl,
            nodes: violation.nodes.slice(0, 5).map((node) => ({
              target: node.target.join(' '),
              html: node.html.slice(0, 160),
              summary: node.failureSummary,
            })),
            count: violation.nodes.length,
          })),
        }),
      )
      .catch((error) => done({ error: String(error?.stack ?? error) }));
  });
  assert.equal(outcome.error, undefined, `axe.run failed: ${outcome.error}`);
  return outcome.violations;
}

function describe(violations) {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.count} element${v.count === 1 ? '' : 's'}) ${v.helpUrl}\n` +
        v.nodes
          .map(
            (n) =>
              `      ${n.target}\n        ${n.html}\n        ${n.summary?.replace(/\n/g, '\n        ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/** Asserts axe finds nothing serious or critical on the screen as it is now. */
async function assertAccessible(browser, screen) {
  const violations = await axeViolations(browser);
  if (violations.length > 0) console.log(`axe on ${screen}:\n${describe(violations)}`);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  assert.deepEqual(
    blocking.map((v) => v.id),
    [],
    `serious or critical accessibility problems on ${screen}:\n${describe(blocking)}`,
  );
}

/** Welcome → demo → overview, with its first row on screen. */
async function openDemo(browser) {
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('customer-row')).waitForDisplayed({ timeout: 20_000 });
}

async function openFirstCustomer(browser) {
  await browser.$(tid('customer-row')).click();
  await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('show-invoices')).waitForDisplayed({ timeout: 10_000 });
}

let app;
let browser;

before(async () => {
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.close();
});

test('the welcome screen has no serious accessibility problems', async () => {
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  await assertAccessible(browser, 'the welcome screen');
});

test('the customers overview has no serious accessibility problems', async () => {
  await openDemo(browser);
  await assertAccessible(browser, 'the overview (Chasing)');
  await browser.$(tid('tab-not-chasing')).click();
  await browser.waitUntil(
    async () => (await browser.$(tid('tab-not-chasing')).getAttribute('aria-selected')) === 'true',
    { timeout: 5_000, timeoutMsg: 'the Not chasing tab is selected' },
  );
  await browser.$(tid('customer-row')).waitForDisplayed({ timeout: 10_000 });
  await assertAccessible(browser, 'the overview (Not chasing)');
});

test('the Set all confirmation has no serious accessibility problems', async () => {
  await browser.$(tid('set-all')).click();
  await browser.$(tid('confirm-dialog')).waitForDisplayed({ timeout: 5_000 });
  await assertAccessible(browser, 'the Set all confirmation');
  await browser.$(tid('cancel')).click();
  await browser.$(tid('confirm-dialog')).waitForExist({ reverse: true, timeout: 5_000 });
});

test('the customer page has no serious accessibility problems', async () => {
  await openFirstCustomer(browser);
  await assertAccessible(browser, 'the customer page (contacts & timeline)');
  await browser.$(tid('show-invoices')).click();
  await browser.$(tid('invoice-row')).waitForDisplayed({ timeout: 10_000 });
  await assertAccessible(browser, 'the customer page (invoices)');
});

test('the approvals and settings screens have no serious accessibility problems', async () => {
  await browser.$(tid('nav-approvals')).click();
  await browser.$(tid('approvals-page')).waitForDisplayed({ timeout: 10_000 });
  await assertAccessible(browser, 'the approvals screen');
  await browser.$(tid('nav-settings')).click();
  await browser.$(tid('settings-page')).waitForDisplayed({ timeout: 10_000 });
  for (const tab of ['account', 'senders', 'templates', 'rules']) {
    await browser.$(tid(`settings-tab-${tab}`)).click();
    await browser.waitUntil(
      async () =>
        (await browser.$(tid(`settings-tab-${tab}`)).getAttribute('aria-selected')) === 'true',
      { timeout: 5_000, timeoutMsg: `the ${tab} settings tab is selected` },
    );
    await assertAccessible(browser, `the settings screen (${tab})`);
  }
});

test('in dark mode the overview and customer page have no serious problems', async (t) => {
  // Settle is single-instance: the light window must be closed before a dark one can open.
  await app?.close();
  app = undefined;
  // WebKitGTK follows the GTK theme for prefers-color-scheme.
  const dark = await launchApp({ env: { GTK_THEME: 'Adwaita:dark' } });
  try {
    const b = dark.browser;
    await b.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
    if (!(await b.execute(() => matchMedia('(prefers-color-scheme: dark)').matches))) {
      t.skip('this WebKitGTK does not report a dark colour scheme for GTK_THEME=Adwaita:dark');
      return;
    }
    await assertAccessible(b, 'the welcome screen (dark)');
    await openDemo(b);
    await screenshot(b, '10-overview-dark');
    await assertAccessible(b, 'the overview (dark)');
    await openFirstCustomer(b);
    await b.$(tid('show-invoices')).click();
    await b.$(tid('invoice-row')).waitForDisplayed({ timeout: 10_000 });
    await screenshot(b, '11-customer-invoices-dark');
    await assertAccessible(b, 'the customer page (dark)');
  } finally {
    await dark.close();
  }
});
