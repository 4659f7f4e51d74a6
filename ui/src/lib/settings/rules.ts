/** Auto-approve rules in words, and the choices the rule form offers. */
import type { AutoApproveRuleView } from '$lib/bindings/AutoApproveRuleView';
import { formatMoney } from '$lib/format/money';

export const WHEN_CHOICES: { value: AutoApproveRuleView['when']; label: string }[] = [
  { value: 'before_due', label: 'Before the due date (and on it)' },
  { value: 'after_due', label: 'After the due date' },
  { value: 'any', label: 'Any time' },
];

export const CHANNEL_CHOICES: { value: AutoApproveRuleView['channel']; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'letter', label: 'Letter' },
];

/** "Email · friendly reminders before the due date · up to £500.00". */
export function describeRule(
  rule: AutoApproveRuleView,
  templateNames: Record<string, string>,
  currency: string,
  locale: string,
): string {
  const channel = CHANNEL_CHOICES.find((c) => c.value === rule.channel)?.label ?? rule.channel;
  const which = rule.templateKey
    ? `“${templateNames[rule.templateKey] ?? rule.templateKey}” only`
    : rule.channel === 'letter'
      ? 'every letter'
      : 'every reminder except final notices';
  const when =
    rule.when === 'before_due'
      ? 'before or on the due date'
      : rule.when === 'after_due'
        ? 'after the due date'
        : 'at any time';
  const limit = rule.maxAmount
    ? `up to ${formatMoney(rule.maxAmount, currency, locale)} due`
    : 'any amount';
  return `${channel} · ${which} · ${when} · ${limit}`;
}
