// The Chasing editor and the Plan in the real window.
//
// Part 1 (a fresh install): welcome → demo → Chasing: edit a step and save it after the 90-day
// diff; a bad edit shows the engine's message and keeps the edit; a new cadence; cadence files;
// the CSV bulk assignment (line-numbered errors, applied only when accepted); Plan's preview.
// Part 2 (a data folder made by the CLI with a clock some days back): the missed-sends review —
// skip, reschedule and send now per customer, then skip the rest, and each leaves the list.
//
// Screenshots land in e2e/artifacts/.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliBinary, launchApp, nextFrame, screenshot, tid } from '../lib/app.mjs';

const scratch = mkdtempSync(path.join(tmpdir(), 'settle-e2e-chasing-'));
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * axe-core on the screen as it is now: nothing "serious" or "critical" (as the accessibility
 * suite asks of the other screens); every violation found is printed.
 */
async function assertAccessible(browser, screen) {
  if (!(await browser.execute(() => typeof window.axe === 'object'))) {
    await browser.execute(`${AXE_SOURCE}\n;window.axe = window.axe || axe;`);
  }
  const outcome = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((results) =>
        done({
          violations: results.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
          })),
        }),
      )
      .catch((error) => done({ error: String(error?.stack ?? error) }));
  });
  assert.equal(outcome.error, undefined, `axe.run failed: ${outcome.error}`);
  const report = outcome.violations
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n      ${v.nodes.join('\n      ')}`)
    .join('\n');
  if (outcome.violations.length) console.log(`axe on ${screen}:\n${report}`);
  const blocking = outcome.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(
    blocking.map((v) => v.id),
    [],
    `serious or critical accessibility problems on ${screen}:\n${report}`,
  );
}

/** Sets a <select> as the owner would pick an option (WebKit's driver cannot click options). */
async function choose(browser, element, value) {
  const select = await element;
  await browser.execute(
    (select, wanted) => {
      select.value = wanted;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    select,
    value,
  );
}

/**
 * Chooses a file in an <input type=file>: WebDriver "send keys" with the file's path. If this
 * driver cannot do that, the same file is handed to the input through the DOM instead (a File in
 * a DataTransfer), which is what the page sees either way.
 */
async function chooseFile(browser, element, filePath, contents) {
  const input = await element;
  try {
    await input.addValue(filePath);
    const chosen = await browser.execute((el) => el.files?.length ?? 0, input);
    if (chosen > 0) return 'webdriver';
  } catch {
    // fall through
  }
  await browser.execute(
    (el, name, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name));
      el.files = transfer.files;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    input,
    path.basename(filePath),
    contents,
  );
  return 'dom';
}

async function waitForText(browser, selector, pattern, timeout = 10_000) {
  const element = () => browser.$(selector);
  await element().waitForDisplayed({ timeout });
  await browser.waitUntil(async () => pattern.test(await element().getText()), {
    timeout,
    timeoutMsg: `${selector} says ${pattern}, saw "${await element()
      .getText()
      .catch(() => '')}"`,
  });
  return element().getText();
}

const cadenceItem = (browser, name) =>
  browser.$(`${tid('cadence-item')}[data-cadence-name="${name}"]`);

describe('the chasing editor and the plan, on a fresh demo', () => {
  let app;
  let browser;

  before(async () => {
    // Exports go to Downloads, or to the data folder when there is none: keep them in the test's
    // own folders rather than the machine's real Downloads.
    app = await launchApp({ env: { XDG_CONFIG_HOME: path.join(scratch, 'config') } });
    browser = app.browser;
  });

  after(async () => {
    await app?.close();
  });

  const editor = () => browser.$(tid('cadence-editor'));
  const step = (n) =>
    browser.$(`${tid('cadence-editor')} ${tid('step-row')}[data-step-number="${n}"]`);

  test('the demo opens, and Chasing lists its cadences with their steps', async () => {
    await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
    await browser.$(tid('open-demo')).click();
    await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
    await browser.$(tid('nav-chasing')).click();
    await browser.$(tid('chasing-page')).waitForDisplayed({ timeout: 10_000 });
    const standard = cadenceItem(browser, 'Standard reminders');
    await standard.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await standard.getAttribute('data-default'), 'true');
    assert.match(await standard.getText(), /Default/);
    assert.match(await standard.getText(), /\d+ invoices follow it/);
    assert.match(await standard.getText(), /3 days before the due date at 09:00 by email/);
    await editor().waitForDisplayed({ timeout: 10_000 });
    assert.equal(await editor().getAttribute('data-cadence-name'), 'Standard reminders');
    assert.equal((await browser.$$(`${tid('cadence-editor')} ${tid('step-row')}`)).length, 4);
    assert.match(await browser.$(tid('timezone-note')).getText(), /Europe\/London/);
    await screenshot(browser, 'chasing-editor');
    await assertAccessible(browser, 'the chasing editor');
  });

  test('editing a step shows the 90-day diff first, then saves', async () => {
    const days = step(1).$(tid('step-days'));
    await days.setValue('5');
    await choose(browser, await step(1).$(tid('step-hour')), '10');
    await browser.waitUntil(
      async () =>
        /5 days before the due date at 10:00 by email/.test(
          await step(1).$(tid('step-description')).getText(),
        ),
      { timeout: 5_000, timeoutMsg: 'the step reads back as edited' },
    );
    assert.equal(await editor().getAttribute('data-dirty'), 'true');
    await browser.$(tid('review-save')).click();
    const dialog = browser.$(tid('change-preview'));
    await dialog.waitForDisplayed({ timeout: 15_000 });
    assert.match(
      await browser.$(tid('preview-headline')).getText(),
      /^Over the next 90 days, the \d+ invoices compared would get [\d,]+ sends/,
    );
    assert.match(await browser.$(tid('sends-before')).getText(), /^\d[\d,]*$/);
    assert.match(await browser.$(tid('preview-note')).getText(), /keep their schedules/);
    const rows = await browser.$$(tid('preview-row'));
    assert.ok(rows.length > 0, 'the changed sends are listed');
    assert.match(await rows[0].getText(), /INV-\d+/);
    await screenshot(browser, 'chasing-diff');
    await assertAccessible(browser, 'the change preview');

    await browser.$(tid('confirm-preview')).click();
    await dialog.waitForExist({ reverse: true, timeout: 10_000 });
    await waitForText(browser, tid('chasing-receipt'), /Standard reminders/);
    await browser.waitUntil(
      async () =>
        /5 days before the due date at 10:00 by email/.test(
          await cadenceItem(browser, 'Standard reminders').getText(),
        ),
      { timeout: 5_000, timeoutMsg: 'the list shows the saved step' },
    );
    assert.equal(await editor().getAttribute('data-dirty'), 'false');
  });

  test('a step’s template and sender are saved through the review and kept', async () => {
    await choose(browser, await step(3).$(tid('step-template')), 'final_notice');
    await choose(browser, await step(3).$(tid('step-sender')), 'escalated');
    await browser.waitUntil(
      async () =>
        /using 'Final notice', from the escalated sender/.test(
          await step(3).$(tid('step-description')).getText(),
        ),
      { timeout: 5_000, timeoutMsg: 'the step names its template and sender' },
    );
    assert.equal(await editor().getAttribute('data-dirty'), 'true');
    await browser.$(tid('review-save')).click();
    const dialog = browser.$(tid('change-preview'));
    await dialog.waitForDisplayed({ timeout: 15_000 });
    await browser.$(tid('confirm-preview')).click();
    await dialog.waitForExist({ reverse: true, timeout: 10_000 });
    await browser.waitUntil(
      async () =>
        /7 days after the due date at 10:00 by email, using 'Final notice', from the escalated sender/.test(
          await cadenceItem(browser, 'Standard reminders').getText(),
        ),
      { timeout: 5_000, timeoutMsg: 'the list shows the saved template and sender' },
    );
    assert.equal(await editor().getAttribute('data-dirty'), 'false');

    // Away and back: the editor reads the cadence from the engine again.
    await browser.$(tid('nav-customers')).click();
    await browser.$(tid('chasing-page')).waitForExist({ reverse: true, timeout: 10_000 });
    await browser.$(tid('nav-chasing')).click();
    await editor().waitForDisplayed({ timeout: 10_000 });
    await cadenceItem(browser, 'Standard reminders').click();
    await browser.waitUntil(
      async () => (await editor().getAttribute('data-cadence-name')) === 'Standard reminders',
      { timeout: 5_000, timeoutMsg: 'the Standard reminders cadence is open again' },
    );
    assert.equal(await step(3).$(tid('step-template')).getValue(), 'final_notice');
    assert.equal(await step(3).$(tid('step-sender')).getValue(), 'escalated');
    assert.equal(await step(1).$(tid('step-template')).getValue(), '', 'others stay automatic');
    assert.equal(await step(1).$(tid('step-sender')).getValue(), 'normal');
    await assertAccessible(browser, 'the step template and sender choices');
  });

  test('a bad edit shows the engine’s message next to the form and keeps the edit', async () => {
    // No channel at all.
    await step(2).$(tid('step-channel-email')).click();
    await step(2).$(tid('step-hints')).waitForDisplayed({ timeout: 5_000 });
    await browser.$(tid('review-save')).click();
    const message = await waitForText(
      browser,
      tid('editor-error-message'),
      /step 2: channels must list at least one/,
    );
    assert.match(message, /cadence 'Standard reminders'/);
    assert.equal(await step(2).getAttribute('data-flagged'), 'true');
    assert.equal(await step(2).$(tid('step-channel-email')).isSelected(), false, 'edit kept');
    assert.equal(await browser.$(tid('change-preview')).isExisting(), false, 'nothing to review');
    await step(2).$(tid('step-channel-email')).click();

    // Two repeating steps: step 3 repeats too.
    await choose(browser, await step(3).$(tid('step-trigger')), 'repeat');
    await browser.waitUntil(
      async () => /must be the last step/.test(await step(3).$(tid('step-hints')).getText()),
      { timeout: 5_000, timeoutMsg: 'the editor says a repeat must be last' },
    );
    await browser.$(tid('review-save')).click();
    await waitForText(
      browser,
      tid('editor-error-message'),
      /step 4: a second repeating step \(step 3 already repeats\)/,
    );
    assert.equal(await step(3).$(tid('step-trigger')).getValue(), 'repeat', 'edit kept');
    await screenshot(browser, 'chasing-engine-error');

    // Leaving for another section with unsaved edits asks first; keeping them stays here.
    await browser.$(tid('nav-customers')).click();
    const leave = browser.$(tid('leave-chasing-dialog'));
    await leave.waitForDisplayed({ timeout: 5_000 });
    await browser.$(tid('leave-keep-editing')).click();
    await leave.waitForDisplayed({ timeout: 5_000, reverse: true });
    assert.ok(await browser.$(tid('chasing-page')).isDisplayed(), 'still on Chasing');
    assert.equal(await step(3).$(tid('step-trigger')).getValue(), 'repeat', 'edit still kept');

    await browser.$(tid('discard-changes')).click();
    await browser.waitUntil(async () => (await editor().getAttribute('data-dirty')) === 'false', {
      timeout: 5_000,
      timeoutMsg: 'discarding puts the saved steps back',
    });
    assert.equal(await step(3).$(tid('step-trigger')).getValue(), 'after_due');
  });

  test('a new cadence can be created', async () => {
    await browser.$(tid('new-cadence')).click();
    await browser.waitUntil(async () => (await editor().getAttribute('data-cadence-name')) === '', {
      timeout: 5_000,
      timeoutMsg: 'the editor shows a new cadence',
    });
    await browser.$(tid('cadence-name')).setValue('Firm reminders');
    await choose(browser, await step(1).$(tid('step-trigger')), 'after_due');
    await step(1).$(tid('step-days')).setValue('1');
    await browser.$(tid('add-step')).click();
    await step(2).waitForDisplayed({ timeout: 5_000 });
    await step(2).$(tid('step-channel-sms')).click();
    await browser.$(tid('add-step')).click();
    await choose(browser, await step(3).$(tid('step-trigger')), 'repeat');
    await step(3).$(tid('step-every-days')).setValue('7');
    await step(3).$(tid('step-times')).setValue('2');
    await browser.$(tid('create-cadence')).click();
    await waitForText(browser, tid('chasing-receipt'), /Firm reminders/);
    const firm = cadenceItem(browser, 'Firm reminders');
    await firm.waitForDisplayed({ timeout: 5_000 });
    const text = await firm.getText();
    assert.match(text, /0 invoices follow it/);
    assert.match(text, /1 day after the due date at 09:00 by email/);
    assert.match(text, /7 days after the due date at 09:00 by email and SMS/);
    assert.match(text, /then every 7 days, 2 times, at 09:00 by email/);
    assert.equal(await editor().getAttribute('data-cadence-name'), 'Firm reminders');
  });

  test('a CSV assignment reports each bad row by line and applies only when accepted', async (t) => {
    const csv = [
      'invoice_number,cadence_name',
      'INV-00002,Firm reminders',
      'INV-99999,Firm reminders',
      'INV-00003,Gentle',
      'INV-00002,Standard reminders',
      'INV-00006,firm reminders',
      '',
    ].join('\n');
    const file = path.join(scratch, 'assign.csv');
    writeFileSync(file, csv);
    const input = browser.$(tid('assign-file'));
    await input.scrollIntoView();
    const how = await chooseFile(browser, input, file, csv);
    t.diagnostic(`file chosen via ${how}`);
    const report = browser.$(tid('assign-report'));
    await report.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await report.getAttribute('data-applied'), 'false');
    const errors = await browser.$$(tid('assign-error-row'));
    const lines = [];
    for (const row of errors) lines.push(await row.getAttribute('data-line'));
    assert.deepEqual(lines, ['3', '4', '5']);
    assert.match(await errors[0].getText(), /Line 3\s*no invoice is numbered 'INV-99999'/);
    assert.match(await errors[1].getText(), /no cadence is called 'Gentle'/);
    assert.match(await errors[2].getText(), /already assigned on line 2/);
    assert.equal((await browser.$$(tid('assign-valid-row'))).length, 2);
    assert.match(await browser.$(tid('assign-summary')).getText(), /Nothing was changed/);
    assert.match(await cadenceItem(browser, 'Firm reminders').getText(), /0 invoices follow it/);
    await report.scrollIntoView();
    await screenshot(browser, 'chasing-csv-report');
    await assertAccessible(browser, 'the CSV report');

    const apply = browser.$(tid('apply-valid'));
    assert.equal(await apply.getText(), 'Apply 2 valid rows');
    await apply.click();
    await browser.waitUntil(async () => (await report.getAttribute('data-applied')) === 'true', {
      timeout: 10_000,
      timeoutMsg: 'the valid rows are applied',
    });
    await browser.waitUntil(
      async () =>
        /2 invoices follow it/.test(await cadenceItem(browser, 'Firm reminders').getText()),
      { timeout: 10_000, timeoutMsg: 'two invoices now follow Firm reminders' },
    );
  });

  test('cadence files: export says where, import checks the file first', async () => {
    await browser.$(tid('export-cadences')).click();
    const where = await waitForText(browser, tid('export-path'), /settle-cadences(-\d+)?\.json$/);
    assert.ok(where.startsWith('/'), 'a full path');

    const bad = JSON.stringify({ version: 2, cadences: [] });
    const badFile = path.join(scratch, 'newer.json');
    writeFileSync(badFile, bad);
    await chooseFile(browser, browser.$(tid('import-file')), badFile, bad);
    await browser.$(tid('import-dialog')).waitForDisplayed({ timeout: 5_000 });
    await browser.$(tid('confirm-import')).click();
    await waitForText(browser, tid('import-error'), /version 2, but this Settle reads version 1/);

    const good = JSON.stringify({
      version: 1,
      cadences: [
        {
          name: 'Gentle',
          steps: [{ trigger: 'after_due', days: 3, hour: 11, channels: ['email'] }],
        },
      ],
    });
    const goodFile = path.join(scratch, 'gentle.json');
    writeFileSync(goodFile, good);
    await chooseFile(browser, browser.$(tid('import-file')), goodFile, good);
    await waitForText(browser, tid('import-dialog'), /Gentle — new/);
    await browser.$(tid('confirm-import')).click();
    await browser.$(tid('import-result')).waitForDisplayed({ timeout: 10_000 });
    await cadenceItem(browser, 'Gentle').waitForExist({ timeout: 5_000 });
  });

  test('make default, apply to all open invoices after the diff, and delete', async () => {
    await cadenceItem(browser, 'Gentle').click();
    await browser.waitUntil(
      async () => (await editor().getAttribute('data-cadence-name')) === 'Gentle',
      {
        timeout: 5_000,
        timeoutMsg: 'Gentle is selected',
      },
    );
    await browser.$(tid('make-default')).click();
    await browser.waitUntil(
      async () => (await cadenceItem(browser, 'Gentle').getAttribute('data-default')) === 'true',
      { timeout: 5_000, timeoutMsg: 'Gentle is the default' },
    );
    await browser.$(tid('apply-all')).click();
    await browser.$(tid('change-preview')).waitForDisplayed({ timeout: 15_000 });
    assert.match(await browser.$(tid('confirm-preview')).getText(), /^Apply to [\d,]+ invoices$/);
    await browser.$(tid('confirm-preview')).click();
    await browser.$(tid('change-preview')).waitForExist({ reverse: true, timeout: 10_000 });
    await waitForText(browser, tid('chasing-receipt'), /Gentle/);
    const following = /([\d,]+) invoices? follows? it/.exec(
      await cadenceItem(browser, 'Gentle').getText(),
    );
    assert.ok(Number(following?.[1]?.replace(/,/g, '')) > 0, 'open invoices now follow Gentle');

    // The old default can be deleted now; its invoices keep their copies.
    await cadenceItem(browser, 'Firm reminders').click();
    await browser.$(tid('delete-cadence')).click();
    const dialog = browser.$(tid('delete-dialog'));
    await dialog.waitForDisplayed({ timeout: 5_000 });
    assert.match(await dialog.getText(), /keep their copies/);
    await browser.$(tid('confirm-delete')).click();
    await dialog.waitForExist({ reverse: true, timeout: 5_000 });
    await cadenceItem(browser, 'Firm reminders').waitForExist({ reverse: true, timeout: 5_000 });
  });

  test('the hold-until-expected-payment setting is a labelled switch', async () => {
    const toggle = browser.$(tid('hold-switch'));
    const before = await toggle.getAttribute('aria-checked');
    await toggle.click();
    await browser.waitUntil(async () => (await toggle.getAttribute('aria-checked')) !== before, {
      timeout: 5_000,
      timeoutMsg: 'the switch changes',
    });
    await toggle.click();
    await browser.waitUntil(async () => (await toggle.getAttribute('aria-checked')) === before, {
      timeout: 5_000,
      timeoutMsg: 'the switch changes back',
    });
  });

  test('Plan shows the 90-day preview', async () => {
    await browser.$(tid('nav-plan')).click();
    await browser.$(tid('plan-page')).waitForDisplayed({ timeout: 10_000 });
    await browser.$(tid('plan-sends')).waitForDisplayed({ timeout: 20_000 });
    assert.match(await browser.$(tid('plan-sends')).getText(), /^[\d,]+$/);
    assert.ok(Number(await browser.$(tid('plan-invoices')).getText()) > 0, 'invoices are planned');
    assert.ok((await browser.$$(tid('plan-day'))).length >= 90, 'a bar per day');
    const row = browser.$(tid('occurrence-row'));
    await row.waitForDisplayed({ timeout: 10_000 });
    assert.match(await row.getText(), /INV-\d+/);
    await browser.$(tid('missed-review')).waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, 'plan-after-apply');
    await assertAccessible(browser, 'the plan');

    // A customer's name opens the customer.
    const name = await row.$('button').getText();
    await row.$('button').click();
    await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
    assert.match(
      await browser.$(tid('customer-page')).getText(),
      new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
  });
});

describe('the missed-sends review, after Settle was closed for some days', () => {
  let app;
  let browser;

  before(async () => {
    // The demo as it was five days ago, never planned since: what fell due since then is missed.
    const dataDir = path.join(scratch, 'closed-for-days');
    const past = new Date(Date.now() - 5 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    execFileSync(cliBinary, ['--data-dir', dataDir, '--now', past, 'demo'], { stdio: 'pipe' });
    app = await launchApp({ dataDir });
    browser = app.browser;
  });

  after(async () => {
    await app?.close();
  });

  const customers = () => browser.$$(tid('missed-customer'));
  const total = async () =>
    Number(await browser.$(tid('missed-review')).getAttribute('data-total'));

  async function act(customer, action, fill) {
    const id = await customer.getAttribute('data-customer-id');
    await customer.$(tid(`missed-${action}`)).click();
    const dialog = browser.$(tid('missed-dialog'));
    await dialog.waitForDisplayed({ timeout: 5_000 });
    if (fill) await fill(dialog);
    await browser.$(tid('missed-confirm')).click();
    await dialog.waitForExist({ reverse: true, timeout: 10_000 });
    await browser
      .$(`${tid('missed-customer')}[data-customer-id="${id}"]`)
      .waitForExist({ reverse: true, timeout: 10_000 });
    return browser.$(tid('missed-receipt')).getText();
  }

  test('missed reminders are shown first, grouped by customer, nothing sent', async () => {
    await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
    await browser.$(tid('nav-plan')).click();
    await browser.$(tid('plan-page')).waitForDisplayed({ timeout: 10_000 });
    const review = browser.$(tid('missed-review'));
    await review.waitForDisplayed({ timeout: 20_000 });
    assert.ok((await total()) > 3, `several reminders were missed (saw ${await total()})`);
    assert.match(await browser.$(tid('missed-total')).getText(), /^\d+ reminders$/);
    assert.ok((await customers()).length >= 4, 'several customers');
    const first = await browser.$(tid('missed-occurrence')).getText();
    assert.match(first, /INV-\d+/);
    assert.match(first, /while Settle was not running/);
    await nextFrame(browser);
    await screenshot(browser, 'plan-missed-review');
    await assertAccessible(browser, 'the missed review');
  });

  test('skip one customer’s, with a reason', async () => {
    const before = await total();
    const [customer] = await customers();
    const count = (await customer.$$(tid('missed-occurrence'))).length;
    const receipt = await act(customer, 'skip', async () => {
      await browser.$(tid('missed-skip-reason')).setValue('Spoke to them on the phone');
    });
    assert.match(receipt, /skipped/);
    assert.equal(await total(), before - count);
  });

  test('reschedule another’s to a time on the organisation’s clock', async () => {
    const before = await total();
    const [customer] = await customers();
    const count = (await customer.$$(tid('missed-occurrence'))).length;
    const receipt = await act(customer, 'reschedule', async () => {
      // The dialog proposes 09:00 tomorrow; a time in the past is refused with a clear message.
      const at = await browser.$(tid('missed-reschedule-at'));
      assert.match(await at.getValue(), /^\d{4}-\d{2}-\d{2}T09:00$/);
      await browser.execute((el) => {
        el.value = '2020-01-01T09:00';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, at);
      await browser.$(tid('missed-confirm')).click();
      await waitForText(browser, tid('missed-problem'), /Choose a time after now/);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await browser.execute(
        (el, value) => {
          el.value = value;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        },
        at,
        `${tomorrow}T10:30`,
      );
    });
    assert.match(receipt, /rescheduled to \w{3}, \d{1,2} \w{3} \d{4}, 10:30/);
    assert.equal(await total(), before - count);
  });

  test('send another’s now: queued for approval, not sent', async () => {
    const before = await total();
    const [customer] = await customers();
    const count = (await customer.$$(tid('missed-occurrence'))).length;
    const receipt = await act(customer, 'send-now');
    assert.match(receipt, /queued for approval/);
    assert.equal(await total(), before - count);
  });

  test('skip all the rest, and the review says there is nothing left', async () => {
    await browser.$(tid('missed-all-skip')).click();
    await browser.$(tid('missed-dialog')).waitForDisplayed({ timeout: 5_000 });
    await browser.$(tid('missed-confirm')).click();
    await browser.$(tid('missed-empty')).waitForDisplayed({ timeout: 10_000 });
    assert.match(await browser.$(tid('missed-receipt')).getText(), /skipped/);
    assert.equal((await customers()).length, 0);
    await screenshot(browser, 'plan-missed-done');
    await browser.$(tid('plan-preview')).scrollIntoView();
    await browser.$(tid('occurrence-row')).waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, 'plan-preview');
  });
});

describe('in dark mode', () => {
  let app;
  let browser;

  before(async () => {
    app = await launchApp({ env: { GTK_THEME: 'Adwaita:dark' } });
    browser = app.browser;
  });

  after(async () => {
    await app?.close();
  });

  test('the chasing editor and the plan have no serious accessibility problems', async (t) => {
    await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
    if (!(await browser.execute(() => matchMedia('(prefers-color-scheme: dark)').matches))) {
      t.skip('this WebKitGTK does not report a dark colour scheme for GTK_THEME=Adwaita:dark');
      return;
    }
    await browser.$(tid('open-demo')).click();
    await browser.$(tid('overview')).waitForDisplayed({ timeout: 20_000 });
    await browser.$(tid('nav-chasing')).click();
    await browser.$(tid('cadence-editor')).waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, 'chasing-editor-dark');
    await assertAccessible(browser, 'the chasing editor (dark)');
    await browser.$(tid('nav-plan')).click();
    await browser.$(tid('occurrence-row')).waitForDisplayed({ timeout: 20_000 });
    await screenshot(browser, 'plan-dark');
    await assertAccessible(browser, 'the plan (dark)');
  });
});
