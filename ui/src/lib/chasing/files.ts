/** Reading the files the owner picks: a cadence file to import, a CSV to assign cadences. */

export interface CadenceFileEntry {
  name: string;
  /** A cadence of that name exists (names match ignoring case): its steps would be replaced. */
  replaces: boolean;
  isDefault: boolean;
}

/**
 * What a cadence file would import, for the confirmation — or null when it cannot be read as one
 * (the engine then says exactly what is wrong, so nothing is judged here beyond the shape).
 */
export function readCadenceFile(
  text: string,
  existing: readonly string[],
): CadenceFileEntry[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('cadences' in parsed)) return null;
  const cadences = (parsed as { cadences: unknown }).cadences;
  if (!Array.isArray(cadences)) return null;
  const known = new Set(existing.map((name) => name.trim().toLowerCase()));
  const entries: CadenceFileEntry[] = [];
  for (const cadence of cadences) {
    if (typeof cadence !== 'object' || cadence === null) return null;
    const { name, default: isDefault } = cadence as { name?: unknown; default?: unknown };
    if (typeof name !== 'string') return null;
    entries.push({
      name: name.trim(),
      replaces: known.has(name.trim().toLowerCase()),
      isDefault: isDefault === true,
    });
  }
  return entries;
}

/** Files bigger than this are refused before reading (a cadence file or CSV is a few KB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The text of a chosen file, or a sentence saying why it was not read. */
export async function readChosenFile(file: File): Promise<{ text: string } | { problem: string }> {
  if (file.size > MAX_FILE_BYTES)
    return {
      problem: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB: that is too big for this kind of file (at most 5 MB). Check you chose the right one.`,
    };
  try {
    return { text: await file.text() };
  } catch (reason) {
    return {
      problem: `${file.name} couldn’t be read (${reason instanceof Error ? reason.message : String(reason)}). Check the file is still there and try again.`,
    };
  }
}
