/**
 * The Basic API (v1) resources, with every field the reference documents.
 * Amounts are decimal strings ("44.0"), as the API sends them; times are
 * ISO 8601 UTC strings; dates (charge_customer_at, next_payout_date) are YYYY-MM-DD.
 */

export type Currency = 'GBP' | 'EUR';
export type IntervalUnit = 'day' | 'week' | 'month';

export const BILL_STATUSES = ['pending', 'paid', 'failed', 'refunded', 'chargedback', 'cancelled', 'withdrawn'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** Subscriptions and pre-authorizations share these. */
export const MANDATE_STATUSES = ['inactive', 'active', 'cancelled', 'expired'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

export const BILL_SOURCE_TYPES = ['subscription', 'pre_authorization', 'ad_hoc_authorization'] as const;
export type BillSourceType = (typeof BILL_SOURCE_TYPES)[number];

/** The three resources a Connect payment link can create. */
export const CONNECT_RESOURCE_TYPES = ['bill', 'subscription', 'pre_authorization'] as const;
export type ConnectResourceType = (typeof CONNECT_RESOURCE_TYPES)[number];

export interface Bill {
  id: string;
  amount: string;
  gocardless_fees: string;
  partner_fees: string;
  amount_minus_fees?: string;
  currency: Currency;
  created_at: string;
  name: string | null;
  description: string | null;
  paid_at: string | null;
  status: BillStatus;
  merchant_id: string;
  user_id: string;
  source_type: BillSourceType;
  source_id: string;
  uri: string;
  can_be_retried: boolean;
  can_be_cancelled?: boolean;
  can_be_refunded?: boolean;
  payout_id: string | null;
  is_setup_fee: boolean;
  charge_customer_at: string | null;
}

/** The fields of the spec's "subscription mandate" and "pre-authorisation mandate" alike: they differ only in amounts. */
export interface MandateBase {
  id: string;
  interval_length: number;
  interval_unit: IntervalUnit;
  created_at: string;
  currency: Currency;
  name: string | null;
  description: string | null;
  expires_at: string | null;
  next_interval_start: string | null;
  merchant_id: string;
  status: MandateStatus;
  user_id: string;
  uri: string;
  sub_resource_uris: { bills: string };
}

/** A fixed amount every interval. */
export interface Subscription extends MandateBase {
  amount: string;
}

/** Variable bills up to max_amount per interval; remaining_amount is what is left of this one. */
export interface PreAuthorization extends MandateBase {
  max_amount: string;
  remaining_amount: string;
}

export interface User {
  id: string;
  created_at: string;
  email: string;
  first_name: string;
  last_name: string;
}

export interface Payout {
  id: string;
  amount: string;
  bank_reference: string;
  app_ids?: string[];
  created_at: string;
  paid_at: string | null;
  transaction_fees: string;
}

export interface Merchant {
  id: string;
  created_at: string;
  description: string | null;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  uri: string;
  balance: string;
  pending_balance: string;
  next_payout_date: string | null;
  next_payout_amount: string | null;
  hide_variable_amount: boolean;
  sub_resource_uris: {
    users: string;
    bills: string;
    pre_authorizations: string;
    subscriptions: string;
    payouts: string;
  };
}

/** The user object a Connect link may prefill ("Billing information"). */
export interface UserPrefill {
  first_name?: string;
  last_name?: string;
  company_name?: string;
  email?: string;
  billing_address1?: string;
  billing_address2?: string;
  billing_town?: string;
  billing_county?: string;
  billing_postcode?: string;
  country_code?: string;
}

/** Countries a EUR payment's user[country_code] may name ("Currency information"). */
export const EUR_COUNTRIES: Readonly<Record<string, string>> = {
  AT: 'Austria', BE: 'Belgium', CY: 'Cyprus', EE: 'Estonia', FI: 'Finland', FR: 'France', DE: 'Germany',
  GR: 'Greece', IE: 'Ireland', IT: 'Italy', LV: 'Latvia', LU: 'Luxembourg', MT: 'Malta', MC: 'Monaco',
  NL: 'Netherlands', PT: 'Portugal', SM: 'San Marino', SK: 'Slovakia', SI: 'Slovenia', ES: 'Spain',
};

/** Webhook resource types and the actions the spec lists for each ("Available webhooks"). */
export const WEBHOOK_ACTIONS = {
  bill: ['created', 'paid', 'withdrawn', 'failed', 'cancelled', 'refunded', 'chargedback', 'retried'],
  pre_authorization: ['cancelled', 'expired'],
  subscription: ['cancelled', 'expired'],
} as const;
export type WebhookResourceType = keyof typeof WEBHOOK_ACTIONS;

export type WebhookAction<T extends WebhookResourceType = WebhookResourceType> = (typeof WEBHOOK_ACTIONS)[T][number];

/**
 * The key of a webhook's objects array ("the pluralize name of the resource
 * type"), which is also the resource's path segment under /api/v1/.
 */
export const WEBHOOK_OBJECTS_KEY = {
  bill: 'bills', pre_authorization: 'pre_authorizations', subscription: 'subscriptions',
} as const satisfies Readonly<Record<WebhookResourceType, string>>;

/** A webhook's objects key for a resource_type read off the wire, or undefined for one the spec does not list. */
export function webhookObjectsKey(resourceType: string): string | undefined {
  return Object.hasOwn(WEBHOOK_OBJECTS_KEY, resourceType) ? WEBHOOK_OBJECTS_KEY[resourceType as WebhookResourceType] : undefined;
}

/** Where the Basic API lives ("API endpoints"). */
export const ENVIRONMENT_BASE_URLS = {
  live: 'https://gocardless.com',
  sandbox: 'https://sandbox.gocardless.com',
} as const;
export type NamedEnvironment = keyof typeof ENVIRONMENT_BASE_URLS;
