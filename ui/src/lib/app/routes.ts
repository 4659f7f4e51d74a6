/**
 * The app shell's routes: which screen is shown, and how it maps to and from the app bar's
 * sections. Plain logic; the shell holds the current route.
 */
import type { Section } from './sections';

export type Route =
  | { name: 'overview' }
  | { name: 'customer'; customerId: number }
  | { name: 'invoice'; invoiceId: number; from: Route }
  | { name: 'approvals' }
  | { name: 'chasing' }
  | { name: 'plan' }
  | { name: 'xero' }
  | { name: 'settings' };

/** The route a section of the app bar opens; Customers is the overview. */
export function sectionRoute(section: Section): Route {
  return section === 'customers' ? { name: 'overview' } : { name: section };
}

/** The app bar section a route belongs to: a customer or an invoice is under Customers. */
export function routeSection(route: Route): Section {
  return route.name === 'chasing' ||
    route.name === 'plan' ||
    route.name === 'xero' ||
    route.name === 'approvals' ||
    route.name === 'settings'
    ? route.name
    : 'customers';
}
