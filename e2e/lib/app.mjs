// Launches the built Settle app under tauri-driver and returns a WebdriverIO session.
// Each call gets a fresh data folder (SETTLE_DATA_DIR), so every test starts from the welcome
// screen of a brand-new install.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const artifacts = path.join(repoRoot, 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, 'target');
export const appBinary =
  process.env.SETTLE_APP_BINARY ?? path.join(targetDir, 'debug', 'settle-desktop');
/** The `settle` CLI built alongside the app. */
export const cliBinary =
  process.env.SETTLE_CLI_BINARY ?? path.join(path.dirname(appBinary), 'settle');

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

let nextPort = 4444 + (process.pid % 500) * 2;

/** Starts tauri-driver and the app; returns { browser, dataDir, close }. */
export async function launchApp({ dataDir, env = {} } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'settle-e2e-'));
  const port = nextPort;
  nextPort += 2;
  const driver = spawn(
    'tauri-driver',
    [
      '--port',
      String(port),
      '--native-port',
      String(port + 1),
      '--native-driver',
      '/usr/bin/WebKitWebDriver',
    ],
    {
      env: { ...process.env, SETTLE_DATA_DIR: dir, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  await waitForPort(port, 15_000);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application: appBinary },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  const close = async () => {
    // The app is single-instance: a window still closing when the next test launches would
    // absorb that launch, and the new WebDriver session would never get a window. So wait for
    // this app's processes to be gone (and end any that hang) before returning.
    const app = descendants(driver.pid);
    try {
      await browser.deleteSession();
    } finally {
      driver.kill();
      await waitForExit(app, 10_000);
    }
  };
  return { browser, dataDir: dir, close };
}

/** The pids of every process below `pid` (tauri-driver → WebKitWebDriver → the app). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  const visit = (p) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits up to `ms` for `pids` to exit, then ends the rest. */
async function waitForExit(pids, ms) {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
  }
}

/** `[data-testid="…"]` */
export const tid = (id) => `[data-testid="${id}"]`;

/**
 * Saves `e2e/artifacts/<name>.png`. WebKitGTK's screenshot is the last frame it presented, which
 * can lag the DOM (a screenshot right after a click may still show the previous screen, half
 * painted): wait for the fonts and two animation frames first, so the picture matches the page.
 */
export async function screenshot(browser, name) {
  await nextFrame(browser);
  await browser.saveScreenshot(path.join(artifacts, `${name}.png`));
}

/** Resolves once the page has laid out and presented a frame with what is in the DOM now. */
export async function nextFrame(browser) {
  await browser.executeAsync((done) => {
    document.fonts.ready.then(() =>
      requestAnimationFrame(() => requestAnimationFrame(() => done())),
    );
  });
}
