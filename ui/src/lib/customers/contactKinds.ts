/**
 * Xero's phone and address types ("DEFAULT", "DDI", "POBOX", …) in the words Xero's own contact
 * screen uses. Unknown types are shown in sentence case rather than shouted.
 */
const PHONE_KINDS: Record<string, string> = {
  DEFAULT: 'Phone',
  DDI: 'Direct dial',
  MOBILE: 'Mobile',
  FAX: 'Fax',
};

const ADDRESS_KINDS: Record<string, string> = {
  POBOX: 'Postal address',
  STREET: 'Street address',
  DELIVERY: 'Delivery address',
};

function sentenceCase(kind: string): string {
  const words = kind.trim().replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function phoneKindLabel(kind: string): string {
  return PHONE_KINDS[kind.trim().toUpperCase()] ?? (sentenceCase(kind) || 'Phone');
}

export function addressKindLabel(kind: string): string {
  return ADDRESS_KINDS[kind.trim().toUpperCase()] ?? (sentenceCase(kind) || 'Address');
}
