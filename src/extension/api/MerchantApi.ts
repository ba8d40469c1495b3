import type { Bill, Merchant, Payout, PreAuthorization, Subscription, User } from '../../core/api/models';

/** One page of a list call, with what the `X-Pagination` header said about the rest. */
export interface ListPage<T> {
  records: T[];
  page: number;
  perPage: number;
  totalRecords?: number;
  totalPages?: number;
  next?: number;
  last?: number;
}

/** Server-side filters from the spec's Filtering table. */
export interface ListFilter {
  source_id?: string;
  source_type?: string;
  user_id?: string;
  before?: string;
  after?: string;
  status?: string;
  paid?: boolean;
  name?: string;
  description?: string;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface CreateBillInput {
  pre_authorization_id: string;
  amount: string;
  name?: string;
  description?: string;
  charge_customer_at?: string;
}

/**
 * The part of core's GoCardlessClient the extension uses. Written as an
 * interface so the tree and commands name exactly what they depend on;
 * `GoCardlessClient` satisfies it structurally.
 */
export interface MerchantApi {
  getMerchant(): Promise<Merchant>;
  listBills(filter: ListFilter, page: PageRequest): Promise<ListPage<Bill>>;
  listSubscriptions(filter: ListFilter, page: PageRequest): Promise<ListPage<Subscription>>;
  listPreAuthorizations(filter: ListFilter, page: PageRequest): Promise<ListPage<PreAuthorization>>;
  listUsers(filter: ListFilter, page: PageRequest): Promise<ListPage<User>>;
  listPayouts(filter: ListFilter, page: PageRequest): Promise<ListPage<Payout>>;
  getBill(id: string): Promise<Bill>;
  getSubscription(id: string): Promise<Subscription>;
  getPreAuthorization(id: string): Promise<PreAuthorization>;
  getPayout(id: string): Promise<Payout>;
  retryBill(id: string): Promise<Bill>;
  cancelBill(id: string): Promise<Bill>;
  refundBill(id: string): Promise<Bill>;
  cancelSubscription(id: string): Promise<Subscription>;
  cancelPreAuthorization(id: string): Promise<PreAuthorization>;
  createBill(input: CreateBillInput): Promise<Bill>;
  close(): Promise<void>;
}
