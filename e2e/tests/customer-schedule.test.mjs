// The customer page's "Customer reminders" card (a customer-level schedule) in the real window:
// welcome → demo → a customer with chased overdue invoices → set up reminders (a step timed in
// days overdue of the oldest overdue invoice, then a repeat) → the card shows the steps, the
// running loop and the sends to come → a bad edit (two repeating steps) shows the engine's error
// and keeps the edit → remove (after a confirm) → none again. Screenshots land in e2e/artifacts/.
//
// Pages re-render after every change, so elements are looked up again (browser.$ each time).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchApp, tid, screenshot } from '../lib/app.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let app;
let browser;
/** The customer under test: { id, name, oldest } (oldest: days its oldest chased invoice is overdue). */
const chosen = {};

before(async () => {
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.close();
});

const card = () => browser.$(tid('customer-reminders'));
const editorRow = (n) =>
  browser.$(`${tid('customer-reminders-editor')} ${tid('step-row')}[data-step-number="${n}"]`);
const editorRows = () => browser.$$(`${tid('customer-reminders-editor')} ${tid('step-row')}`);

/** Sets a <select> the way a person does: a new value, then the change event. */
async function choose(element, value) {
  const select = await element;
  await browser.execute(
    (el, wanted) => {
      el.value = wanted;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    select,
    value,
  );
}

async function waitForText(selector, pattern, timeout = 10_000) {
  await browser.$(selector).waitForDisplayed({ timeout });
  await browser.waitUntil(async () => pattern.test(await browser.$(selector).getText()), {
    timeout,
    timeoutMsg: `${selector} says ${pattern}, saw "${await browser.$(selector).getText()}"`,
  });
}

async function waitForCardState(state) {
  await browser.waitUntil(async () => (await card().getAttribute('data-state')) === state, {
    timeout: 10_000,
    timeoutMsg: `the reminders card is "${state}", saw "${await card().getAttribute('data-state')}"`,
  });
}

/** axe-core on the page as it is: nothing serious or critical. */
async function assertAccessible(screen) {
  if (!(await browser.execute(() => typeof window.axe === 'object'))) {
    await browser.execute(`${AXE_SOURCE}\n;window.axe = window.axe || axe;`);
  }
  const outcome = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((results) =>
        done(
          results.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          })),
        ),
      )
      .catch((error) => done([{ id: 'axe-failed', impact: 'critical', nodes: [String(error)] }]));
  });
  if (outcome.length > 0) console.log(`axe on ${screen}:`, JSON.stringify(outcome, null, 2));
  const blocking = outcome.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking, [], `serious or critical accessibility problems on ${screen}`);
}

/** On a customer's invoice list: days overdue of its oldest chased overdue invoice, or null. */
async function oldestChasedOverdue() {
  let oldest = null;
  for (const row of await browser.$$(tid('invoice-row'))) {
    if ((await row.getAttribute('data-chasing')) !== 'true') continue;
    // The timing column ("12 days overdue"), read on its own: the row's text runs cells together.
    const match = /^([\d,]+) days? overdue$/.exec(
      (await row.$('td:nth-child(8)').getText()).trim(),
    );
    if (!match) continue;
    const days = Number(match[1].replace(/,/g, ''));
    if (oldest === null || days > oldest) oldest = days;
  }
  return oldest;
}

test('a customer with overdue invoices has no customer reminders yet', async () => {
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('customer-row')).waitForDisplayed({ timeout: 20_000 });

  const ids = [];
  for (const row of await browser.$$(tid('customer-row'))) {
    ids.push(await row.getAttribute('data-customer-id'));
  }
  for (const id of ids.slice(0, 12)) {
    await browser.$(`${tid('customer-row')}[data-customer-id="${id}"]`).click();
    await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
    await browser.$(tid('show-invoices')).waitForDisplayed({ timeout: 10_000 });
    await browser.$(tid('show-invoices')).click();
    await browser.$(tid('invoice-row')).waitForDisplayed({ timeout: 10_000 });
    const oldest = await oldestChasedOverdue();
    if (oldest !== null && oldest < 365) {
      Object.assign(chosen, { id, oldest });
      break;
    }
    await browser.$(tid('back')).click();
    await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  }
  assert.ok(chosen.id, 'one of the first customers has a chased overdue invoice');
  chosen.name = await browser.$('#customer-title').getText();

  await card().waitForDisplayed({ timeout: 10_000 });
  await waitForCardState('none');
  assert.match(await card().getText(), /one message that lists all of .*open invoices/i);
  assert.match(await card().getText(), /oldest overdue/);
  assert.match(await card().getText(), /starts again when new invoices fall overdue/);
  assert.match(await card().getText(), /stops once the balance is cleared/);
  assert.match(await browser.$(tid('customer-reminders-none')).getText(), /^None\./);
  assert.ok(await browser.$(tid('set-up-customer-reminders')).isDisplayed());
});

test('setting up reminders shows their steps, the loop and what comes next', async () => {
  await browser.$(tid('set-up-customer-reminders')).click();
  await browser.$(tid('customer-reminders-editor')).waitForDisplayed({ timeout: 5_000 });
  assert.equal((await editorRows()).length, 1, 'it starts with one step');
  // Only the two triggers a customer schedule takes are offered.
  const offered = await browser.execute(
    (el) => [...el.options].map((o) => o.value),
    await editorRow(1).$(tid('step-trigger')),
  );
  assert.deepEqual(offered, ['after_due', 'repeat']);

  // First send two days from now (the oldest invoice is `oldest` days overdue), then every 7 days.
  chosen.firstDays = chosen.oldest + 2;
  await editorRow(1).$(tid('step-days')).setValue(String(chosen.firstDays));
  await browser.$(tid('add-step')).click();
  await editorRow(2).waitForDisplayed({ timeout: 5_000 });
  assert.equal(await editorRow(2).$(tid('step-trigger')).getValue(), 'repeat');
  await editorRow(2).$(tid('step-every-days')).setValue('7');
  await editorRow(2).$(tid('step-times')).setValue('3');
  assert.match(
    await editorRow(1).$(tid('step-description')).getText(),
    new RegExp(`oldest overdue invoice is ${chosen.firstDays} days overdue at 09:00 by email`),
  );
  await browser.$(tid('save-customer-reminders')).click();

  await waitForCardState('set');
  await waitForText(
    tid('customer-reminders-receipt'),
    /on a customer schedule \(2 steps\): each step sends one message listing all of its open invoices/,
  );
  const steps = await browser.$$(tid('customer-reminder-step'));
  assert.equal(steps.length, 2);
  assert.match(
    await steps[0].getText(),
    new RegExp(`when the oldest overdue invoice is ${chosen.firstDays} days overdue at 09:00`),
  );
  assert.match(await steps[1].getText(), /every 7 days, 3 times/);

  const loop = browser.$(tid('customer-reminder-loop'));
  assert.ok(await loop.isDisplayed(), 'a loop runs: something is overdue');
  assert.equal(Number(await loop.getAttribute('data-days-overdue')), chosen.oldest);
  assert.equal(await loop.getAttribute('data-loop-number'), '1');
  assert.match(await loop.getText(), /Counting from .+, due .+ — [\d,]+ days? overdue/);
  assert.match(await loop.getText(), /Loop 1/);

  const sends = await browser.$$(tid('customer-occurrence'));
  assert.equal(sends.length, 4, 'the first step and its three repeats are to come');
  const locals = [];
  for (const send of sends) {
    assert.equal(await send.getAttribute('data-status'), 'scheduled');
    assert.equal(await send.getAttribute('data-channel'), 'email');
    locals.push(await send.getAttribute('data-local'));
    const text = await send.getText();
    assert.match(text, /\d{1,2} \w{3} \d{4}\s+09:00/, 'the local time is shown');
    assert.match(text, /Email/);
    assert.match(text, /Scheduled/, 'the state in words');
  }
  for (const local of locals) assert.match(local, /^\d{4}-\d\d-\d\dT09:00$/);
  assert.deepEqual([...locals].sort(), locals, 'in time order');
  assert.match(await sends[1].getText(), /Step 2 · repeat 1 of 3/);

  await card().scrollIntoView();
  await screenshot(browser, 'customer-reminders');
  await assertAccessible('the customer reminders card');
});

test('a bad edit shows the engine’s error and keeps the edit', async () => {
  await browser.$(tid('edit-customer-reminders')).click();
  await browser.$(tid('customer-reminders-editor')).waitForDisplayed({ timeout: 5_000 });
  assert.equal((await editorRows()).length, 2, 'the editor opens with the saved steps');
  assert.equal(await editorRow(1).$(tid('step-days')).getValue(), String(chosen.firstDays));

  // Two repeating steps: the engine refuses.
  await choose(editorRow(1).$(tid('step-trigger')), 'repeat');
  await browser.$(tid('save-customer-reminders')).click();
  await waitForText(
    tid('customer-reminders-error'),
    /The reminders were not saved\.\s+Step 2: a second repeating step/,
  );
  assert.ok(!/customer '/.test(await browser.$(tid('customer-reminders-error')).getText()));
  assert.equal(await browser.$(tid('customer-reminders-error')).getAttribute('data-step'), '2');
  assert.equal(await editorRow(2).getAttribute('data-flagged'), 'true');
  assert.equal(await editorRow(1).$(tid('step-trigger')).getValue(), 'repeat', 'edit kept');
  assert.equal((await editorRows()).length, 2);
  await screenshot(browser, 'customer-reminders-error');

  // Cancel: the saved steps are unchanged.
  await browser.$(tid('cancel-customer-reminders')).click();
  await waitForCardState('set');
  await browser.$(tid('customer-reminder-step')).waitForDisplayed({ timeout: 5_000 });
  const steps = await browser.$$(tid('customer-reminder-step'));
  assert.equal(steps.length, 2);
  assert.match(await steps[0].getText(), /oldest overdue invoice is \d+ days overdue/);
});

test('removing the reminders asks first, then they are gone', async () => {
  await browser.$(tid('remove-customer-reminders')).click();
  const dialog = browser.$(tid('remove-customer-reminders-dialog'));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  assert.match(await dialog.getText(), /Remove the customer reminders for/);
  // Esc keeps them.
  await browser.keys('Escape');
  await dialog.waitForDisplayed({ timeout: 5_000, reverse: true });
  assert.equal(await card().getAttribute('data-state'), 'set');
  assert.ok(await browser.$(tid('customer-page')).isDisplayed(), 'Esc closed only the dialog');

  await browser.$(tid('remove-customer-reminders')).click();
  await dialog.waitForDisplayed({ timeout: 5_000 });
  await browser.$(tid('confirm-remove-customer-reminders')).click();
  await dialog.waitForDisplayed({ timeout: 5_000, reverse: true });
  await waitForCardState('none');
  await waitForText(tid('customer-reminders-receipt'), /Took .+ off its customer schedule\./);
  assert.ok(await browser.$(tid('set-up-customer-reminders')).isDisplayed());
  assert.equal((await browser.$$(tid('customer-occurrence'))).length, 0);

  // Still gone after the page loads again.
  await browser.$(tid('back')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(`${tid('customer-row')}[data-customer-id="${chosen.id}"]`).click();
  await card().waitForDisplayed({ timeout: 10_000 });
  await waitForCardState('none');
});

test('a monthly statement is set, shown with its next dates, and turned off', async () => {
  const statement = browser.$(tid('customer-statement'));
  await statement.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await statement.getAttribute('data-state')) === 'none', {
    timeout: 10_000,
    timeoutMsg: 'the statement card says none',
  });
  await browser.$(tid('edit-customer-statement')).click();
  await browser.$(tid('customer-statement-form')).waitForDisplayed({ timeout: 5_000 });
  // No channel at all: the engine refuses it, naming the field, and the form stays open.
  await browser.$(tid('statement-channel-letter')).click();
  await browser.$(tid('save-customer-statement')).click();
  await waitForText(tid('customer-statement-error'), /channel/);
  assert.ok(await browser.$(tid('customer-statement-form')).isDisplayed(), 'the form is kept');

  await choose(browser.$(tid('statement-day')), 'last');
  await choose(browser.$(tid('statement-hour')), '16');
  await browser.$(tid('statement-channel-letter')).click();
  await browser.$(tid('statement-channel-email')).click();
  await browser.$(tid('save-customer-statement')).click();
  await browser.waitUntil(async () => (await statement.getAttribute('data-state')) === 'set', {
    timeout: 10_000,
    timeoutMsg: 'the statement is set',
  });
  await waitForText(tid('customer-statement-description'), /last day of each month at 16:00/);
  const next = await browser.$$(tid('statement-occurrence'));
  assert.ok(next.length > 0, 'the next statements are listed');
  for (const o of next) assert.match(await o.getAttribute('data-local'), /T16:00$/);
  await statement.scrollIntoView();
  await screenshot(browser, 'customer-statement');
  await assertAccessible('the monthly statement card');

  await browser.$(tid('edit-customer-statement')).click();
  await browser.$(tid('statement-off')).click();
  await browser.waitUntil(async () => (await statement.getAttribute('data-state')) === 'none', {
    timeout: 10_000,
    timeoutMsg: 'the statement is off',
  });
});

test('in dark mode the card reads well and has no serious accessibility problems', async (t) => {
  // Settle is single-instance: the light window must be closed before a dark one can open.
  const dataDir = app.dataDir;
  await app.close();
  app = await launchApp({ dataDir, env: { GTK_THEME: 'Adwaita:dark' } });
  browser = app.browser;
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
  if (!(await browser.execute(() => matchMedia('(prefers-color-scheme: dark)').matches))) {
    t.skip('this WebKitGTK does not report a dark colour scheme for GTK_THEME=Adwaita:dark');
    return;
  }
  const row = browser.$(`${tid('customer-row')}[data-customer-id="${chosen.id}"]`);
  await row.waitForDisplayed({ timeout: 20_000 });
  await row.click();
  await card().waitForDisplayed({ timeout: 10_000 });
  await waitForCardState('none');
  await browser.$(tid('set-up-customer-reminders')).click();
  await browser.$(tid('customer-reminders-editor')).waitForDisplayed({ timeout: 5_000 });
  await editorRow(1)
    .$(tid('step-days'))
    .setValue(String(chosen.oldest + 2));
  await browser.$(tid('add-step')).click();
  await editorRow(2).waitForDisplayed({ timeout: 5_000 });
  await editorRow(2).$(tid('step-every-days')).setValue('7');
  await card().scrollIntoView();
  await screenshot(browser, 'customer-reminders-editor-dark');
  await assertAccessible('the customer reminders editor (dark)');
  await browser.$(tid('save-customer-reminders')).click();
  await waitForCardState('set');
  await browser.$(tid('customer-occurrence')).waitForDisplayed({ timeout: 5_000 });
  await card().scrollIntoView();
  await screenshot(browser, 'customer-reminders-dark');
  await assertAccessible('the customer reminders card (dark)');
});
