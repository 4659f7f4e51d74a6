// Settings and the conversation in the real window, against the real SMTP test server
// (tools/smtp-server/server.mjs with STARTTLS, AUTH and a throwaway CA): senders; the email
// account with its certificate, "Send a test email" arriving in the server's maildir, and a wrong
// password told plainly; a template typo shown with its line and not saved, then fixed and
// previewed live on a real demo invoice; auto-approve rules with an exact amount limit; and a
// message sent by `settle send` on the same data folder listed in the invoice's Conversation.
// Needs `npm run ui:build` and `cargo build -p settle-desktop -p settle-cli`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifacts, cliBinary, launchApp, repoRoot, screenshot, tid } from '../lib/app.mjs';
import { loopbackCertificates, receivedMessages, startSmtpServer } from '../lib/smtp.mjs';

const USER = 'owner@settle.test';
const PASSWORD = 'correct horse battery staple';
const scratch = mkdtempSync(path.join(tmpdir(), 'settle-e2e-settings-'));
const maildir = path.join(scratch, 'maildir');
const dataDir = path.join(scratch, 'data');
const env = { SETTLE_INSECURE_SECRETS_FILE: path.join(scratch, 'secrets.json') };
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
let certificates;
let smtp;
let app;
let browser;

before(async () => {
  certificates = loopbackCertificates();
  smtp = await startSmtpServer({ certificates, auth: `${USER}:${PASSWORD}`, maildir });
  mkdirSync(dataDir);
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  smtp?.stop();
});

/** Saves a screenshot in e2e/artifacts and copies it to docs/screenshots. */
async function shoot(name) {
  await screenshot(browser, name);
  copyFileSync(
    path.join(artifacts, `${name}.png`),
    path.join(repoRoot, 'docs', 'screenshots', `${name}.png`),
  );
}

async function waitForText(selector, pattern, timeout = 10_000) {
  await browser.$(selector).waitForDisplayed({ timeout });
  await browser.waitUntil(async () => pattern.test(await browser.$(selector).getText()), {
    timeout,
    timeoutMsg: `${selector} says ${pattern}, saw "${await browser.$(selector).getText()}"`,
  });
}

/** Sets a text field's value the way typing would end (one input event), for long texts. */
async function fill(selector, value) {
  const field = await browser.$(selector);
  await field.waitForDisplayed({ timeout: 10_000 });
  await browser.execute(
    (el, text) => {
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    field,
    value,
  );
}

/** axe-core on the screen as it is: nothing serious or critical (every violation is printed). */
async function assertAccessible(screen) {
  if (!(await browser.execute(() => typeof window.axe === 'object'))) {
    await browser.execute(`${AXE_SOURCE}\n;window.axe = window.axe || axe;`);
  }
  const found = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) =>
        done(
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          })),
        ),
      )
      .catch((error) => done([{ id: 'axe-failed', impact: 'critical', nodes: [String(error)] }]));
  });
  if (found.length > 0) console.log(`axe on ${screen}:`, JSON.stringify(found, null, 2));
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking, [], `serious or critical accessibility problems on ${screen}`);
}

async function openSettings(tab) {
  await browser.$(tid('nav-settings')).click();
  await browser.$(tid('settings-page')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid(`settings-tab-${tab}`)).click();
}

test('the demo opens and Settings lists its sections', async () => {
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(tid('open-demo')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 30_000 });
  await openSettings('account');
  for (const tab of ['account', 'senders', 'templates', 'rules']) {
    assert.ok(await browser.$(tid(`settings-tab-${tab}`)).isDisplayed(), `${tab} tab`);
  }
});

test('senders are checked and saved', async () => {
  await openSettings('senders');
  await fill(tid('sender-normal-name'), 'Alex Morgan');
  await fill(tid('sender-normal-email'), 'alex at harbour');
  await browser.$(tid('sender-normal-save')).click();
  await waitForText(tid('sender-normal-email-error'), /one email address/);
  await fill(tid('sender-normal-email'), USER);
  await fill(
    tid('sender-normal-signature'),
    'Alex Morgan\nAccounts, Harbour Design\n020 7946 0000',
  );
  await browser.$(tid('sender-normal-save')).click();
  await waitForText(`${tid('sender-normal')} [role="status"]`, /Saved/);
  await fill(tid('sender-escalated-name'), 'Sam Owner');
  await fill(tid('sender-escalated-email'), 'sam@settle.test');
  await browser.$(tid('sender-escalated-save')).click();
  await waitForText(`${tid('sender-escalated')} [role="status"]`, /Saved/);
  await shoot('settings-senders');
  await assertAccessible('settings-senders');
});

test('the email account is saved (password to the secret store only) and a test email arrives', async () => {
  await openSettings('account');
  await browser.$(tid('smtp-preset')).selectByAttribute('value', 'gmail');
  await waitForText(tid('smtp-preset-note'), /app password/);
  await fill(tid('smtp-host'), 'smtp:/127.0.0.1');
  await browser.$(tid('smtp-save')).click();
  await waitForText(tid('smtp-host-error'), /Only the host name/);
  await fill(tid('smtp-host'), '127.0.0.1');
  await fill(tid('smtp-port'), String(smtp.port));
  await browser.$(tid('smtp-starttls')).click();
  await fill(tid('smtp-username'), USER);
  await fill(tid('smtp-password'), PASSWORD);
  await browser.$('summary=Trust this certificate (self-hosted servers)').click();
  await fill(tid('smtp-certificate'), certificates.caPem);
  await browser.$(tid('smtp-save')).click();
  await waitForText(tid('smtp-saved'), /Saved/);
  await waitForText(tid('smtp-password-saved'), /saved in your system keychain/);
  assert.equal(await browser.$(tid('smtp-password')).getValue(), '', 'the password is not shown');
  for (const name of readdirSync(dataDir)) {
    const bytes = readFileSync(path.join(dataDir, name));
    assert.ok(!bytes.includes(PASSWORD), `the password is not in ${name}`);
  }

  const before = receivedMessages(maildir).length;
  await browser.$(tid('smtp-test')).click();
  const outcome = browser.$(tid('smtp-test-outcome'));
  await outcome.waitForDisplayed({ timeout: 30_000 });
  assert.equal(await outcome.getAttribute('data-ok'), 'true', await outcome.getText());
  const received = receivedMessages(maildir);
  assert.equal(received.length, before + 1, 'one test email arrived');
  assert.match(received.at(-1), new RegExp(`^To:.*${USER}`, 'mi'));
  await shoot('settings-smtp');
  await assertAccessible('settings-smtp');
});

test('a wrong password is told plainly and nothing arrives', async () => {
  await fill(tid('smtp-password'), 'not the password');
  await browser.$(tid('smtp-save')).click();
  await waitForText(tid('smtp-saved'), /Saved/);
  const before = receivedMessages(maildir).length;
  await browser.$(tid('smtp-test')).click();
  const outcome = browser.$(tid('smtp-test-outcome'));
  await browser.waitUntil(async () => (await outcome.getAttribute('data-ok')) === 'false', {
    timeout: 30_000,
    timeoutMsg: 'the test with a wrong password fails',
  });
  assert.match(await outcome.getText(), /password|log ?in|user name|authenticat/i);
  assert.equal(receivedMessages(maildir).length, before);
  await shoot('settings-smtp-wrong-password');
  // Put the right one back for the conversation test.
  await fill(tid('smtp-password'), PASSWORD);
  await browser.$(tid('smtp-save')).click();
  await waitForText(tid('smtp-saved'), /Saved/);
});

test('a template typo is shown with its line and not saved; fixed, it previews on a real invoice', async () => {
  await openSettings('templates');
  await browser.$(tid('template-friendly_reminder')).click();
  const invoice = browser.$(tid('preview-invoice'));
  await invoice.waitForDisplayed({ timeout: 15_000 });
  const invoiceText = await invoice.getText();
  const [, number, amount] = /On (\S+) · .* · (\S+) due/.exec(invoiceText) ?? [];
  assert.ok(number && amount, `the preview names its invoice: ${invoiceText}`);
  const original = await browser.$(tid('template-body')).getValue();

  const typo =
    'Hi {{ greeting_name }},\n\nInvoice {{ invoce_number }} is still open.\n{{ signature }}\n';
  await fill(tid('template-body'), typo);
  const error = browser.$(tid('template-error'));
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await error.getAttribute('data-line'), '3');
  assert.match(await error.getText(), /Line 3 of the body: .*invoce_number/);
  assert.match(await browser.$(tid('template-error-line')).getText(), /invoce_number/);
  await browser.$(tid('template-save')).click();
  await waitForText(tid('template-save-error'), /not saved/);
  await shoot('settings-template-error');

  // Nothing was saved: the templates read back from the database still hold the old text.
  await browser.$(tid('settings-tab-senders')).click();
  await browser.$(tid('settings-tab-templates')).click();
  await browser.$(tid('template-friendly_reminder')).click();
  await browser.waitUntil(
    async () => (await browser.$(tid('template-body')).getValue()) === original,
    { timeout: 10_000, timeoutMsg: 'the saved template is unchanged' },
  );

  const fixed =
    'Hi {{ greeting_name }},\n\nInvoice {{ invoice_number }} for {{ amount_due }} is still open.\n\n{{ signature }}\n';
  await fill(tid('template-body'), fixed);
  await waitForText(
    tid('preview-text'),
    new RegExp(`Invoice ${number} for ${amount.replace(/[.$]/g, '\\$&')} is still open`),
  );
  assert.match(await browser.$(tid('preview-text')).getText(), /Alex Morgan/);
  assert.ok(!(await browser.$(tid('template-error')).isExisting()), 'no error once fixed');
  await browser.$(tid('template-save')).click();
  await waitForText(tid('template-note'), /Saved/);
  await shoot('settings-templates');
  await assertAccessible('settings-templates');

  await browser.$(tid('template-reset')).click();
  await browser.waitUntil(
    async () => (await browser.$(tid('template-body')).getValue()) === original,
    { timeout: 10_000, timeoutMsg: 'reset brings the built-in text back' },
  );
  await browser.$(tid('template-save')).click();
  await waitForText(tid('template-note'), /Saved/);
});

test('auto-approve rules take an exact amount limit and can be removed', async () => {
  await openSettings('rules');
  await waitForText(
    tid('rules-explainer'),
    /Letters and final notices always wait unless a rule names them/,
  );
  await browser.$(tid('rules-empty')).waitForDisplayed({ timeout: 10_000 });
  await fill(tid('rule-name'), 'Small early reminders');
  await browser.$(tid('rule-when')).selectByAttribute('value', 'before_due');
  await fill(tid('rule-amount'), '£500');
  await browser.$(tid('rule-add')).click();
  await waitForText(tid('rule-amount-error'), /not an amount/);
  await fill(tid('rule-amount'), '1,250.50');
  await browser.$(tid('rule-add')).click();
  await waitForText(
    tid('rule-summary'),
    /Email · every reminder except final notices · before or on the due date · up to £1,250\.50 due/,
  );
  await shoot('settings-rules');
  await assertAccessible('settings-rules');
  await browser.$(tid('rule-remove')).click();
  await browser.$(tid('rules-empty')).waitForDisplayed({ timeout: 10_000 });
});

test('a message sent with `settle send` shows in the invoice’s conversation', async () => {
  const cli = (...args) =>
    execFileSync(cliBinary, ['--data-dir', dataDir, ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
  // The demo's invoices are dated around today: tomorrow at 09:05 (the demo business is in
  // London) some of its reminders fall due, so plan then and send one of them.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const at = `${tomorrow}T09:05:00Z`;
  cli('--now', at, 'plan');
  const waiting = JSON.parse(cli('outbox', '--state', 'awaiting_approval', '--json'));
  const item = waiting.find(
    (i) => i.invoiceId !== null && i.channel === 'email' && i.messageId !== null,
  );
  assert.ok(item, 'the demo has an email reminder awaiting approval');
  cli('approve', String(item.messageId), '--send-now');
  const report = JSON.parse(cli('--now', at, 'send', '--json'));
  assert.equal(report.sent, 1, `one message sent: ${JSON.stringify(report)}`);
  const sent = JSON.parse(cli('outbox', '--state', 'sent', '--json'));
  assert.ok(
    sent.some((i) => i.id === item.id),
    'the item was sent',
  );

  await browser.$(tid('nav-customers')).click();
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 10_000 });
  // The customer may be on either tab: search for its name until it is the list's first row (the
  // list re-renders as the search applies, so a row found earlier may be replaced).
  await fill(tid('search'), item.customerName);
  const firstIs = async () =>
    (await browser.$(tid('customer-row')).getAttribute('data-customer-id')) ===
    String(item.customerId);
  const found = await browser.waitUntil(firstIs, { timeout: 5_000 }).catch(() => false);
  if (!found) {
    await browser.$(tid('tab-not-chasing')).click();
    await browser.waitUntil(firstIs, { timeout: 10_000, timeoutMsg: 'the customer is listed' });
  }
  const row = browser.$(`${tid('customer-row')}[data-customer-id="${item.customerId}"]`);
  await row.click();
  await browser.$(tid('customer-page')).waitForDisplayed({ timeout: 10_000 });
  await waitForText(`${tid('conversation')} ${tid('conversation-state')}`, /Sent/);
  await browser.$(tid('show-invoices')).click();
  await browser
    .$(`${tid('invoice-row')}[data-invoice-number="${item.invoiceNumber}"] ${tid('open-invoice')}`)
    .click();
  await browser.$(tid('invoice-page')).waitForDisplayed({ timeout: 10_000 });
  const entry = browser.$(`${tid('conversation')} ${tid('conversation-entry')}`);
  await entry.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await entry.getAttribute('data-state'), 'sent');
  await browser.execute(
    (el) => el.scrollIntoView({ block: 'start' }),
    await browser.$(tid('conversation')),
  );
  await entry.$(tid('conversation-toggle')).click();
  await waitForText(tid('conversation-hash'), /SHA-256 [0-9a-f]{64}/);
  assert.ok((await browser.$(tid('conversation-text')).getText()).length > 20, 'the archived text');
  const delivered = receivedMessages(maildir).at(-1);
  const subject = await browser.$(tid('conversation-subject')).getText();
  assert.ok(delivered.includes(subject.slice(0, 20)), 'the server received that message');
  await browser.$(tid('conversation-text')).waitForDisplayed({ timeout: 5_000 });
  await browser.execute(
    (el) => el.scrollIntoView({ block: 'start' }),
    await browser.$(tid('conversation')),
  );
  await browser.pause(300);
  await shoot('conversation');
  await assertAccessible('conversation');
});
