/**
 * The template editor's live preview: re-render after the owner pauses typing (debounced), and
 * show only the answer to the latest request — a slow answer to an older text never replaces a
 * newer one. Plain TypeScript so its timing can be tested with fake timers; the component mirrors
 * `state` into Svelte state through `onChange`.
 */

export type PreviewState<Out> =
  | { kind: 'idle' }
  | { kind: 'waiting' }
  | { kind: 'ready'; value: Out }
  | { kind: 'failed'; message: string };

export class LivePreview<In, Out> {
  state: PreviewState<Out> = { kind: 'idle' };
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Increases with every request: an answer is shown only if it belongs to the latest. */
  private latest = 0;

  constructor(
    private readonly render: (input: In) => Promise<Out>,
    private readonly onChange: (state: PreviewState<Out>) => void,
    readonly delayMs = 300,
  ) {}

  /** The input changed: render it once the owner has paused for `delayMs`. */
  schedule(input: In): void {
    if (this.timer !== null) clearTimeout(this.timer);
    const ticket = ++this.latest;
    if (this.state.kind !== 'ready') this.set({ kind: 'waiting' });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run(input, ticket);
    }, this.delayMs);
  }

  /** Render now (a new invoice was picked, or the editor opened). */
  now(input: In): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.state.kind !== 'ready') this.set({ kind: 'waiting' });
    return this.run(input, ++this.latest);
  }

  /** Stop: a pending render is dropped and late answers are ignored. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.latest++;
  }

  private async run(input: In, ticket: number): Promise<void> {
    try {
      const value = await this.render(input);
      if (ticket === this.latest) this.set({ kind: 'ready', value });
    } catch (reason) {
      if (ticket !== this.latest) return;
      const message = reason instanceof Error ? reason.message : String(reason);
      this.set({ kind: 'failed', message });
    }
  }

  private set(state: PreviewState<Out>): void {
    this.state = state;
    this.onChange(state);
  }
}
