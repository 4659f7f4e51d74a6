/** The app's top-level sections, as the app bar lists them. */
export type Section = 'customers' | 'approvals' | 'chasing' | 'plan' | 'xero' | 'settings';
