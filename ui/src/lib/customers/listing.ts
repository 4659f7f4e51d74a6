/**
 * The customers overview's data: the query (tab, search, sort) and the rows for it, block by block.
 * A refresh after a change builds a fresh block cache in the background and keeps showing the
 * current rows until the first new block arrives, so nothing flashes. A new query hides the old
 * rows at once (they answer a different question) but keeps the old totals until the new arrive.
 */
import type { CustomerPage } from '$lib/bindings/CustomerPage';
import type { CustomerQuery } from '$lib/bindings/CustomerQuery';
import type { CustomerRowView } from '$lib/bindings/CustomerRowView';
import type { SortKey } from '$lib/bindings/SortKey';
import type { Tab } from '$lib/bindings/Tab';
import { BlockCache } from './blocks';

export interface ListingQuery {
  tab: Tab;
  search: string;
  sort: SortKey;
  descending: boolean;
}

export interface ListingOptions {
  fetch: (query: CustomerQuery) => Promise<CustomerPage>;
  onChange?: () => void;
  query?: Partial<ListingQuery>;
  blockSize?: number;
  maxInFlight?: number;
}

export type ListingStatus = 'loading' | 'error' | 'ready';

export const DEFAULT_QUERY: ListingQuery = {
  tab: 'chasing',
  search: '',
  sort: 'overdue',
  descending: true,
};

type Cache = BlockCache<CustomerRowView, CustomerPage>;

export class CustomerListing {
  query: ListingQuery;
  readonly blockSize: number;

  readonly #options: ListingOptions;
  #shown: Cache | null = null;
  #incoming: Cache | null = null;
  #settle: (() => void) | null = null;
  #incomingQuery: ListingQuery | null = null;
  #shownQuery: ListingQuery | null = null;
  /** The shown rows belong to an older query: hide them until the new one answers. */
  #stale = false;
  #range: [number, number] = [0, 1];
  /** The first block of a query, asked for ahead of the first load (see `prefetch`). */
  #prefetched: { query: ListingQuery; page: Promise<CustomerPage> } | null = null;

  constructor(options: ListingOptions) {
    this.#options = options;
    this.blockSize = options.blockSize ?? 200;
    this.query = { ...DEFAULT_QUERY, ...options.query };
  }

  /**
   * Asks for the first block of the current query now, before the list is on screen: at launch the
   * app asks for it alongside its status instead of after the overview has rendered. The next load
   * takes the answer if it is for the same query. A failed ask (no organisation open yet, say) is
   * forgotten, and a load that took it asks again.
   */
  prefetch(): void {
    const query = { ...this.query };
    const page = this.#options.fetch({ ...query, offset: 0, limit: this.blockSize });
    const prefetched = { query, page };
    this.#prefetched = prefetched;
    page.catch(() => {
      if (this.#prefetched === prefetched) this.#prefetched = null;
    });
  }

  /** Starts loading (call once when the list is first shown). */
  start(): void {
    if (!this.#shown && !this.#incoming) void this.reload();
  }

  /** The page last received for what is shown: counts, totals, matched. */
  get page(): CustomerPage | null {
    return this.#shown?.latest ?? null;
  }

  /** The query whose answer is on screen (null before the first answer). Tabs follow this. */
  get shownQuery(): ListingQuery | null {
    return this.#shownQuery;
  }

  /** Rows in the current result (the virtual list's count). */
  get matched(): number {
    return this.#shown?.matched ?? 0;
  }

  get status(): ListingStatus {
    if (this.#stale) return 'loading';
    if (this.#shown?.hasRows) return 'ready';
    if (this.#shown?.error) return 'error';
    return 'loading';
  }

  /** True while a newer result is being fetched behind the one shown. */
  get refreshing(): boolean {
    return this.#incoming !== null;
  }

  /** The last failure of what is shown (also after some rows did load). */
  get error(): unknown {
    return this.#shown?.error ?? null;
  }

  row(index: number): CustomerRowView | undefined {
    return this.#stale ? undefined : this.#shown?.rowAt(index);
  }

  /** Changes tab, search or sort; returns true (and reloads from the top) if anything changed. */
  setQuery(change: Partial<ListingQuery>): boolean {
    const next = { ...this.query, ...change };
    if (sameQuery(next, this.query)) return false;
    this.query = next;
    void this.reload(true);
    return true;
  }

  /** The rows the list shows now ([start, end)); their blocks get fetched. */
  setRange(start: number, end: number): void {
    this.#range = [start, Math.max(end, start + 1)];
    (this.#incoming ?? this.#shown)?.request(start, this.#range[1]);
  }

  /**
   * Fetches everything again: after a change or an undo the current rows stay visible until the
   * first new block arrives; `fromTop` (a new query) starts at the top and hides the old rows.
   * Resolves once the new rows are shown (or a newer reload replaced this one).
   */
  reload(fromTop = false): Promise<void> {
    if (fromTop) {
      this.#range = [0, this.#range[1] - this.#range[0]];
      this.#stale = this.#shown !== null;
    }
    this.#incoming?.dispose();
    this.#settle?.();
    const query = { ...this.query };
    this.#incomingQuery = query;
    const fetch = (offset: number, limit: number) =>
      this.#options.fetch({ ...query, offset, limit });
    // Only the first load after a prefetch may use it, and only for the same query.
    let early =
      this.#prefetched && sameQuery(this.#prefetched.query, query) ? this.#prefetched.page : null;
    this.#prefetched = null;
    const cache: Cache = new BlockCache({
      blockSize: this.blockSize,
      maxInFlight: this.#options.maxInFlight,
      fetch: (offset, limit) => {
        if (!early || offset !== 0 || limit !== this.blockSize) return fetch(offset, limit);
        const page = early.catch(() => fetch(offset, limit));
        early = null;
        return page;
      },
      onUpdate: () => this.#updated(cache),
    });
    const done = new Promise<void>((resolve) => (this.#settle = resolve));
    this.#incoming = cache;
    cache.request(this.#range[0], this.#range[1]);
    this.#notify();
    return done;
  }

  /** Retries failed blocks of what is shown (or reloads if nothing could be shown). */
  retry(): void {
    if (this.#shown?.hasRows && !this.#stale) this.#shown.retry();
    else void this.reload();
  }

  #updated(cache: Cache): void {
    if (cache === this.#incoming) {
      this.#shown?.dispose();
      this.#shown = cache;
      this.#shownQuery = this.#incomingQuery;
      this.#incoming = null;
      this.#stale = false;
      this.#settle?.();
      this.#settle = null;
      // The first block may have told us there are fewer rows than the range asked for.
      cache.request(this.#range[0], this.#range[1]);
    }
    if (cache === this.#shown) this.#notify();
  }

  #notify(): void {
    this.#options.onChange?.();
  }
}

function sameQuery(a: ListingQuery, b: ListingQuery): boolean {
  return (
    a.tab === b.tab && a.search === b.search && a.sort === b.sort && a.descending === b.descending
  );
}
