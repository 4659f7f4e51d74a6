import type { AppStatus } from '$lib/bindings/AppStatus';
import type { OrganisationView } from '$lib/bindings/OrganisationView';
import { command } from './command';

/** Which organisation is open (null on a fresh data folder) and where the data lives. */
export function appStatus(): Promise<AppStatus> {
  return command<AppStatus>('app_status');
}

/** Creates the demo business and opens it. */
export function createDemo(): Promise<OrganisationView> {
  return command<OrganisationView>('create_demo');
}
