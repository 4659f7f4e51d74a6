import { describe, expect, it } from 'vitest';
import { routeSection, sectionRoute, type Route } from './routes';
import type { Section } from './sections';

describe('sectionRoute', () => {
  it('opens the overview for Customers and the same-named screen otherwise', () => {
    expect(sectionRoute('customers')).toEqual({ name: 'overview' });
    const named: Section[] = ['approvals', 'chasing', 'plan', 'xero', 'settings'];
    for (const section of named) expect(sectionRoute(section)).toEqual({ name: section });
  });
});

describe('routeSection', () => {
  it('puts the overview, a customer and an invoice under Customers', () => {
    const customer: Route = { name: 'customer', customerId: 4 };
    expect(routeSection({ name: 'overview' })).toBe('customers');
    expect(routeSection(customer)).toBe('customers');
    expect(routeSection({ name: 'invoice', invoiceId: 9, from: customer })).toBe('customers');
  });

  it('round-trips every section', () => {
    const all: Section[] = ['customers', 'approvals', 'chasing', 'plan', 'xero', 'settings'];
    for (const section of all) expect(routeSection(sectionRoute(section))).toBe(section);
  });
});
