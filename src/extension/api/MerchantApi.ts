import type { GoCardlessClient } from '../../core/api/GoCardlessClient';
import type { ResourceReader } from '../../core/api/resourceTypes';

/**
 * Server-side filters from the spec's Filtering table, as the tree keeps
 * them for any collection. The client checks them per list (a named
 * ValidationError for a filter that list does not take) before sending.
 */
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

/**
 * The part of core's GoCardlessClient the extension uses: every resource
 * type's list and get (named in `RESOURCE_TYPES`), the merchant, and the
 * actions the context menus offer. `ClientPool` hands out the client itself.
 */
export type MerchantApi = ResourceReader &
  Pick<GoCardlessClient, 'getMerchant' | 'retryBill' | 'cancelBill' | 'refundBill' | 'cancelSubscription' | 'cancelPreAuthorization' | 'createBill' | 'close'>;
