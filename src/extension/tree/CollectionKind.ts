import type { ListFilter } from '../api/MerchantApi';

export const COLLECTION_KINDS = ['bills', 'subscriptions', 'preAuthorizations', 'users', 'payouts'] as const;
export type CollectionKind = (typeof COLLECTION_KINDS)[number];

export const COLLECTION_LABELS: Readonly<Record<CollectionKind, string>> = {
  bills: 'Bills',
  subscriptions: 'Subscriptions',
  preAuthorizations: 'Pre-authorizations',
  users: 'Users',
  payouts: 'Payouts',
};

/**
 * The filters the spec's Filtering table allows per resource. Users and
 * payouts have none; `paid` and `source_type` are bills only.
 */
export const COLLECTION_FILTERS: Readonly<Record<CollectionKind, readonly (keyof ListFilter)[]>> = {
  bills: ['status', 'paid', 'source_type', 'user_id', 'before', 'after', 'name', 'description'],
  subscriptions: ['status', 'user_id', 'before', 'after', 'name', 'description'],
  preAuthorizations: ['status', 'user_id', 'before', 'after', 'name', 'description'],
  users: [],
  payouts: [],
};

/**
 * What narrows a nested collection: a subscription's or pre-authorization's
 * bills (source_id), a user's resources (user_id), or a payout's bills. The
 * spec has no payout_id filter, so a payout's bills are found by scanning the
 * bills created before the payout (a bill exists before it is paid out), page
 * by page, keeping those whose payout_id matches.
 */
export type CollectionScope =
  | { readonly by: 'source_id'; readonly id: string }
  | { readonly by: 'user_id'; readonly id: string }
  | { readonly by: 'payout'; readonly id: string; readonly createdAt: string };

/** "status=paid · paid or withdrawn · after 2024-01-01": the description shown on a filtered collection. */
export function describeFilter(filter: ListFilter): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter) as [keyof ListFilter, unknown][]) {
    if (value === undefined || value === '') continue;
    if (key === 'paid') parts.push(value === true ? 'paid or withdrawn' : 'pending or failed');
    else if (key === 'before' || key === 'after') parts.push(`${key} ${String(value)}`);
    else parts.push(`${key}=${String(value)}`);
  }
  return parts.join(' · ');
}

export function isFilterEmpty(filter: ListFilter): boolean {
  return describeFilter(filter) === '';
}
