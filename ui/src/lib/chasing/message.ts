/**
 * Which email a step sends and from whom: the template choices (the five built-in template keys,
 * or automatic — chosen by the invoice's status when it sends) and the sender choices, shared by
 * the cadence, invoice and customer step editors. The keys are settle-core's TemplateKind keys;
 * the engine refuses any other.
 */
import type { StepView } from '$lib/bindings/StepView';

/** A template key a step may name (null in a step: automatic). */
export type TemplateKey = NonNullable<StepView['template']>;

/** The "Template" choices, automatic first, then in the order a cadence uses them. */
export const TEMPLATE_CHOICES: readonly { value: TemplateKey | null; label: string }[] = [
  { value: null, label: 'Automatic — by invoice status' },
  { value: 'new_invoice', label: 'New invoice' },
  { value: 'friendly_reminder', label: 'Friendly reminder' },
  { value: 'due_today', label: 'Due today' },
  { value: 'past_due', label: 'Past due' },
  { value: 'final_notice', label: 'Final notice' },
];

/** The "Send from" choices. */
export const SENDER_CHOICES: readonly { value: boolean; label: string }[] = [
  { value: false, label: 'Normal sender' },
  { value: true, label: 'Escalated sender' },
];

/** The template's name ("Final notice"); null for automatic or a key this window does not know. */
export function templateName(key: string | null | undefined): string | null {
  if (!key) return null;
  return TEMPLATE_CHOICES.find((choice) => choice.value === key)?.label ?? null;
}

/** A step's template as the form holds it: a known key, or null (automatic). */
export function templateKey(key: string | null | undefined): TemplateKey | null {
  const found = TEMPLATE_CHOICES.find((choice) => choice.value !== null && choice.value === key);
  return found ? found.value : null;
}

/**
 * The end of a step's sentence naming its template and sender, as the engine words it:
 * ", using 'Final notice', from the escalated sender"; '' for automatic and the normal sender.
 */
export function describeMessage(template: string | null | undefined, escalated: boolean): string {
  const name = template ? (templateName(template) ?? template) : null;
  const using = name ? `, using '${name}'` : '';
  return `${using}${escalated ? ', from the escalated sender' : ''}`;
}

/**
 * The StepInput fields for them: only what differs from the defaults, as the engine writes a
 * step, so unchanged steps compare equal to saved ones.
 */
export function messageFields(
  template: TemplateKey | null,
  escalated: boolean,
): { template?: TemplateKey; escalated_sender?: true } {
  return {
    ...(template ? { template } : {}),
    ...(escalated ? { escalated_sender: true as const } : {}),
  };
}
