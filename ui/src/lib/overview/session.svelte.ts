/**
 * What the customers overview remembers while the user visits a customer and comes back:
 * the query, the cached rows, the scroll position and the highlighted row.
 */
import { listCustomers, type CustomerPage, type CustomerRowView, type Tab } from '$lib/api';
import type { SortState } from '$lib/customers/columns';
import { CustomerListing, type ListingQuery, type ListingStatus } from '$lib/customers/listing';

export class OverviewSession {
  /** Bumped whenever the listing has news; reading it makes the getters below reactive. */
  version = $state(0);
  /** What is typed in the search box (the query follows it after a short pause). */
  searchText = $state('');
  activeIndex = $state(-1);
  scrollTop = 0;
  /** The Changes.revision this listing last loaded for. */
  seenRevision = 0;

  readonly listing: CustomerListing;

  constructor(fetch = listCustomers) {
    this.listing = new CustomerListing({ fetch, onChange: () => this.version++ });
  }

  /** The tab asked for (actions such as Set all act on it at once). */
  get tab(): Tab {
    void this.version;
    return this.listing.query.tab;
  }

  /** The tab whose customers are on screen: the tab bar selects this one. */
  get shownTab(): Tab {
    void this.version;
    return (this.listing.shownQuery ?? this.listing.query).tab;
  }

  /** Set when "/" is pressed elsewhere: the overview focuses its search box when shown. */
  focusSearch = false;

  get search(): string {
    void this.version;
    return this.listing.query.search;
  }

  get sort(): SortState {
    void this.version;
    return { sort: this.listing.query.sort, descending: this.listing.query.descending };
  }

  get page(): CustomerPage | null {
    void this.version;
    return this.listing.page;
  }

  get matched(): number {
    void this.version;
    return this.listing.matched;
  }

  get status(): ListingStatus {
    void this.version;
    return this.listing.status;
  }

  get refreshing(): boolean {
    void this.version;
    return this.listing.refreshing;
  }

  get error(): unknown {
    void this.version;
    return this.listing.error;
  }

  /** Changes whenever the list should jump back to the top. */
  get queryKey(): string {
    const { tab, search, sort, descending } = this.listing.query;
    void this.version;
    return `${tab}|${search}|${sort}|${descending}`;
  }

  row(index: number): CustomerRowView | undefined {
    void this.version;
    return this.listing.row(index);
  }

  change(query: Partial<ListingQuery>): void {
    if (this.listing.setQuery(query)) {
      this.activeIndex = -1;
      this.scrollTop = 0;
    }
  }
}
