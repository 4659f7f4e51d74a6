/** The open organisation, available to every component below the app shell. */
import { getContext, setContext } from 'svelte';
import type { OrganisationView } from '$lib/bindings/OrganisationView';

export interface OrganisationContext {
  readonly org: OrganisationView;
  /** The locale numbers and dates are formatted in (from the organisation's country). */
  readonly locale: string;
}

const KEY = Symbol('organisation');

export function provideOrganisation(context: OrganisationContext): void {
  setContext(KEY, context);
}

export function useOrganisation(): OrganisationContext {
  const context = getContext<OrganisationContext | undefined>(KEY);
  if (!context) throw new Error('useOrganisation() outside an open organisation');
  return context;
}
