// The invoice page in the real window: welcome → demo → a customer with an overdue invoice → its
// invoice page. The calculated schedule and its states; chasing off for the invoice (and the
// customer's invoice row follows) then Undo; editing the steps (a bad edit shows the engine's
// error and keeps the edit; a good one moves the times); applying a cadence; a recipient list of
// its own (a bad address is refused). Screenshots land in e2e/artifacts/.
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
/** The invoice under test: { number, customerId, daysOverdue }. */
const chosen = {};

before(async () => {
  app = await launchApp();
  browser = app.browser;
});

after(async () => {
  await app?.close();
});

const page = () => browser.$(tid('invoice-page'));
const editor = () => browser.$(tid('steps-editor'));
const editorRows = () => browser.$$(`${tid('steps-editor')} ${tid('step-editor-row')}`);

async function occurrences() {
  const rows = await browser.$$(tid('occurrence'));
  const list = [];
  for (const row of rows) {
    list.push({
      status: await row.getAttribute('data-status'),
      step: Number(await row.getAttribute('data-step')),
      local: await row.getAttribute('data-local'),
      past: (await row.getAttribute('data-past')) === 'true',
      state: await row.$(tid('occurrence-state')).getText(),
    });
  }
  return list;
}

/** Scrolls the invoice page (not the window) so that `element` is at its top. */
async function scrollToTop(element) {
  await browser.execute((el) => {
    const scroller = el.closest('[data-testid="invoice-page"]');
    scroller.scrollTop +=
      el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 16;
  }, element);
}

/** Waits until the undo bar's visible text matches (it is filled in once pages have refreshed). */
async function waitForUndoBar(pattern) {
  const bar = () => browser.$(tid('undo-bar'));
  await bar().waitForDisplayed({ timeout: 5_000 });
  await browser.waitUntil(async () => pattern.test(await bar().getText()), {
    timeout: 5_000,
    timeoutMsg: `undo bar says ${pattern}, saw "${await bar().getText()}"`,
  });
}

async function waitForText(selector, pattern, timeout = 5_000) {
  await browser.$(selector).waitForDisplayed({ timeout });
  await browser.waitUntil(async () => pattern.test(await browser.$(selector).getText()), {
    timeout,
    timeoutMsg: `${selector} says ${pattern}, saw "${await browser.$(selector).getText()}"`,
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

/** Opens the customer's invoices tab and returns the row of invoice `number`. */
async function customerInvoiceRow(number) {
  await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('show-invoices')).click();
  const row = browser.$(`${tid('invoice-row')}[data-invoice-number="${number}"]`);
  await row.waitForDisplayed({ timeout: 10_000 });
  return row;
}

/**
 * On a customer's invoice list: the chased overdue invoice with the fewest days overdue (so its
 * schedule still has reminders to come), or null.
 */
async function pickOverdueInvoice() {
  let best = null;
  for (const row of await browser.$$(tid('invoice-row'))) {
    if ((await row.getAttribute('data-chasing')) !== 'true') continue;
    const text = await row.getText();
    const match = /([\d,]+) days? overdue/.exec(text);
    if (!match) continue;
    const days = Number(match[1].replace(/,/g, ''));
    if (!best || days < best.days)
      best = { number: await row.getAttribute('data-invoice-number'), days };
  }
  return best;
}

/**
 * Welcome → demo → the first customers' invoice lists, until one has a chased invoice overdue by
 * under 45 days (so reminders are still to come); returns { number, days, customerId }, on its
 * customer's invoice list.
 */
async function findOverdueInvoice() {
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('customer-row')).waitForDisplayed({ timeout: 20_000 });

  const ids = [];
  for (const row of await browser.$$(tid('customer-row'))) {
    ids.push(await row.getAttribute('data-customer-id'));
  }
  for (const id of ids.slice(0, 12)) {
    const row = browser.$(`${tid('customer-row')}[data-customer-id="${id}"]`);
    await row.waitForDisplayed({ timeout: 10_000 });
    await row.click();
    await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
    await browser.$(tid('show-invoices')).waitForDisplayed({ timeout: 10_000 });
    await browser.$(tid('show-invoices')).click();
    await browser.$(tid('invoice-row')).waitForDisplayed({ timeout: 10_000 });
    const pick = await pickOverdueInvoice();
    if (pick && pick.days < 45) return { ...pick, customerId: id };
    await browser.$(tid('back')).click();
    await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  }
  return null;
}

async function openInvoice(number) {
  await browser
    .$(`${tid('invoice-row')}[data-invoice-number="${number}"] ${tid('open-invoice')}`)
    .click();
  await page().waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('invoice-chasing')).waitForDisplayed({ timeout: 10_000 });
}

test('a customer’s overdue invoice opens on its invoice page', async () => {
  const found = await findOverdueInvoice();
  assert.ok(found, 'one of the first customers has a chased invoice overdue by under 45 days');
  Object.assign(chosen, found);

  await openInvoice(chosen.number);
  assert.equal(await page().getAttribute('data-invoice-number'), chosen.number);
  assert.match(await browser.$(tid('invoice-number')).getText(), new RegExp(chosen.number));
  assert.match(await browser.$(tid('invoice-amount-due')).getText(), /£[\d,]+\.\d\d/);
  assert.match(await browser.$(tid('invoice-timing')).getText(), /days? overdue/);
  chosen.daysOverdue = Number(await page().getAttribute('data-days-overdue'));
  assert.ok(chosen.daysOverdue > 0);
});

test('the Chasing section shows every send with its time and state in words', async () => {
  await browser.$(tid('occurrence')).waitForDisplayed({ timeout: 10_000 });
  const list = await occurrences();
  assert.ok(list.length > 0, 'the schedule has sends');
  assert.match(await browser.$(tid('schedule-timezone')).getText(), /Europe\/London/);
  for (const o of list) assert.match(o.local, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  // The demo put the schedule on today: steps already past were skipped (backdated), not sent late.
  const backdated = list.find((o) => o.past && o.status === 'skipped');
  assert.ok(backdated, 'a past step is shown as skipped');
  assert.match(backdated.state, /Skipped.*not sent late/s);
  const upcoming = list.filter((o) => !o.past);
  assert.ok(upcoming.length > 0, 'reminders are still to come');
  assert.ok(
    upcoming.every((o) => o.status === 'scheduled'),
    'they are scheduled',
  );
  assert.match(await browser.$(tid('chasing-active')).getText(), /Chasing is on/);
  assert.equal(await browser.$(tid('invoice-chasing-switch')).getAttribute('aria-checked'), 'true');
  assert.ok((await browser.$$(tid('step')).length) > 0, 'its steps are listed');
  await screenshot(browser, 'invoice-page');
  await assertAccessible('the invoice page');
});

test('switching chasing off stops the invoice, the customer page follows, and Undo restores it', async () => {
  await browser.$(tid('invoice-chasing-switch')).click();
  await waitForText(tid('stopped-because'), /Chasing is off for this invoice/);
  await waitForUndoBar(new RegExp(`Stopped chasing invoice ${chosen.number}\\.`));
  assert.equal(
    await browser.$(tid('invoice-chasing-switch')).getAttribute('aria-checked'),
    'false',
  );
  const list = await occurrences();
  const upcoming = list.filter((o) => !o.past);
  assert.ok(upcoming.length > 0);
  for (const o of upcoming) {
    assert.equal(o.status, 'cancelled');
    assert.match(o.state, /^Cancelled\W+chasing is off for this invoice/);
  }
  await screenshot(browser, 'invoice-chasing-off');

  await browser.$(tid('back')).click();
  let row = await customerInvoiceRow(chosen.number);
  assert.equal(
    await row.getAttribute('data-chasing'),
    'false',
    'the invoice row shows Chasing Off',
  );
  assert.match(await row.getText(), /Off/);

  await browser.$(tid('undo')).click();
  await waitForUndoBar(/^Undone: /);
  await browser.waitUntil(
    async () =>
      (await browser
        .$(`${tid('invoice-row')}[data-invoice-number="${chosen.number}"]`)
        .getAttribute('data-chasing')) === 'true',
    { timeout: 5_000, timeoutMsg: 'the invoice row is chased again after Undo' },
  );
  row = browser.$(`${tid('invoice-row')}[data-invoice-number="${chosen.number}"]`);
  await row.$(tid('open-invoice')).click();
  await page().waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('invoice-chasing-switch')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(tid('invoice-chasing-switch')).getAttribute('aria-checked'), 'true');
  assert.equal(await browser.$(tid('stopped-because')).isExisting(), false);
});

test('a bad edit of the steps shows the engine’s error and keeps the edit', async () => {
  const steps = (await browser.$$(tid('step'))).length;
  await browser.$(tid('edit-steps')).click();
  await editor().waitForDisplayed({ timeout: 5_000 });
  assert.equal((await editorRows()).length, steps, 'the editor starts from the invoice’s steps');

  // The last step repeats. Move it to 14:00, then add a step: it lands after the repeat.
  let rows = await editorRows();
  await rows[steps - 1].$(tid('step-hour')).selectByAttribute('value', '14');
  await browser.$(tid('add-step')).click();
  await browser.waitUntil(async () => (await editorRows()).length === steps + 1, {
    timeout: 5_000,
    timeoutMsg: 'a step was added',
  });
  rows = await editorRows();
  const added = rows[steps];
  await added.$(tid('step-trigger')).selectByAttribute('value', 'after_due');
  // Still to come, and not on the day of another step (one email per invoice per day).
  chosen.addedDays = Math.max(chosen.daysOverdue, 7) + 3;
  await added.$(tid('step-days')).setValue(String(chosen.addedDays));
  await scrollToTop(await editor());
  await screenshot(browser, 'invoice-steps-editor');

  await browser.$(tid('save-steps')).click();
  await waitForText(tid('steps-error'), /only the last step can repeat/);
  const error = browser.$(tid('steps-error'));
  assert.equal(await error.getAttribute('data-step'), String(steps), 'it names the repeating step');
  assert.equal(await error.getAttribute('data-field'), 'trigger');
  assert.equal(await (await editorRows())[steps - 1].getAttribute('data-error'), 'true');
  // The edit is kept: still in the editor, with the hour and the new step as typed.
  assert.equal((await editorRows()).length, steps + 1);
  assert.equal(await (await editorRows())[steps - 1].$(tid('step-hour')).getValue(), '14');
  assert.equal(
    await (await editorRows())[steps].$(tid('step-days')).getValue(),
    String(chosen.addedDays),
  );
  await screenshot(browser, 'invoice-steps-error');
  await assertAccessible('the step editor with an error');

  // No channel at all is refused too, naming the step and its channels.
  await (await editorRows())[0].$(tid('step-channel-email')).click();
  await (await editorRows())[steps].$(tid('step-up')).click();
  await browser.$(tid('save-steps')).click();
  await waitForText(tid('steps-error'), /Step 1: channels must list at least one/);
  assert.equal(await browser.$(tid('steps-error')).getAttribute('data-field'), 'channels');
  await (await editorRows())[0].$(tid('step-channel-email')).click();
});

test('a good edit shows its 90-day diff first, then is saved with the new times', async () => {
  const steps = (await editorRows()).length;
  await browser.$(tid('save-steps')).click();
  // Nothing is saved until the owner has seen what changes over the next 90 days.
  const diff = browser.$(tid('change-preview'));
  await diff.waitForDisplayed({ timeout: 10_000 });
  assert.ok((await browser.$$(tid('preview-row')).length) > 0, 'the diff lists the changed sends');
  assert.match(await browser.$(tid('preview-note')).getText(), /not sent late/);
  await screenshot(browser, 'invoice-steps-diff');
  await browser.$(tid('confirm-preview')).click();
  await diff.waitForExist({ reverse: true, timeout: 10_000 });
  await editor().waitForExist({ reverse: true, timeout: 5_000 });
  await waitForText(tid('chasing-notice'), /Saved the steps for/);
  assert.equal(await browser.$$(tid('step')).length, steps);
  assert.match(await browser.$(tid('steps-source')).getText(), /edited for this invoice/);
  const list = await occurrences();
  // The added step (now second to last) and the repeat (last) send at 14:00, still to come.
  const added = list.filter((o) => o.step === steps - 1);
  const repeats = list.filter((o) => o.step === steps);
  assert.equal(added.length, 1);
  assert.equal(added[0].status, 'scheduled');
  assert.match(added[0].local, /T14:00$/);
  assert.ok(repeats.length > 0);
  for (const o of repeats) {
    assert.equal(o.status, 'scheduled');
    assert.match(o.local, /T14:00$/);
  }
  assert.ok(added[0].local < repeats[0].local, 'the repeats follow the added step');
});

test('applying a cadence asks first, then replaces the invoice’s steps', async () => {
  const select = browser.$(tid('cadence-select'));
  await browser.waitUntil(
    async () => (await select.isEnabled()) && (await select.getValue()) !== '',
    {
      timeout: 5_000,
      timeoutMsg: 'the cadences are loaded',
    },
  );
  const name = await select.getValue();
  await browser.$(tid('apply-cadence')).click();
  const dialog = browser.$(tid('confirm-dialog'));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  assert.match(await dialog.getText(), new RegExp(`will follow “${name}”`));
  await browser.$(tid('cancel')).click();
  await dialog.waitForExist({ reverse: true, timeout: 5_000 });
  assert.match(
    await browser.$(tid('steps-source')).getText(),
    /edited for this invoice/,
    'cancel changes nothing',
  );

  await browser.$(tid('apply-cadence')).click();
  await browser.$(tid('confirm-dialog')).waitForDisplayed({ timeout: 5_000 });
  await browser.$(tid('confirm')).click();
  await browser.$(tid('confirm-dialog')).waitForExist({ reverse: true, timeout: 5_000 });
  await waitForText(tid('chasing-notice'), new RegExp(`Applied the cadence “${name}”`));
  assert.match(
    await browser.$(tid('steps-source')).getText(),
    new RegExp(`Copied from the cadence “${name}”`),
  );
  const list = await occurrences();
  assert.ok(
    list.every((o) => !o.local.endsWith('T14:00')),
    'the edited hours are gone',
  );
});

test('a different recipient list for the invoice: bad addresses are refused, then saved', async () => {
  assert.match(await browser.$(tid('recipients-mode')).getText(), /usual people/);
  await browser.$(tid('recipients-edit')).click();
  const input = browser.$(tid('recipients-input'));
  await input.waitForDisplayed({ timeout: 5_000 });

  // Caught on the page.
  await input.setValue('accounts@customer.example, nobody');
  await browser.$(tid('recipients-save')).click();
  await waitForText(tid('recipients-error'), /‘nobody’ is not an email address/);
  // Caught by the engine (the page only checks lightly): shown, and the text is kept.
  await input.setValue('accounts@customer');
  await browser.$(tid('recipients-save')).click();
  await waitForText(tid('recipients-error'), /'accounts@customer' is not an email address/);
  assert.equal(await browser.$(tid('recipients-input')).getValue(), 'accounts@customer');

  await browser
    .$(tid('recipients-input'))
    .setValue('purchasing@customer.example, ap@customer.example');
  await browser.$(tid('recipients-save')).click();
  await browser.$(tid('recipients-input')).waitForExist({ reverse: true, timeout: 5_000 });
  await waitForText(tid('recipients-mode'), /A different list for this invoice/);
  const emails = [];
  for (const li of await browser.$$(tid('recipient'))) emails.push(await li.getText());
  assert.deepEqual(emails, ['purchasing@customer.example', 'ap@customer.example']);
  await screenshot(browser, 'invoice-recipients');

  await browser.$(tid('recipients-usual')).click();
  await waitForText(tid('recipients-mode'), /The usual people/);
});

test('in dark mode the invoice page reads well and has no serious accessibility problems', async (t) => {
  // Settle is single-instance: the light window must be closed before a dark one can open.
  await app.close();
  app = await launchApp({ env: { GTK_THEME: 'Adwaita:dark' } });
  browser = app.browser;
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  if (!(await browser.execute(() => matchMedia('(prefers-color-scheme: dark)').matches))) {
    t.skip('this WebKitGTK does not report a dark colour scheme for GTK_THEME=Adwaita:dark');
    return;
  }
  const found = await findOverdueInvoice();
  assert.ok(found);
  await openInvoice(found.number);
  await browser.$(tid('occurrence')).waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, 'invoice-page-dark');
  await assertAccessible('the invoice page (dark)');
  await browser.$(tid('edit-steps')).click();
  await editor().waitForDisplayed({ timeout: 5_000 });
  await scrollToTop(await editor());
  await screenshot(browser, 'invoice-steps-editor-dark');
  await assertAccessible('the step editor (dark)');
});
