import type { Bill, Payout, PreAuthorization, Subscription, User } from '../../core/api/models';
import type { ListFilter } from '../api/MerchantApi';

export type ResourceRecord = Bill | Subscription | PreAuthorization | User | Payout;

/**
 * What a collection node has loaded so far. Kept by the tree (keyed by node
 * id) so expanding, collapsing and refreshing parents never re-fetch pages.
 */
export class CollectionState {
  filter: ListFilter = {};
  records: ResourceRecord[] = [];
  /** Next page to request (newest first: counting down); undefined when everything was loaded. */
  nextPage: number | undefined = 1;
  /** A first page was fetched since the last reset. */
  started = false;
  totalRecords: number | undefined;
  /** For a payout's bills: how many bills were scanned to find them. */
  scanned = 0;
  error: unknown;
  /** The page load in flight, so a double click on "Load more…" does not fetch a page twice. */
  loading: Promise<void> | undefined;

  get loadedOnce(): boolean {
    return this.started || this.error !== undefined;
  }

  /** Adds records after those shown, skipping any already shown (pages shift when records are created meanwhile). */
  append(records: readonly ResourceRecord[]): void {
    const shown = new Set(this.records.map((r) => r.id));
    for (const record of records) if (!shown.has(record.id)) this.records.push(record);
  }

  /** Forget the pages (the filter stays). */
  reset(): void {
    this.loading = undefined;
    this.records = [];
    this.nextPage = 1;
    this.started = false;
    this.totalRecords = undefined;
    this.scanned = 0;
    this.error = undefined;
  }
}
