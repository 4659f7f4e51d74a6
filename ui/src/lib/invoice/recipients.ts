/**
 * An invoice's own recipient list, as the owner types it: email addresses separated by commas
 * (semicolons and new lines work too). Checked lightly here so a typo is caught before saving;
 * the engine checks again and has the last word.
 */

export interface RecipientCheck {
  /** The addresses, trimmed, each once (ignoring letter case), in the order typed. */
  emails: string[];
  /** What is wrong, ready to show; null when the list can be saved. */
  problem: string | null;
}

/**
 * Looks like an address at a glance: something@something, no spaces. (Lightly: the engine also
 * checks the domain, and its message is shown when it refuses.)
 */
export function looksLikeEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  return at > 0 && at < text.length - 1 && !/\s/.test(text);
}

export function splitRecipients(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Checks a typed list; an empty one is a problem here (going back to the usual people is its own button). */
export function checkRecipients(text: string): RecipientCheck {
  const emails: string[] = [];
  for (const part of splitRecipients(text)) {
    if (!looksLikeEmail(part)) {
      return {
        emails,
        problem: `‘${part}’ is not an email address: write addresses like accounts@example.com, separated by commas.`,
      };
    }
    if (!emails.some((e) => e.toLowerCase() === part.toLowerCase())) emails.push(part);
  }
  if (emails.length === 0) {
    return {
      emails,
      problem:
        'Type at least one email address, or choose “Use the usual people” to send to the customer’s usual contacts.',
    };
  }
  return { emails, problem: null };
}
