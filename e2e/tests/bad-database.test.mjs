// Bad data folders in the real window: a damaged database and one written by a newer Settle are
// explained in the window (what happened, what to do) and left exactly as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchApp, tid, screenshot, cliBinary } from '../lib/app.mjs';

async function fatalErrorText(dataDir, name) {
  const app = await launchApp({ dataDir });
  try {
    const error = app.browser.$(tid('app-error'));
    await error.waitForDisplayed({ timeout: 20_000 });
    await screenshot(app.browser, name);
    return await error.getText();
  } finally {
    await app.close();
  }
}

test('a damaged database is explained and not overwritten', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-bad-'));
  const file = path.join(dir, 'settle.db');
  const garbage = Buffer.from(
    'this is a shopping list, not a database: milk, eggs, bread\n'.repeat(300),
  );
  writeFileSync(file, garbage);
  const text = await fatalErrorText(dir, '08-error-damaged-database');
  assert.match(text, /damaged/);
  assert.match(text, /backup/);
  assert.ok(readFileSync(file).equals(garbage), 'the file is untouched');
});

test('a database from a newer Settle is refused with what to do', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'settle-e2e-newer-'));
  const file = path.join(dir, 'settle.db');
  // Make a real Settle database, then mark it as having a migration this build does not know.
  execFileSync(cliBinary, ['--data-dir', dir, 'demo']);
  execFileSync('sqlite3', [
    file,
    "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)",
  ]);
  const before = readFileSync(file);
  const text = await fatalErrorText(dir, '09-error-newer-database');
  assert.match(text, /newer version of Settle/);
  assert.ok(readFileSync(file).equals(before), 'the file is untouched');
});
