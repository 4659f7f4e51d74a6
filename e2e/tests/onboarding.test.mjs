// Onboarding from the Welcome screen against a real fake-xero serving two organisations:
// Connect Xero → Client ID with the guide → the browser sign-in (the test plays the browser) →
// the organisation picker (the second one) → its details to confirm (time zone with local time)
// → "Chase only a few" → the first sync with progress → the Customers overview showing that
// organisation's customers, all Not chasing, with chasing paused and a Resume button.
// Screenshots of each step go to docs/screenshots/onboarding-*.png.
// Needs `cargo build -p settle-desktop -p fake-xero`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot, artifacts, repoRoot } from '../lib/app.mjs';
import { approveInBrowser, CLIENT_ID, fakeXeroEnv, startFakeXero } from '../lib/fakeXero.mjs';

let xero;
let app;
let browser;

/** Saves the step's screenshot to the artifacts and to docs/screenshots. */
async function shoot(name) {
  await screenshot(browser, name);
  copyFileSync(
    path.join(artifacts, `${name}.png`),
    path.join(repoRoot, 'docs', 'screenshots', `${name}.png`),
  );
}

before(async () => {
  xero = await startFakeXero(['--second-organisation']);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-onboarding-'));
  const env = fakeXeroEnv(xero.base, path.join(dataDir, 'secrets.json'), {
    SETTLE_NO_BROWSER: '1',
  });
  app = await launchApp({ dataDir, env });
  browser = app.browser;
});

after(async () => {
  await app?.close();
  xero?.child.kill();
});

test('Welcome → connect → pick the second organisation → confirm → chase a few → sync', async () => {
  await browser.$(tid('connect-xero')).waitForDisplayed({ timeout: 20_000 });
  await shoot('onboarding-welcome');

  // Cancel on the first step returns to Welcome with nothing changed.
  await browser.$(tid('connect-xero')).click();
  await browser.$(tid('onboarding')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(tid('onboarding-cancel')).click();
  await browser.$(tid('welcome')).waitForDisplayed({ timeout: 10_000 });

  await browser.$(tid('connect-xero')).click();
  const input = browser.$(tid('xero-client-id'));
  await input.waitForDisplayed({ timeout: 10_000 });
  assert.match(await browser.$(tid('onboarding')).getText(), /http:\/\/localhost:8749\/callback/);
  await input.setValue(CLIENT_ID);
  await shoot('onboarding-client-id');
  await browser.$(tid('xero-connect')).click();
  await browser.$(tid('xero-authorize-url')).waitForDisplayed({ timeout: 10_000 });
  await shoot('onboarding-sign-in');
  await approveInBrowser(browser, xero.base);

  // Two organisations: the owner chooses.
  const picker = browser.$(tid('xero-organisation-picker'));
  await picker.waitForDisplayed({ timeout: 20_000 });
  const options = await browser.$$(tid('xero-organisation-option'));
  assert.equal(options.length, 2);
  assert.match(await picker.getText(), /Demo Plumbing Ltd[\s\S]*Southern Cross Electrical Pty Ltd/);
  await options[1].click();
  await shoot('onboarding-picker');
  await browser.$(tid('xero-organisation-continue')).click();

  // Its details, the time zone with the local time there.
  await browser.$(tid('onboarding-details')).waitForDisplayed({ timeout: 20_000 });
  assert.equal(
    await browser.$(tid('onboarding-name')).getText(),
    'Southern Cross Electrical Pty Ltd',
  );
  assert.equal(await browser.$(tid('onboarding-currency')).getText(), 'AUD');
  assert.equal(await browser.$(tid('onboarding-country')).getText(), 'AU');
  assert.match(await browser.$(tid('onboarding-timezone')).getText(), /Australia\/Sydney/);
  assert.match(
    await browser.$(tid('onboarding-local-time')).getText(),
    /^\d{4}-\d\d-\d\d \d\d:\d\d$/,
  );
  await shoot('onboarding-details');
  await browser.$(tid('onboarding-confirm')).click();

  // Chase only a few: every customer starts Not chasing; chasing starts paused.
  await browser.$(tid('onboarding-chase-few')).waitForDisplayed({ timeout: 10_000 });
  await shoot('onboarding-chase');
  await browser.execute(() => {
    window.__progressSeen = [];
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="xero-progress-text"]');
      if (line) window.__progressSeen.push(line.textContent.trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await browser.$(tid('onboarding-chase-few')).click();

  // The overview of that organisation, paused.
  await browser.$(tid('overview')).waitForDisplayed({ timeout: 30_000 });
  const seen = await browser.execute(() => window.__progressSeen);
  assert.ok(seen.length > 0, 'the first sync showed its progress');
  assert.equal(
    await browser.$(tid('organisation-name')).getText(),
    'Southern Cross Electrical Pty Ltd',
  );
  const banner = browser.$(tid('pause-banner'));
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await banner.getText(), /Chasing is paused: New connection: review your plan/);
  assert.ok(await browser.$(tid('pause-resume')).isDisplayed());

  await browser.$(tid('tab-not-chasing')).click();
  await browser.waitUntil(async () => (await browser.$$(tid('customer-row'))).length === 3, {
    timeout: 15_000,
    timeoutMsg: 'the three customers are listed as Not chasing',
  });
  const text = await browser.$(tid('overview')).getText();
  for (const name of ['Bondi Surf Club', 'Paddington Bakehouse', 'Glebe Print Works']) {
    assert.ok(text.includes(name), `${name} is listed`);
  }
  assert.ok(!text.includes('Harbour View Cafe'), 'the other organisation is not synced');
  await shoot('onboarding-overview');

  // Resume: the banner goes.
  await browser.$(tid('pause-resume')).click();
  await browser.waitUntil(async () => !(await browser.$(tid('pause-banner')).isExisting()), {
    timeout: 10_000,
    timeoutMsg: 'the banner goes once chasing resumes',
  });
});
