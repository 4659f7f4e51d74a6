/**
 * Onboarding a Xero organisation from the Welcome screen, step by step: the Client ID (with the
 * guide), the browser sign-in, the organisation (asked only when the sign-in reaches several),
 * its details to confirm, "chase all or a few", then adopting it with chasing paused and the
 * first sync with progress. Nothing is stored before the chase choice: cancelling earlier returns
 * to Welcome with nothing changed (the saved sign-in is replaced by the next connect).
 */
import {
  ApiError,
  onboardXeroOrganisation,
  setStartingChasing,
  xeroOrganisationDetails,
  type OrganisationView,
  type XeroOrganisationDetailsView,
  type XeroSignInView,
} from '$lib/api';
import type { XeroSession } from '$lib/xero/session.svelte';

export type OnboardingStep = 'app' | 'choose' | 'confirm' | 'chase' | 'syncing';

export class OnboardingSession {
  step = $state<OnboardingStep>('app');
  signIn = $state<XeroSignInView | null>(null);
  tenantId = $state<string | null>(null);
  details = $state<XeroOrganisationDetailsView | null>(null);
  problem = $state<ApiError | null>(null);
  busy = $state(false);
  readonly xero: XeroSession;
  readonly #done: (organisation: OrganisationView) => void;
  readonly #cancelled: () => void;

  constructor(
    xero: XeroSession,
    done: (organisation: OrganisationView) => void,
    cancelled: () => void,
  ) {
    this.xero = xero;
    this.#done = done;
    this.#cancelled = cancelled;
    xero.onSignedIn = (signIn) => this.#signedIn(signIn);
  }

  /** Stops listening to the shared Xero session (the component unmounted). */
  dispose(): void {
    this.xero.onSignedIn = null;
    this.xero.choices = null;
  }

  connect(clientId: string): Promise<void> {
    return this.xero.connect(clientId, true);
  }

  #signedIn(signIn: XeroSignInView): void {
    // Onboarding picks itself: the Xero section's picker stays closed.
    this.xero.choices = null;
    this.signIn = signIn;
    const [only, ...others] = signIn.organisations;
    if (only && others.length === 0) {
      void this.choose(only.tenantId);
    } else {
      this.step = 'choose';
    }
  }

  async choose(tenantId: string): Promise<void> {
    if (!this.signIn) return;
    this.tenantId = tenantId;
    this.details = null;
    this.problem = null;
    this.step = 'confirm';
    try {
      this.details = await xeroOrganisationDetails(this.signIn.clientId, tenantId);
    } catch (reason) {
      this.problem = ApiError.from(reason);
    }
  }

  /** Adopts the organisation paused, runs the first sync, then sets every customer's chasing. */
  async start(chaseAll: boolean): Promise<void> {
    if (!this.signIn || !this.tenantId || this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      const onboarded = await onboardXeroOrganisation(this.signIn.clientId, this.tenantId);
      this.step = 'syncing';
      // However the sync ends (done, cancelled, failed) what it stored stays, and the choice
      // applies to it; a later sync brings the rest.
      await this.xero.sync(false, () => undefined);
      await setStartingChasing(chaseAll);
      this.#done(onboarded.organisation);
    } catch (reason) {
      this.problem = ApiError.from(reason);
    } finally {
      this.busy = false;
    }
  }

  /** Cancel: stops what runs; before the chase choice, back to Welcome with nothing stored. */
  async cancel(): Promise<void> {
    if (this.step === 'syncing') {
      await this.xero.cancel();
      return;
    }
    if (this.xero.connecting) await this.xero.cancelConnect();
    this.#cancelled();
  }
}
