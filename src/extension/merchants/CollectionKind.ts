import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES, type CollectionKind, type ResourceType } from '../../core/api/resourceTypes';
import type { ListFilter } from '../api/MerchantApi';

export type { CollectionKind };

/** A table with one entry per collection, read off `RESOURCE_TYPES` (whose order is the tree's). */
function byCollection<V>(value: (type: ResourceType) => V): Readonly<Record<CollectionKind, V>> {
  return Object.fromEntries(RESOURCE_TYPE_NAMES.map((type) => [RESOURCE_TYPES[type].collection, value(type)])) as Record<CollectionKind, V>;
}

export const COLLECTION_KINDS: readonly CollectionKind[] = RESOURCE_TYPE_NAMES.map((type) => RESOURCE_TYPES[type].collection);
/** The resource type each collection lists. */
export const COLLECTION_TYPES = byCollection((type) => type);
export const COLLECTION_LABELS = byCollection((type): string => RESOURCE_TYPES[type].pluralLabel);

/**
 * The filters the tree offers, in the order the filter picker lists them. A
 * collection offers those its list takes (the spec's Filtering table, in
 * `RESOURCE_TYPES`): users and payouts have none; `paid` and `source_type`
 * are bills only. Parent ids (source_id…) are the nested collections' scope.
 */
const PICKER_FILTERS: readonly (keyof ListFilter)[] = ['status', 'paid', 'source_type', 'user_id', 'before', 'after', 'name', 'description'];

export const COLLECTION_FILTERS = byCollection((type) => PICKER_FILTERS.filter((f) => Object.hasOwn(RESOURCE_TYPES[type].filters, f)));

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
