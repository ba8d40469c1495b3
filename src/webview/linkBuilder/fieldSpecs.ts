import { EUR_COUNTRIES, type ConnectResourceType } from '../../core/api/models';
import type { LinkFormField } from '../../core/protocol';
import { CONNECT_REQUIRED_PARAMS } from '../../core/validation';

export type FieldGroup = 'payment' | 'schedule' | 'customer' | 'redirect';
export type FieldKind = 'text' | 'amount' | 'integer' | 'date' | 'select' | 'email' | 'url' | 'country';

export interface FieldSpec {
  readonly field: LinkFormField;
  readonly label: string;
  readonly group: FieldGroup;
  readonly kind: FieldKind;
  readonly options?: readonly (readonly [value: string, label: string])[];
  readonly hint?: string;
}

export const GROUPS: readonly { readonly id: FieldGroup; readonly legend: string }[] = [
  { id: 'payment', legend: 'Payment' },
  { id: 'schedule', legend: 'Schedule' },
  { id: 'customer', legend: 'Customer prefill' },
  { id: 'redirect', legend: 'Redirect' },
];

/** Labels and hints from the spec's request params. */
export const FIELD_SPECS: readonly FieldSpec[] = [
  { field: 'amount', label: 'Amount', group: 'payment', kind: 'amount', hint: 'e.g. 10.00 — at most two decimals' },
  { field: 'max_amount', label: 'Maximum amount per interval', group: 'payment', kind: 'amount', hint: 'the most that can be collected within one interval' },
  { field: 'currency', label: 'Currency', group: 'payment', kind: 'select', options: [['', 'Default (GBP)'], ['GBP', 'GBP — British Pound Sterling'], ['EUR', 'EUR — Euro']] },
  { field: 'name', label: 'Name', group: 'payment', kind: 'text', hint: 'shown to the customer beside the amount, e.g. an invoice reference' },
  { field: 'description', label: 'Description', group: 'payment', kind: 'text' },
  { field: 'setup_fee', label: 'Setup fee', group: 'payment', kind: 'amount', hint: 'a one-off amount charged at sign-up' },
  { field: 'interval_length', label: 'Interval length', group: 'schedule', kind: 'integer', hint: 'number of interval units per interval' },
  { field: 'interval_unit', label: 'Interval unit', group: 'schedule', kind: 'select', options: [['', '—'], ['day', 'day'], ['week', 'week'], ['month', 'month']] },
  { field: 'interval_count', label: 'Interval count', group: 'schedule', kind: 'integer', hint: 'sets expires_at from a number of intervals; expires_at wins if both are given' },
  { field: 'start_at', label: 'Start at', group: 'schedule', kind: 'date', hint: 'in the future, before expires_at' },
  { field: 'expires_at', label: 'Expires at', group: 'schedule', kind: 'date', hint: 'expires just after midnight (UTC) of this date' },
  { field: 'calendar_intervals', label: 'Calendar intervals', group: 'schedule', kind: 'select', options: [['', 'Default (false)'], ['true', 'true — align with calendar weeks/months'], ['false', 'false']] },
  { field: 'user[first_name]', label: 'First name', group: 'customer', kind: 'text' },
  { field: 'user[last_name]', label: 'Last name', group: 'customer', kind: 'text' },
  { field: 'user[company_name]', label: 'Company name', group: 'customer', kind: 'text' },
  { field: 'user[email]', label: 'Email', group: 'customer', kind: 'email' },
  { field: 'user[billing_address1]', label: 'Address line 1', group: 'customer', kind: 'text' },
  { field: 'user[billing_address2]', label: 'Address line 2', group: 'customer', kind: 'text' },
  { field: 'user[billing_town]', label: 'Town', group: 'customer', kind: 'text' },
  { field: 'user[billing_county]', label: 'County', group: 'customer', kind: 'text' },
  { field: 'user[billing_postcode]', label: 'Postcode', group: 'customer', kind: 'text' },
  { field: 'user[country_code]', label: 'Country code', group: 'customer', kind: 'country', hint: 'two letters, e.g. GB; EUR payments need one of the listed countries' },
  { field: 'redirect_uri', label: 'Redirect URI', group: 'redirect', kind: 'url', hint: 'scheme, host and port must match the URI registered for the app' },
  { field: 'cancel_uri', label: 'Cancel URI', group: 'redirect', kind: 'url', hint: 'only when a cancel URI is registered for the app' },
  { field: 'state', label: 'State', group: 'redirect', kind: 'text', hint: 'passed back unchanged on the redirect' },
];

export const COUNTRY_OPTIONS: readonly (readonly [string, string])[] = [['GB', 'United Kingdom'], ...Object.entries(EUR_COUNTRIES)];

export function isRequired(field: LinkFormField, type: ConnectResourceType): boolean {
  return (CONNECT_REQUIRED_PARAMS[type] as readonly string[]).includes(field);
}

export const RESOURCE_TYPE_LABELS: Readonly<Record<ConnectResourceType, string>> = {
  bill: 'One-off bill',
  subscription: 'Subscription',
  pre_authorization: 'Pre-authorization',
};
