/**
 * The Xero section's state, kept by the app shell so a sync running in the background keeps its
 * progress and report while the owner looks at other screens.
 */
import {
  ApiError,
  beginXeroConnect,
  cancelSync,
  cancelXeroConnect,
  chooseXeroOrganisation,
  onXeroConnected,
  onXeroConnectFailed,
  onSyncProgress,
  syncNow,
  xeroStatus,
  type SyncProgress,
  type SyncReport,
  type XeroConnectionView,
  type XeroSignInView,
} from '$lib/api';

export class XeroSession {
  /** `undefined` until loaded; `null` when no organisation is connected. */
  status = $state<XeroConnectionView | null | undefined>(undefined);
  statusProblem = $state<ApiError | null>(null);
  /** Which sync runs now, if one does. */
  running = $state<'sync' | 'full' | null>(null);
  cancelling = $state(false);
  /** The running (or last) sync's latest progress. */
  progress = $state<SyncProgress | null>(null);
  report = $state<SyncReport | null>(null);
  problem = $state<ApiError | null>(null);
  /** The Xero sign-in address while a connect waits for the owner to approve Settle. */
  connecting = $state<string | null>(null);
  /** A connect is being started (before the address is known). */
  starting = $state(false);
  connectProblem = $state<ApiError | null>(null);
  /** Set when this session just connected (the page then suggests a first sync). */
  justConnected = $state(false);
  /** A sign-in that reached several organisations: the owner chooses one. */
  choices = $state<XeroSignInView | null>(null);
  choosing = $state(false);
  /** Called with every finished sign-in (onboarding and the reconnect banner listen). */
  onSignedIn: ((signIn: XeroSignInView) => void) | null = null;
  #stopListening: (() => void) | null = null;

  /**
   * Starts connecting the owner's Xero app; the outcome arrives as an event. `onboarding` only
   * signs in (nothing is adopted until the owner confirms).
   */
  async connect(clientId: string, onboarding = false): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    this.connectProblem = null;
    this.choices = null;
    try {
      await this.#listen();
      const start = await beginXeroConnect(clientId.trim(), onboarding);
      this.connecting = start.authorizeUrl;
    } catch (reason) {
      this.#unlisten();
      this.connectProblem = ApiError.from(reason);
    } finally {
      this.starting = false;
    }
  }

  async cancelConnect(): Promise<void> {
    this.#unlisten();
    this.connecting = null;
    try {
      await cancelXeroConnect();
    } catch (reason) {
      this.connectProblem = ApiError.from(reason);
    }
  }

  async #listen(): Promise<void> {
    this.#unlisten();
    const connected = await onXeroConnected((signIn) => {
      this.#unlisten();
      this.connecting = null;
      this.connectProblem = null;
      if (signIn.connection) {
        this.justConnected = true;
        this.status = signIn.connection;
        this.statusProblem = null;
      } else {
        this.choices = signIn;
      }
      this.onSignedIn?.(signIn);
    });
    try {
      const failed = await onXeroConnectFailed((error) => {
        this.#unlisten();
        this.connecting = null;
        this.connectProblem = ApiError.from(error);
      });
      this.#stopListening = () => {
        connected();
        failed();
      };
    } catch (reason) {
      connected();
      throw reason;
    }
  }

  #unlisten(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }

  /** Connects the organisation the owner chose from `choices`. */
  async choose(tenantId: string): Promise<void> {
    if (!this.choices || this.choosing) return;
    this.choosing = true;
    try {
      this.status = await chooseXeroOrganisation(this.choices.clientId, tenantId);
      this.choices = null;
      this.justConnected = true;
    } catch (reason) {
      this.connectProblem = ApiError.from(reason);
    } finally {
      this.choosing = false;
    }
  }

  async loadStatus(): Promise<void> {
    try {
      this.status = await xeroStatus();
      this.statusProblem = null;
    } catch (reason) {
      this.statusProblem = ApiError.from(reason);
    }
  }

  /** Runs a sync; `synced` is called when it ends, however it ends (pages stored so far stay). */
  async sync(full: boolean, synced: () => Promise<unknown> | void): Promise<void> {
    if (this.running) return;
    this.running = full ? 'full' : 'sync';
    this.cancelling = false;
    this.progress = null;
    this.report = null;
    this.problem = null;
    this.justConnected = false;
    let stop: (() => void) | null = null;
    try {
      stop = await onSyncProgress((progress) => {
        if (this.running) this.progress = progress;
      });
    } catch {
      // Progress is a nicety: the sync and its report do not depend on it.
    }
    try {
      this.report = await syncNow(full);
    } catch (reason) {
      this.problem = ApiError.from(reason);
    } finally {
      stop?.();
      this.running = null;
      this.cancelling = false;
      await this.loadStatus();
      await synced();
    }
  }

  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    try {
      await cancelSync();
    } catch (reason) {
      this.cancelling = false;
      this.problem = ApiError.from(reason);
    }
  }
}
