/** The app's top-level sections, as the app bar lists them. */
export type Section = 'customers' | 'chasing' | 'plan' | 'xero';
