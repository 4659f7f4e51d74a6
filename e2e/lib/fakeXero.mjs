// fake-xero for the end-to-end suite: the binary started on a free loopback port (its demo
// organisation, optionally a second one), the environment that points Settle at it with the
// refresh token in a file, `settle connect xero` through the CLI with the test playing the
// browser, and the browser's part of a sign-in started in the window. The process is ended by
// the caller (`xero.child.kill()`); nothing here touches the app's data folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { appBinary, cliBinary, tid } from './app.mjs';

export const fakeXeroBinary =
  process.env.FAKE_XERO_BINARY ?? path.join(path.dirname(appBinary), 'fake-xero');
/** The Client ID fake-xero accepts. */
export const CLIENT_ID = 'FAKEXEROCLIENTID00000000000000000';

/**
 * Starts fake-xero on a free port with its demo organisation (plus `extraArgs`, e.g.
 * `--second-organisation`); resolves with `{ child, base }`, base without a trailing slash.
 */
export function startFakeXero(extraArgs = []) {
  const child = spawn(fakeXeroBinary, ['--port', '0', '--seed-demo', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('fake-xero did not start')), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake-xero exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^fake-xero listening on (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1].replace(/\/$/, '') });
      }
    });
  });
}

/** The environment pointing Settle at fake-xero `base`, the refresh token in `secretsFile`. */
export function fakeXeroEnv(base, secretsFile, extra = {}) {
  return {
    SETTLE_XERO_LOGIN_URL: base,
    SETTLE_XERO_IDENTITY_URL: base,
    SETTLE_XERO_API_URL: base,
    SETTLE_INSECURE_SECRETS_FILE: secretsFile,
    ...extra,
  };
}

/**
 * `settle connect xero --no-browser --json` on `dataDir` with `env`, playing the browser;
 * resolves with the connection it printed.
 */
export function connectWithCli(dataDir, env) {
  const child = spawn(
    cliBinary,
    ['--data-dir', dataDir, 'connect', 'xero', '--no-browser', '--json', '--client-id', CLIENT_ID],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = readline.createInterface({ input: child.stdout });
  const rest = [];
  let browsed = null;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    lines.on('line', (line) => {
      if (browsed) {
        rest.push(line);
        return;
      }
      // The first line is the authorize URL: fake-xero approves at once and redirects to
      // Settle's loopback listener, which we then visit as the browser would.
      browsed = (async () => {
        assert.ok(line.startsWith(`${env.SETTLE_XERO_LOGIN_URL}/`), line);
        const answer = await fetch(line, { redirect: 'manual' });
        assert.equal(answer.status, 302);
        await fetch(answer.headers.get('location'));
      })().catch(reject);
    });
    child.once('exit', async (code) => {
      await browsed;
      if (code !== 0) reject(new Error(`settle connect xero failed (${code}): ${stderr}`));
      else resolve(JSON.parse(rest.join('\n')));
    });
  });
}

/** The sign-in address the window shows, checked to be fake-xero's at `base`. */
export async function shownAuthorizeUrl(browser, base) {
  const link = browser.$(tid('xero-authorize-url'));
  await link.waitForDisplayed({ timeout: 10_000 });
  const authorizeUrl = (await link.getText()).trim();
  assert.ok(authorizeUrl.startsWith(`${base}/`), authorizeUrl);
  return authorizeUrl;
}

/** Plays the browser on `authorizeUrl`: fake-xero approves and redirects to the loopback. */
export async function approve(authorizeUrl) {
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  const callback = await fetch(answer.headers.get('location'));
  assert.equal(callback.status, 200);
}

/** Plays the browser for the sign-in the window started against fake-xero at `base`. */
export async function approveInBrowser(browser, base) {
  await approve(await shownAuthorizeUrl(browser, base));
}
