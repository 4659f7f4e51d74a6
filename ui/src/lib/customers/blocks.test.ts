import { describe, expect, it } from 'vitest';
import { BlockCache, type RowWindow } from './blocks';

interface Call {
  offset: number;
  limit: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A fake backend over `total` numbered rows whose responses the test releases by hand. */
function backend(total: number) {
  const calls: Call[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<RowWindow<number>>((resolve, reject) => {
      const rows = Array.from(
        { length: Math.max(0, Math.min(limit, total - offset)) },
        (_, i) => offset + i,
      );
      calls.push({ offset, limit, resolve: () => resolve({ rows, matched: total }), reject });
    });
  return { calls, fetch };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('BlockCache', () => {
  it('fetches only the blocks in view, in blocks of blockSize', async () => {
    const server = backend(20_000);
    let updates = 0;
    const cache = new BlockCache({
      fetch: server.fetch,
      blockSize: 200,
      onUpdate: () => updates++,
    });

    cache.request(0, 30);
    expect(server.calls.map((c) => [c.offset, c.limit])).toEqual([[0, 200]]);
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.matched).toBeNull();

    server.calls[0]!.resolve();
    await settle();
    expect(updates).toBe(1);
    expect(cache.matched).toBe(20_000);
    expect(cache.rowAt(0)).toBe(0);
    expect(cache.rowAt(199)).toBe(199);
    expect(cache.rowAt(200)).toBeUndefined();
  });

  it('does not fetch a block twice, loaded or in flight', async () => {
    const server = backend(1_000);
    const cache = new BlockCache({ fetch: server.fetch, blockSize: 200 });
    cache.request(0, 30);
    cache.request(10, 40); // still in flight
    expect(server.calls).toHaveLength(1);
    server.calls[0]!.resolve();
    await settle();
    cache.request(0, 50); // loaded
    expect(server.calls).toHaveLength(1);
    cache.request(190, 230); // spans into block 1
    expect(server.calls.map((c) => c.offset)).toEqual([0, 200]);
  });

  it('caches blocks it scrolled past and reuses them', async () => {
    const server = backend(20_000);
    const cache = new BlockCache({ fetch: server.fetch, blockSize: 200 });
    cache.request(0, 30);
    server.calls[0]!.resolve();
    await settle();
    cache.request(10_000, 10_030);
    server.calls[1]!.resolve();
    await settle();
    expect(server.calls.map((c) => c.offset)).toEqual([0, 10_000]);
    cache.request(0, 30);
    cache.request(10_000, 10_030);
    expect(server.calls).toHaveLength(2);
    expect(cache.rowAt(10_005)).toBe(10_005);
    expect(cache.stateOf(50)).toBe('loaded');
    expect(cache.stateOf(49)).toBe('absent');
  });

  it('limits requests in flight and drops blocks scrolled out of view before they started', async () => {
    const server = backend(20_000);
    const cache = new BlockCache({ fetch: server.fetch, blockSize: 200, maxInFlight: 2 });
    cache.request(0, 30);
    server.calls[0]!.resolve();
    await settle();
    // A fast fling: the view spans blocks 10..14, only two may load at once.
    cache.request(2_000, 3_000);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 2_000, 2_200]);
    expect(cache.inFlight).toBe(2);
    // The view moved on before those answered: block 12..14 are no longer wanted.
    cache.request(8_000, 8_030);
    server.calls[1]!.resolve();
    await settle();
    expect(server.calls.map((c) => c.offset)).toEqual([0, 2_000, 2_200, 8_000]);
    server.calls[2]!.resolve();
    server.calls[3]!.resolve();
    await settle();
    expect(cache.rowAt(2_100)).toBe(2_100); // answered late, still kept
    expect(cache.rowAt(8_001)).toBe(8_001);
    expect(cache.fetches).toBe(4);
  });

  it('never asks past the end once the total is known', async () => {
    const server = backend(250);
    const cache = new BlockCache({ fetch: server.fetch, blockSize: 200 });
    cache.request(0, 30);
    server.calls[0]!.resolve();
    await settle();
    cache.request(180, 1_000);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 200]);
    cache.request(400, 430);
    expect(server.calls).toHaveLength(2);
  });

  it('records failures and fetches them again on retry', async () => {
    const server = backend(500);
    let updates = 0;
    const cache = new BlockCache({
      fetch: server.fetch,
      blockSize: 200,
      onUpdate: () => updates++,
    });
    cache.request(0, 30);
    server.calls[0]!.reject(new Error('offline'));
    await settle();
    expect(cache.stateOf(0)).toBe('failed');
    expect((cache.error as Error).message).toBe('offline');
    cache.request(0, 30); // a failed block is not hammered on every scroll
    expect(server.calls).toHaveLength(1);
    cache.retry();
    expect(cache.error).toBeNull();
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.resolve();
    await settle();
    expect(cache.rowAt(3)).toBe(3);
    expect(updates).toBe(3);
  });

  it('ignores answers that arrive after it was disposed', async () => {
    const server = backend(500);
    let updates = 0;
    const cache = new BlockCache({ fetch: server.fetch, onUpdate: () => updates++ });
    cache.request(0, 30);
    cache.dispose();
    server.calls[0]!.resolve();
    await settle();
    expect(updates).toBe(0);
    expect(cache.rowAt(0)).toBeUndefined();
    cache.request(0, 30);
    expect(server.calls).toHaveLength(1);
  });
});
