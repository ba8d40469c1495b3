import { ValidationError, type ValidationIssue } from '../validation/ValidationError';
import { parseIsoDate } from '../validation/fieldChecks';
import type { BillSourceType, BillStatus, MandateStatus } from './models';
import { RESOURCE_TYPES, type FilterKind, type ListableResource } from './resourceTypes';

/** A time for `before` / `after`: a Date or an ISO 8601 string; sent as ISO 8601 UTC ("2011-11-17T15:00:23Z"). */
export type FilterTime = Date | string;

/** Filters shared by bills, subscriptions and pre-authorizations (the spec's Filtering table). */
export interface CommonFilter {
  /** All resources belonging to a single user. */
  user_id?: string;
  /** Created before this time. */
  before?: FilterTime;
  /** Created after this time. */
  after?: FilterTime;
  /** Exact literal match with the resource name. */
  name?: string;
  /** Exact literal match with the resource description. */
  description?: string;
}

export interface BillFilter extends CommonFilter {
  /** The parent resource, e.g. a subscription or pre-authorization. */
  source_id?: string;
  source_type?: BillSourceType;
  subscription_id?: string;
  pre_authorization_id?: string;
  status?: BillStatus;
  /**
   * The spec: "False will include 'pending' and 'failed' bills. True will return 'paid' and 'withdrawn'
   * bills." So false → pending and failed only; refunded, chargedback and cancelled bills match neither
   * value (filter by status for those). The local sandbox answers the same way.
   */
  paid?: boolean;
}

export interface SubscriptionFilter extends CommonFilter { status?: MandateStatus }
export interface PreAuthorizationFilter extends CommonFilter { status?: MandateStatus }
/** The spec lists no filters for users or payouts. */
export type UserFilter = Readonly<Record<string, never>>;
export type PayoutFilter = Readonly<Record<string, never>>;

/** Which filters each list endpoint accepts, in the order of the spec's table (from `RESOURCE_TYPES`). */
export const FILTERS_BY_RESOURCE: Readonly<Record<ListableResource, Readonly<Record<string, FilterKind>>>> = Object.fromEntries(
  Object.values(RESOURCE_TYPES).map((d) => [d.path, d.filters]),
) as Record<ListableResource, Readonly<Record<string, FilterKind>>>;

/** ISO 8601 UTC, without milliseconds when they are zero (as the spec's example "2011-11-17T15:00:23Z"). */
function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Validates a filter for one list endpoint and turns it into query pairs. Throws a
 * ValidationError naming every bad field: unknown filters (the endpoint would silently ignore
 * them and return everything), statuses the resource cannot have, unreadable times, a range
 * whose `after` is not before its `before`. Unset values (undefined, null, "") are skipped.
 */
export function encodeFilter(resource: ListableResource, filter: object | undefined): [string, string][] {
  if (filter === undefined || filter === null) return [];
  const allowed = FILTERS_BY_RESOURCE[resource];
  const issues: ValidationIssue[] = [];
  const pairs: [string, string][] = [];
  const times: Record<string, number> = {};
  const given = filter as Record<string, unknown>;

  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(allowed, key) && given[key] !== undefined) {
      const names = Object.keys(allowed);
      issues.push({
        field: key, rule: 'not-allowed',
        message: names.length === 0
          ? `${resource} cannot be filtered (the API documents no filters for them), got "${key}"`
          : `${key} is not a filter for ${resource}; use ${names.join(', ')}`,
      });
    }
  }
  for (const [key, kind] of Object.entries(allowed)) {
    const value = given[key];
    if (value === undefined || value === null || value === '') continue;
    if (kind === 'id' || kind === 'text') {
      if (typeof value !== 'string') issues.push({ field: key, rule: 'type', message: `${key} must be text` });
      else pairs.push([key, value]);
    } else if (kind === 'boolean') {
      if (value === true || value === 'true') pairs.push([key, 'true']);
      else if (value === false || value === 'false') pairs.push([key, 'false']);
      else issues.push({ field: key, rule: 'boolean', message: `${key} must be true or false` });
    } else if (kind === 'time') {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIsoDate(value) : undefined;
      if (ms === undefined || Number.isNaN(ms)) {
        issues.push({ field: key, rule: 'iso8601', message: `${key} must be a Date or an ISO 8601 time such as 2011-11-17T15:00:23Z` });
      } else {
        times[key] = ms;
        pairs.push([key, isoUtc(ms)]);
      }
    } else if (typeof value !== 'string' || !kind.oneOf.includes(value)) {
      issues.push({ field: key, rule: 'not-allowed', message: `${key} must be one of ${kind.oneOf.join(', ')} for ${resource}, got ${JSON.stringify(value)}` });
    } else {
      pairs.push([key, value]);
    }
  }
  const { before, after } = times;
  if (before !== undefined && after !== undefined && after >= before) {
    issues.push({ field: 'after', rule: 'not-allowed', message: `after (${isoUtc(after)}) must be earlier than before (${isoUtc(before)}), or nothing can match` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return pairs;
}
