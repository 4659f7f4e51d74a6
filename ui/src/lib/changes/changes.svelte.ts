/**
 * The last change the user made (a ChangeReceipt) and its undo. After a change or an undo, the
 * screens on show refresh first (each registers how, with `subscribe`), then the bar tells what
 * happened: so when the bar appears, counts and lists on screen already include the change.
 */
import { ApiError, undoChange, type ChangeReceipt } from '$lib/api';

type Refresh = () => Promise<unknown>;

/** The bar waits at most this long for screens to refresh. */
const REFRESH_WAIT_MS = 3000;

export class Changes {
  /** Bumped after every change or undo (screens shown later compare it to what they loaded). */
  revision = $state(0);
  /** The receipt shown in the undo bar. */
  receipt = $state<ChangeReceipt | null>(null);
  /** Whether the shown receipt can still be undone from the bar. */
  undoable = $state(false);
  undoing = $state(false);
  /** A failure to show in the bar instead of a receipt. */
  problem = $state<string | null>(null);

  // Not reactive on purpose: nothing renders the list of subscribers.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #refreshers = new Set<Refresh>();
  #sequence = 0;

  /** Registers how a mounted screen refreshes itself; returns the unsubscribe function. */
  subscribe(refresh: Refresh): () => void {
    this.#refreshers.add(refresh);
    return () => this.#refreshers.delete(refresh);
  }

  /** A change went through: refresh what is on screen, then show its summary with Undo. */
  async record(receipt: ChangeReceipt): Promise<void> {
    const sequence = await this.#changed();
    if (sequence !== this.#sequence) return;
    this.receipt = receipt;
    this.undoable = true;
    this.problem = null;
  }

  /** A change could not be made: say so in the bar. */
  fail(message: string): void {
    this.#sequence++;
    this.receipt = null;
    this.undoable = false;
    this.problem = message;
  }

  async undo(): Promise<void> {
    const receipt = this.receipt;
    if (!receipt || !this.undoable || this.undoing) return;
    this.undoing = true;
    try {
      const undone = await undoChange(receipt.auditId);
      const sequence = await this.#changed();
      if (sequence !== this.#sequence) return;
      this.receipt = undone;
      this.undoable = false;
      this.problem = null;
    } catch (reason) {
      const error = ApiError.from(reason);
      // Whatever happened, what is on screen may be out of date now.
      if (error.code !== 'undo_unavailable') await this.#changed();
      this.fail(error.message);
    } finally {
      this.undoing = false;
    }
  }

  dismiss(): void {
    this.#sequence++;
    this.receipt = null;
    this.undoable = false;
    this.problem = null;
  }

  /** Bumps the revision and waits (a bounded time) for every subscribed screen to refresh. */
  async #changed(): Promise<number> {
    const sequence = ++this.#sequence;
    // The Undo on show belongs to an older change: not offered while this one settles.
    this.undoable = false;
    this.revision++;
    const refreshes = [...this.#refreshers].map((refresh) => refresh().catch(() => undefined));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, REFRESH_WAIT_MS)));
    await Promise.race([Promise.all(refreshes), timeout]);
    clearTimeout(timer);
    return sequence;
  }
}
