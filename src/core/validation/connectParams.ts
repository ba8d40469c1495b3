import type { ConnectResourceType, Currency, IntervalUnit, UserPrefill } from '../api/models';

/**
 * Which parameters each Connect resource takes, from the request params of
 * "Create a one-off bill", "Create a subscription" and "Create a pre-auth",
 * plus `currency` and `user` from "Pre-populating information".
 */
export const CONNECT_RESOURCE_PARAMS = {
  bill: ['amount', 'merchant_id', 'name', 'description', 'user', 'currency'],
  subscription: [
    'amount', 'merchant_id', 'interval_length', 'interval_unit', 'name', 'description', 'user',
    'start_at', 'expires_at', 'interval_count', 'setup_fee', 'currency',
  ],
  pre_authorization: [
    'max_amount', 'merchant_id', 'interval_length', 'interval_unit', 'expires_at', 'name', 'description', 'user',
    'interval_count', 'setup_fee', 'calendar_intervals', 'currency',
  ],
} as const satisfies Record<ConnectResourceType, readonly string[]>;

export type ConnectParamName<T extends ConnectResourceType = ConnectResourceType> = (typeof CONNECT_RESOURCE_PARAMS)[T][number];

/** The parameters marked "required" for each type (the examples also always send merchant_id). */
export const CONNECT_REQUIRED_PARAMS = {
  bill: ['amount', 'merchant_id'],
  subscription: ['amount', 'merchant_id', 'interval_length', 'interval_unit'],
  pre_authorization: ['max_amount', 'merchant_id', 'interval_length', 'interval_unit'],
} as const satisfies { [T in ConnectResourceType]: readonly ConnectParamName<T>[] };

/** The `user` prefill fields ("Billing information"). */
export const USER_PREFILL_FIELDS = [
  'first_name', 'last_name', 'company_name', 'email', 'billing_address1', 'billing_address2',
  'billing_town', 'billing_county', 'billing_postcode', 'country_code',
] as const satisfies readonly (keyof UserPrefill)[];

/**
 * Top-level link parameters besides the resource: the caller's choice of
 * return pages and a pass-through state (not signed-over client_id, nonce,
 * timestamp, which the link builder adds).
 */
export const CONNECT_LINK_OPTIONAL_PARAMS = ['redirect_uri', 'cancel_uri', 'state'] as const;

/** Everything a Connect link's resource may carry, in the forms the API accepts. */
export interface ConnectResourceParams {
  merchant_id: string;
  amount?: string | number;
  max_amount?: string | number;
  name?: string;
  description?: string;
  interval_length?: number | string;
  interval_unit?: IntervalUnit;
  interval_count?: number | string;
  start_at?: string;
  expires_at?: string;
  setup_fee?: string | number;
  calendar_intervals?: boolean;
  currency?: Currency;
  user?: UserPrefill;
}
