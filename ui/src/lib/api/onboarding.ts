import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ChangeReceipt } from '$lib/bindings/ChangeReceipt';
import type { ChasingPauseView } from '$lib/bindings/ChasingPauseView';
import type { OnboardedView } from '$lib/bindings/OnboardedView';
import type { XeroConnectionView } from '$lib/bindings/XeroConnectionView';
import type { XeroOrganisationDetailsView } from '$lib/bindings/XeroOrganisationDetailsView';
import { command } from './command';

/** The event Rust sends whenever chasing is paused or resumed (payload: the pause, or null). */
export const CHASING_PAUSE_CHANGED_EVENT = 'chasing-pause-changed';

/** The organisation's chasing pause, or null when chasing runs. */
export function chasingPause(): Promise<ChasingPauseView | null> {
  return command<ChasingPauseView | null>('chasing_pause');
}

export function pauseChasing(reason: string): Promise<ChasingPauseView> {
  return command<ChasingPauseView>('pause_chasing', { reason });
}

/** Rejects with `invalid_input` while Xero needs the owner to sign in again. */
export function resumeChasing(): Promise<void> {
  return command<void>('resume_chasing');
}

/** Calls `handler` with the pause (or null) whenever it changes, until the returned function is called. */
export function onChasingPauseChanged(
  handler: (pause: ChasingPauseView | null) => void,
): Promise<UnlistenFn> {
  return listen<ChasingPauseView | null>(CHASING_PAUSE_CHANGED_EVENT, (event) =>
    handler(event.payload),
  );
}

/** A Xero organisation's details for the owner to confirm; stores nothing. */
export function xeroOrganisationDetails(
  clientId: string,
  tenantId: string,
): Promise<XeroOrganisationDetailsView> {
  return command<XeroOrganisationDetailsView>('xero_organisation_details', { clientId, tenantId });
}

/** Adopts the organisation with chasing paused ("review your plan, then resume"). */
export function onboardXeroOrganisation(
  clientId: string,
  tenantId: string,
): Promise<OnboardedView> {
  return command<OnboardedView>('onboard_xero_organisation', { clientId, tenantId });
}

/** After the first sync: every customer chasing (`true`) or none (`false`). */
export function setStartingChasing(chaseAll: boolean): Promise<ChangeReceipt> {
  return command<ChangeReceipt>('set_starting_chasing', { chaseAll });
}

/** The Xero section's picker: connects one of several organisations a sign-in reached. */
export function chooseXeroOrganisation(
  clientId: string,
  tenantId: string,
): Promise<XeroConnectionView> {
  return command<XeroConnectionView>('choose_xero_organisation', { clientId, tenantId });
}
