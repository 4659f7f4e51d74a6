import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readCadenceFile, readChosenFile } from './files';

describe('a cadence file before import', () => {
  const file = JSON.stringify({
    version: 1,
    cadences: [
      { name: ' Standard reminders ', default: true, steps: [] },
      { name: 'Firm', steps: [] },
    ],
  });

  it('lists the cadences it has, and which would replace existing ones', () => {
    expect(readCadenceFile(file, ['standard REMINDERS'])).toEqual([
      { name: 'Standard reminders', replaces: true, isDefault: true },
      { name: 'Firm', replaces: false, isDefault: false },
    ]);
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(readCadenceFile(`\uFEFF${file}`, [])).toHaveLength(2);
  });

  it('leaves anything else to the engine to explain', () => {
    expect(readCadenceFile('not json', [])).toBeNull();
    expect(readCadenceFile('{"version":1}', [])).toBeNull();
    expect(readCadenceFile('{"cadences":[{"steps":[]}]}', [])).toBeNull();
    expect(readCadenceFile('[1,2]', [])).toBeNull();
  });
});

describe('reading a chosen file', () => {
  it('gives its text', async () => {
    const file = new File(['invoice_number,cadence_name\n'], 'assign.csv', { type: 'text/csv' });
    expect(await readChosenFile(file)).toEqual({ text: 'invoice_number,cadence_name\n' });
  });

  it('refuses a file far too big to be a cadence file or a CSV of assignments', async () => {
    const big = { name: 'huge.csv', size: MAX_FILE_BYTES + 1, text: async () => '' } as File;
    const result = await readChosenFile(big);
    expect('problem' in result && result.problem).toMatch(/huge\.csv is 5\.0 MB/);
  });
});
