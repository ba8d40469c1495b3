import { BILL_SOURCE_TYPES, BILL_STATUSES, MANDATE_STATUSES } from '../api/models';
import { FILTERS_BY_RESOURCE } from '../api/encodeFilter';
import type { ListableResource } from '../api/resourceTypes';
import type { BillRecord, PreAuthorizationRecord, SubscriptionRecord } from './records';
import { SandboxHttpError } from './SandboxHttpError';
import { dateFormatMessage, parseApiInstant } from '../validation/parseApiDate';
import { parseApiBoolean } from '../validation/parseApiBoolean';

/** A list endpoint's path segment (`RESOURCE_TYPES`' paths); its filters are the client's, from the spec's Filtering table. */
export type ListKind = ListableResource;

export const MAX_PER_PAGE = 500;

export interface ListQuery {
  filters: Map<string, string>;
  beforeMs?: number;
  afterMs?: number;
  /** Undefined when neither page nor per_page was given: pagination is off ("Pagination"). */
  page?: { page: number; perPage: number };
  /** Parameters that are not filters of this resource; the real API ignores them, the sandbox says so in a header. */
  ignored: string[];
}

function positiveInt(name: string, value: string, max?: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new SandboxHttpError(400, `${name} must be a whole number of at least 1 (got "${value}").`);
  const n = Number(value);
  if (max !== undefined && n > max) throw new SandboxHttpError(400, `${name} must be at most ${max} (got ${n}).`);
  return n;
}

export function parseListQuery(kind: ListKind, params: URLSearchParams): ListQuery {
  const allowed = FILTERS_BY_RESOURCE[kind];
  const q: ListQuery = { filters: new Map(), ignored: [] };
  let page: number | undefined;
  let perPage: number | undefined;
  for (const [key, value] of params) {
    if (key === 'page') page = positiveInt('page', value);
    else if (key === 'per_page') perPage = positiveInt('per_page', value, MAX_PER_PAGE);
    else if (!Object.hasOwn(allowed, key)) q.ignored.push(key);
    else {
      if (q.filters.has(key)) throw new SandboxHttpError(400, `${key} is given twice; each filter takes one value.`);
      q.filters.set(key, value);
    }
  }
  if (page !== undefined || perPage !== undefined) q.page = { page: page ?? 1, perPage: perPage ?? 100 };
  for (const key of ['before', 'after'] as const) {
    const v = q.filters.get(key);
    if (v === undefined) continue;
    const ms = parseApiInstant(v);
    if (ms === undefined) throw new SandboxHttpError(400, `${dateFormatMessage(key, v)}.`);
    if (key === 'before') q.beforeMs = ms;
    else q.afterMs = ms;
  }
  const status = q.filters.get('status');
  if (status !== undefined) {
    const statuses: readonly string[] = kind === 'bills' ? BILL_STATUSES : MANDATE_STATUSES;
    if (!statuses.includes(status)) throw new SandboxHttpError(400, `status must be one of ${statuses.join(', ')} (got "${status}").`);
  }
  const paid = q.filters.get('paid');
  if (paid !== undefined) {
    const flag = parseApiBoolean(paid);
    if (flag === undefined) throw new SandboxHttpError(400, `paid must be true or false (got "${paid}").`);
    q.filters.set('paid', String(flag));
  }
  const sourceType = q.filters.get('source_type');
  if (sourceType !== undefined && !(BILL_SOURCE_TYPES as readonly string[]).includes(sourceType)) {
    throw new SandboxHttpError(400, `source_type must be one of ${BILL_SOURCE_TYPES.join(', ')} (got "${sourceType}").`);
  }
  return q;
}

/** The predicate for the filters other than before/after (those are slices of the created_at-ordered list). */
export function billPredicate(q: ListQuery): ((b: BillRecord) => boolean) | undefined {
  const f = q.filters;
  const checks: Array<(b: BillRecord) => boolean> = [];
  const eq = (key: string, get: (b: BillRecord) => string | null): void => {
    const v = f.get(key);
    if (v !== undefined) checks.push((b) => get(b) === v);
  };
  eq('source_id', (b) => b.sourceId);
  eq('source_type', (b) => b.sourceType);
  eq('user_id', (b) => b.userId);
  eq('status', (b) => b.status);
  eq('name', (b) => b.name);
  eq('description', (b) => b.description);
  const sub = f.get('subscription_id');
  if (sub !== undefined) checks.push((b) => b.sourceType === 'subscription' && b.sourceId === sub);
  const pre = f.get('pre_authorization_id');
  if (pre !== undefined) checks.push((b) => b.sourceType === 'pre_authorization' && b.sourceId === pre);
  const paid = f.get('paid');
  // The Filtering table names the statuses for each value: "False will include 'pending' and 'failed'
  // bills. True will return 'paid' and 'withdrawn' bills." Read literally, refunded, chargedback and
  // cancelled bills match neither value (status= finds them); docs/sandbox-differences.md says so.
  if (paid === 'true') checks.push((b) => b.status === 'paid' || b.status === 'withdrawn');
  if (paid === 'false') checks.push((b) => b.status === 'pending' || b.status === 'failed');
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (b) => checks.every((c) => c(b));
}

export function mandatePredicate(q: ListQuery): ((m: SubscriptionRecord | PreAuthorizationRecord) => boolean) | undefined {
  const f = q.filters;
  const checks: Array<(m: SubscriptionRecord | PreAuthorizationRecord) => boolean> = [];
  for (const [key, get] of [
    ['user_id', (m: SubscriptionRecord | PreAuthorizationRecord) => m.userId],
    ['status', (m: SubscriptionRecord | PreAuthorizationRecord) => m.status],
    ['name', (m: SubscriptionRecord | PreAuthorizationRecord) => m.name],
    ['description', (m: SubscriptionRecord | PreAuthorizationRecord) => m.description],
  ] as const) {
    const v = f.get(key);
    if (v !== undefined) checks.push((m) => get(m) === v);
  }
  return checks.length ? (m) => checks.every((c) => c(m)) : undefined;
}
