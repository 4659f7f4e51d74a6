import { describe, expect, it } from 'vitest';
import type { CustomerPage } from '$lib/bindings/CustomerPage';
import type { CustomerQuery } from '$lib/bindings/CustomerQuery';
import type { CustomerRowView } from '$lib/bindings/CustomerRowView';
import { CustomerListing } from './listing';

function row(id: number, name: string): CustomerRowView {
  return {
    id,
    name,
    archived: false,
    chasing: true,
    schedule: null,
    openInvoices: 1,
    outstanding: '10.00',
    overdue: '0.00',
    balances: [],
    lastReminderAt: null,
    nextReminderAt: null,
  };
}

/** A fake list_customers over named customers, answering only when the test says so. */
function server(names: string[]) {
  const calls: { query: CustomerQuery; answer: () => void; fail: () => void }[] = [];
  const fetch = (query: CustomerQuery) =>
    new Promise<CustomerPage>((resolve, reject) => {
      const matching = names
        .map((name, i) => row(i + 1, name))
        .filter((r) => r.name.toLowerCase().includes(query.search.toLowerCase()));
      const page: CustomerPage = {
        counts: { chasing: names.length, notChasing: 0 },
        matched: matching.length,
        outstanding: `${matching.length * 10}.00`,
        overdue: '0.00',
        baseCurrency: 'GBP',
        rows: matching.slice(query.offset, query.offset + query.limit),
      };
      calls.push({ query, answer: () => resolve(page), fail: () => reject(new Error('locked')) });
    });
  return { calls, fetch };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const names = Array.from({ length: 450 }, (_, i) => (i % 2 ? `Bakery ${i}` : `Garage ${i}`));

describe('CustomerListing', () => {
  it('loads the first block with the query and reports counts and totals', async () => {
    const api = server(names);
    let changes = 0;
    const listing = new CustomerListing({ fetch: api.fetch, onChange: () => changes++ });
    expect(listing.status).toBe('loading');
    listing.start();
    expect(api.calls[0]!.query).toEqual({
      tab: 'chasing',
      search: '',
      sort: 'overdue',
      descending: true,
      offset: 0,
      limit: 200,
    });
    api.calls[0]!.answer();
    await settle();
    expect(listing.status).toBe('ready');
    expect(listing.matched).toBe(450);
    expect(listing.page?.outstanding).toBe('4500.00');
    expect(listing.row(1)?.name).toBe('Bakery 1');
    expect(changes).toBeGreaterThan(0);
  });

  it('hides the old rows at once for a new query, keeping the old totals until it answers', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.answer();
    await settle();
    listing.setRange(0, 20);

    expect(listing.setQuery({ search: 'bakery' })).toBe(true);
    expect(listing.setQuery({ search: 'bakery' })).toBe(false);
    expect(listing.query.search).toBe('bakery');
    expect(listing.shownQuery?.search).toBe(''); // what is on screen still answers ''
    expect(listing.refreshing).toBe(true);
    expect(listing.status).toBe('loading');
    expect(listing.row(0)).toBeUndefined(); // never a Garage under a search for bakeries
    expect(listing.page?.outstanding).toBe('4500.00'); // header stays put meanwhile
    expect(api.calls[1]!.query.search).toBe('bakery');
    expect(api.calls[1]!.query.offset).toBe(0);

    api.calls[1]!.answer();
    await settle();
    expect(listing.refreshing).toBe(false);
    expect(listing.status).toBe('ready');
    expect(listing.row(0)?.name).toBe('Bakery 1');
    expect(listing.matched).toBe(225);
    expect(listing.page?.outstanding).toBe('2250.00');
    expect(listing.shownQuery?.search).toBe('bakery');
  });

  it('keeps the current rows visible while refreshing after a change, and says when done', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.answer();
    await settle();

    let done = false;
    void listing.reload().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    expect(listing.refreshing).toBe(true);
    expect(listing.status).toBe('ready');
    expect(listing.row(0)?.name).toBe('Garage 0');
    api.calls[1]!.answer();
    await settle();
    expect(done).toBe(true);
    expect(listing.refreshing).toBe(false);
  });

  it('settles a refresh that a newer one replaced', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.answer();
    await settle();
    let first = false;
    void listing.reload().then(() => (first = true));
    const second = listing.reload();
    await settle();
    expect(first).toBe(true);
    api.calls[2]!.answer();
    await expect(second).resolves.toBeUndefined();
  });

  it('drops an outdated answer when the query changed again meanwhile', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    listing.setQuery({ search: 'garage' });
    api.calls[1]!.answer();
    api.calls[0]!.answer(); // the first, outdated query answers last
    await settle();
    expect(listing.query.search).toBe('garage');
    expect(listing.row(0)?.name).toBe('Garage 0');
    expect(listing.row(1)?.name).toBe('Garage 2');
  });

  it('refetches the visible blocks after a change, keeping the scroll position', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.answer();
    await settle();
    listing.setRange(190, 215);
    api.calls[1]!.answer();
    await settle();
    expect(api.calls.map((c) => c.query.offset)).toEqual([0, 200]);

    listing.reload();
    expect(api.calls.slice(2).map((c) => c.query.offset)).toEqual([0, 200]);
    api.calls[3]!.answer();
    await settle();
    expect(listing.row(205)?.name).toBe('Bakery 205');
    expect(listing.row(5)).toBeUndefined(); // block 0 not back yet: a skeleton, not stale data
  });

  it('moves a new query back to the top', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.answer();
    await settle();
    listing.setRange(400, 420);
    listing.setQuery({ tab: 'not_chasing' });
    const last = api.calls[api.calls.length - 1]!;
    expect(last.query.tab).toBe('not_chasing');
    expect(last.query.offset).toBe(0);
  });

  it('reports an error when nothing could load, and retries', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.start();
    api.calls[0]!.fail();
    await settle();
    expect(listing.status).toBe('error');
    expect((listing.error as Error).message).toBe('locked');
    listing.retry();
    api.calls[1]!.answer();
    await settle();
    expect(listing.status).toBe('ready');
    expect(listing.error).toBeNull();
  });

  it('takes a prefetched first block instead of asking again', async () => {
    const api = server(names);
    const listing = new CustomerListing({ fetch: api.fetch });
    listing.prefetch();
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.query).toMatchObject({ search: '', offset: 0, limit: 200 });
    listing.start();
    expect(api.calls).toHaveLength(1); // the load waits for the prefetch, not a second ask
    api.calls[0]!.answer();
    await settle();
    expect(listing.status).toBe('ready');
    expect(listing.row(0)?.name).toBe('Garage 0');

    listing.reload(); // only the first load may use it
    expect(api.calls).toHaveLength(2);
  });

  it('asks again when the prefetch failed, or was for another query', async () => {
    const api = server(names);
    const failed = new CustomerListing({ fetch: api.fetch });
    failed.prefetch();
    api.calls[0]!.fail(); // say, no organisation was open yet
    await settle();
    failed.start();
    expect(api.calls).toHaveLength(2);
    api.calls[1]!.answer();
    await settle();
    expect(failed.status).toBe('ready');

    const inFlight = new CustomerListing({ fetch: api.fetch });
    inFlight.prefetch();
    inFlight.start(); // takes the prefetch while it is still on its way
    api.calls[2]!.fail();
    await settle();
    expect(api.calls).toHaveLength(4);
    api.calls[3]!.answer();
    await settle();
    expect(inFlight.status).toBe('ready');
    expect(inFlight.error).toBeNull();

    const other = new CustomerListing({ fetch: api.fetch });
    other.prefetch();
    other.setQuery({ search: 'bakery' });
    expect(api.calls).toHaveLength(6);
    expect(api.calls[5]!.query.search).toBe('bakery');
  });
});
