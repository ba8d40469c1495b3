import {
  BILL_SOURCE_TYPES, BILL_STATUSES, MANDATE_STATUSES,
  type Bill, type Merchant, type Payout, type PreAuthorization, type Subscription, type User,
} from './models';

/**
 * Type guards for the API's JSON, one per model. They check every field the model declares
 * (ids and URIs are strings, amounts are decimal strings as the API sends them, statuses are
 * the spec's), accept extra fields (servers add them), and say which field was wrong, so a bad
 * body becomes an UnexpectedResponseError naming it rather than a crash in the tree later.
 */

/** Returns what was expected when the value does not pass, undefined when it does. */
type Check = (value: unknown) => string | undefined;
interface Field { check: Check; optional?: boolean }
type Shape = Readonly<Record<string, Check | Field>>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

const text: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const decimal: Check = (v) => (typeof v === 'string' && DECIMAL.test(v) ? undefined : 'a decimal amount string like "10.00"');
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const wholeNumber: Check = (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? undefined : 'a whole number');
const nullable = (check: Check): Check => (v) => (v === null ? undefined : check(v) === undefined ? undefined : `${check(v)} or null`);
const oneOf = (values: readonly string[]): Check => (v) =>
  (typeof v === 'string' && values.includes(v) ? undefined : `one of ${values.join(', ')}`);
const optional = (check: Check): Field => ({ check, optional: true });
const stringArray: Check = (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'an array of strings');
const object = (shape: Shape): Check => {
  const fields = compile(shape);
  return (v) => (isRecord(v) ? problemIn(v, fields, '') : 'an object');
};

interface CompiledField { name: string; check: Check; optional: boolean }

/** Shapes are flattened once, so checking 10,000 bills allocates nothing per field. */
function compile(shape: Shape): CompiledField[] {
  return Object.entries(shape).map(([name, spec]) =>
    (typeof spec === 'function' ? { name, check: spec, optional: false } : { name, check: spec.check, optional: spec.optional === true }));
}

function problemIn(value: Record<string, unknown>, fields: readonly CompiledField[], path: string): string | undefined {
  for (const field of fields) {
    const fieldValue = value[field.name];
    if (fieldValue === undefined && field.optional) continue;
    const expected = field.check(fieldValue);
    if (expected !== undefined) {
      // Nested shapes report their own full "field must be …" sentence.
      return expected.includes(' must be ') ? `${path}${field.name}.${expected}` : `${path}${field.name} must be ${expected} (got ${describe(fieldValue)})`;
    }
  }
  return undefined;
}

export interface ModelGuard<T> {
  /** The resource name used in messages ("bill", "pre_authorization"). */
  readonly name: string;
  /** Why the value is not a T (naming the field), or undefined when it is. */
  problem(value: unknown, label?: string): string | undefined;
  is(value: unknown): value is T;
}

function guard<T>(name: string, shape: Shape): ModelGuard<T> {
  const fields = compile(shape);
  const problem = (value: unknown, label: string = name): string | undefined =>
    isRecord(value) ? problemIn(value, fields, `${label}.`) : `${label} must be an object (got ${describe(value)})`;
  return { name, problem, is: (value: unknown): value is T => problem(value) === undefined };
}

const CURRENCIES = ['GBP', 'EUR'] as const;
const INTERVAL_UNITS = ['day', 'week', 'month'] as const;

export const billGuard = guard<Bill>('bill', {
  id: text, amount: decimal, gocardless_fees: decimal, partner_fees: decimal, amount_minus_fees: optional(decimal),
  currency: oneOf(CURRENCIES), created_at: text, name: nullable(text), description: nullable(text),
  paid_at: nullable(text), status: oneOf(BILL_STATUSES), merchant_id: text, user_id: text,
  source_type: oneOf(BILL_SOURCE_TYPES), source_id: text, uri: text, can_be_retried: boolean,
  can_be_cancelled: optional(boolean), can_be_refunded: optional(boolean), payout_id: nullable(text),
  is_setup_fee: boolean, charge_customer_at: nullable(text),
});

const mandateFields = {
  id: text, interval_length: wholeNumber, interval_unit: oneOf(INTERVAL_UNITS), created_at: text,
  currency: oneOf(CURRENCIES), name: nullable(text), description: nullable(text), expires_at: nullable(text),
  next_interval_start: nullable(text), merchant_id: text, status: oneOf(MANDATE_STATUSES), user_id: text, uri: text,
  sub_resource_uris: object({ bills: text }),
} satisfies Shape;

export const subscriptionGuard = guard<Subscription>('subscription', {
  ...mandateFields, amount: decimal,
});

export const preAuthorizationGuard = guard<PreAuthorization>('pre_authorization', {
  ...mandateFields, max_amount: decimal, remaining_amount: decimal,
});

export const userGuard = guard<User>('user', {
  id: text, created_at: text, email: text, first_name: text, last_name: text,
});

export const payoutGuard = guard<Payout>('payout', {
  id: text, amount: decimal, bank_reference: text, app_ids: optional(stringArray), created_at: text,
  paid_at: nullable(text), transaction_fees: decimal,
});

export const merchantGuard = guard<Merchant>('merchant', {
  id: text, created_at: text, description: nullable(text), name: text, first_name: text, last_name: text,
  email: text, uri: text, balance: decimal, pending_balance: decimal, next_payout_date: nullable(text),
  next_payout_amount: nullable(decimal), hide_variable_amount: boolean,
  sub_resource_uris: object({ users: text, bills: text, pre_authorizations: text, subscriptions: text, payouts: text }),
});

export const isBill = billGuard.is;
export const isSubscription = subscriptionGuard.is;
export const isPreAuthorization = preAuthorizationGuard.is;
export const isUser = userGuard.is;
export const isPayout = payoutGuard.is;
export const isMerchant = merchantGuard.is;
