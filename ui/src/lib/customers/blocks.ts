/**
 * A cache of fixed-size blocks of rows for a virtual list: rows are fetched `blockSize` at a time
 * (offset/limit) as the visible range needs them, a few requests at once, nearest-to-view first.
 * Plain TypeScript so it can be tested without a DOM; the list re-renders on `onUpdate`.
 */

/** What one fetch returns: the rows of the window and how many rows exist in all. */
export interface RowWindow<Row> {
  rows: Row[];
  matched: number;
}

export interface BlockCacheOptions<Row, Page extends RowWindow<Row>> {
  fetch: (offset: number, limit: number) => Promise<Page>;
  onUpdate?: () => void;
  blockSize?: number;
  maxInFlight?: number;
}

type Block<Row> =
  { state: 'loading' } | { state: 'loaded'; rows: Row[] } | { state: 'failed'; error: unknown };

export class BlockCache<Row, Page extends RowWindow<Row> = RowWindow<Row>> {
  readonly blockSize: number;
  /** The most recent page received (carries counts and totals); null until the first arrives. */
  latest: Page | null = null;
  /** The most recent failure, until `retry()`. */
  error: unknown = null;

  readonly #fetch: (offset: number, limit: number) => Promise<Page>;
  readonly #onUpdate: () => void;
  readonly #maxInFlight: number;
  readonly #blocks = new Map<number, Block<Row>>();
  #wanted: number[] = [];
  #inFlight = 0;
  #disposed = false;
  #fetches = 0;

  constructor(options: BlockCacheOptions<Row, Page>) {
    this.blockSize = options.blockSize ?? 200;
    this.#fetch = options.fetch;
    this.#onUpdate = options.onUpdate ?? (() => {});
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 3);
  }

  /** Total rows, once known. */
  get matched(): number | null {
    return this.latest ? this.latest.matched : null;
  }

  /** How many fetches were started (for tests and diagnostics). */
  get fetches(): number {
    return this.#fetches;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** True once any block arrived. */
  get hasRows(): boolean {
    return this.latest !== null;
  }

  blockOf(index: number): number {
    return Math.floor(index / this.blockSize);
  }

  /** The row at `index`, or undefined while its block is not loaded. */
  rowAt(index: number): Row | undefined {
    const block = this.#blocks.get(this.blockOf(index));
    return block?.state === 'loaded' ? block.rows[index % this.blockSize] : undefined;
  }

  stateOf(block: number): Block<Row>['state'] | 'absent' {
    return this.#blocks.get(block)?.state ?? 'absent';
  }

  /** Declares the rows in view ([start, end)); fetches the missing blocks, the first ones first. */
  request(start: number, end: number): void {
    if (this.#disposed) return;
    const total = this.matched;
    const first = Math.max(0, start);
    const last = total === null ? Math.max(end, first + 1) : Math.min(end, total);
    const wanted: number[] = [];
    if (last > first) {
      for (let block = this.blockOf(first); block <= this.blockOf(last - 1); block++)
        wanted.push(block);
    }
    this.#wanted = wanted;
    this.#pump();
  }

  /** Forgets failed blocks and fetches what is still wanted. */
  retry(): void {
    for (const [index, block] of this.#blocks) {
      if (block.state === 'failed') this.#blocks.delete(index);
    }
    this.error = null;
    this.#pump();
    this.#onUpdate();
  }

  /** Stops this cache: responses still on their way are ignored. */
  dispose(): void {
    this.#disposed = true;
    this.#wanted = [];
  }

  #pump(): void {
    for (const block of this.#wanted) {
      if (this.#inFlight >= this.#maxInFlight) return;
      if (!this.#blocks.has(block)) this.#load(block);
    }
  }

  #load(block: number): void {
    this.#blocks.set(block, { state: 'loading' });
    this.#inFlight++;
    this.#fetches++;
    this.#fetch(block * this.blockSize, this.blockSize).then(
      (page) => {
        this.#inFlight--;
        if (this.#disposed) return;
        this.#blocks.set(block, { state: 'loaded', rows: page.rows });
        this.latest = page;
        this.#pump();
        this.#onUpdate();
      },
      (error: unknown) => {
        this.#inFlight--;
        if (this.#disposed) return;
        this.#blocks.set(block, { state: 'failed', error });
        this.error = error;
        this.#pump();
        this.#onUpdate();
      },
    );
  }
}
