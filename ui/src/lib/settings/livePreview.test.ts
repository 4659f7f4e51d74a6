import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LivePreview, type PreviewState } from './livePreview';

/** A render whose answers the test releases by hand, in any order. */
function controlledRender() {
  const calls: { input: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const render = (input: string) =>
    new Promise<string>((resolve, reject) => calls.push({ input, resolve, reject }));
  return { calls, render };
}

describe('LivePreview', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('renders once after the typing pauses, with the last text', async () => {
    const { calls, render } = controlledRender();
    const seen: PreviewState<string>[] = [];
    const preview = new LivePreview(render, (s) => seen.push(s), 300);
    preview.schedule('H');
    await vi.advanceTimersByTimeAsync(100);
    preview.schedule('Hi');
    await vi.advanceTimersByTimeAsync(100);
    preview.schedule('Hi {{ x }}');
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.input)).toEqual(['Hi {{ x }}']);
    calls[0]!.resolve('rendered');
    await vi.runAllTimersAsync();
    expect(preview.state).toEqual({ kind: 'ready', value: 'rendered' });
    expect(seen.map((s) => s.kind)).toEqual(['waiting', 'waiting', 'waiting', 'ready']);
  });

  it('never lets a slow answer to older text replace a newer one', async () => {
    const { calls, render } = controlledRender();
    const preview = new LivePreview(render, () => {}, 300);
    preview.schedule('old');
    await vi.advanceTimersByTimeAsync(300);
    preview.schedule('new');
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.input)).toEqual(['old', 'new']);
    calls[1]!.resolve('new rendered');
    await vi.runAllTimersAsync();
    calls[0]!.resolve('old rendered');
    await vi.runAllTimersAsync();
    expect(preview.state).toEqual({ kind: 'ready', value: 'new rendered' });
  });

  it('keeps showing the last preview while the next is on its way', async () => {
    const { calls, render } = controlledRender();
    const preview = new LivePreview(render, () => {}, 300);
    const first = preview.now('a');
    calls[0]!.resolve('A');
    await first;
    preview.schedule('ab');
    expect(preview.state).toEqual({ kind: 'ready', value: 'A' });
  });

  it('now() renders at once and cancels a pending render', async () => {
    const { calls, render } = controlledRender();
    const preview = new LivePreview(render, () => {}, 300);
    preview.schedule('typed');
    const done = preview.now('picked');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.input)).toEqual(['picked']);
    calls[0]!.resolve('P');
    await done;
    expect(preview.state).toEqual({ kind: 'ready', value: 'P' });
  });

  it('reports a failed render of the latest text, and ignores failures of older ones', async () => {
    const { calls, render } = controlledRender();
    const preview = new LivePreview(render, () => {}, 300);
    const old = preview.now('x');
    const latest = preview.now('y');
    calls[0]!.reject(new Error('stale failure'));
    await old;
    expect(preview.state.kind).toBe('waiting');
    calls[1]!.reject(new Error('The invoice is no longer in Settle'));
    await latest;
    expect(preview.state).toEqual({
      kind: 'failed',
      message: 'The invoice is no longer in Settle',
    });
  });

  it('drops everything after dispose', async () => {
    const { calls, render } = controlledRender();
    const preview = new LivePreview(render, () => {}, 300);
    preview.schedule('x');
    preview.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
  });
});
