import { CONNECT_RESOURCE_TYPES, type ConnectResourceType } from '../api/models';
import {
  CONNECT_REQUIRED_PARAMS, CONNECT_RESOURCE_PARAMS, USER_PREFILL_FIELDS,
} from './connectParams';
import {
  checkAmount, checkBoolean, checkCountryCode, checkCurrency, checkEmail, checkFutureDate, checkHttpUrl,
  checkIntervalUnit, checkPositiveInteger, checkRequired, checkText, isPresent, issue, parseIsoDate, type Issue,
} from './fieldChecks';
import type { ValidationIssue } from './ValidationError';

export interface ConnectParamsInput {
  readonly resourceType: string;
  /** The resource's params (`subscription[...]`), as untrusted input. */
  readonly resource: unknown;
  readonly redirect_uri?: unknown;
  readonly cancel_uri?: unknown;
  readonly state?: unknown;
}

export function isConnectResourceType(value: unknown): value is ConnectResourceType {
  return typeof value === 'string' && (CONNECT_RESOURCE_TYPES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every problem with a Connect link's parameters, field by field. `now` (epoch
 * ms) is the moment dates must come after; the link builder passes the link's
 * timestamp so a link built with a fixed timestamp validates the same way
 * every time. Shared by the link builder, the sandbox and the webview form so
 * they never disagree.
 */
export function validateConnectParams(input: ConnectParamsInput, now: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (i: Issue): void => {
    if (i) issues.push(i);
  };
  const type = input.resourceType;
  if (!isConnectResourceType(type)) {
    add(issue('resource_type', 'not-allowed', 'resource type must be bill, subscription or pre_authorization'));
    return issues;
  }
  const f = (name: string): string => `${type}[${name}]`;
  if (!isRecord(input.resource)) {
    add(issue(type, 'type', `${type} must be an object of parameters`));
    return issues;
  }
  const r = input.resource;
  const allowed: readonly string[] = CONNECT_RESOURCE_PARAMS[type];
  for (const key of Object.keys(r)) {
    if (!allowed.includes(key)) {
      add(issue(f(key), 'not-allowed', `${f(key)} is not a ${type} parameter (${type} takes ${allowed.join(', ')})`));
    }
  }
  for (const key of CONNECT_REQUIRED_PARAMS[type]) add(checkRequired(f(key), r[key]));

  const present = (key: string): boolean => allowed.includes(key) && isPresent(r[key]);
  for (const key of ['amount', 'max_amount', 'setup_fee']) if (present(key)) add(checkAmount(f(key), r[key]));
  for (const key of ['merchant_id', 'name', 'description']) if (present(key)) add(checkText(f(key), r[key]));
  if (present('interval_unit')) add(checkIntervalUnit(f('interval_unit'), r['interval_unit']));
  for (const key of ['interval_length', 'interval_count']) if (present(key)) add(checkPositiveInteger(f(key), r[key]));
  if (present('calendar_intervals')) add(checkBoolean(f('calendar_intervals'), r['calendar_intervals']));
  if (present('currency')) add(checkCurrency(f('currency'), r['currency']));

  const startIssue = present('start_at') ? checkFutureDate(f('start_at'), r['start_at'], now) : undefined;
  const expiresIssue = present('expires_at') ? checkFutureDate(f('expires_at'), r['expires_at'], now) : undefined;
  add(startIssue);
  add(expiresIssue);
  if (present('start_at') && present('expires_at') && !startIssue && !expiresIssue) {
    // "start_at … needs to be in the future and be before the expires_at if provided."
    const start = parseIsoDate(String(r['start_at']));
    const expires = parseIsoDate(String(r['expires_at']));
    if (start !== undefined && expires !== undefined && start >= expires) {
      add(issue(f('start_at'), 'start-before-expiry', `${f('start_at')} must be before ${f('expires_at')}`));
    }
  }

  if (present('user')) validateUser(r['user'], f('user'), r['currency'], add);

  if (isPresent(input.redirect_uri)) add(checkHttpUrl('redirect_uri', input.redirect_uri));
  if (isPresent(input.cancel_uri)) add(checkHttpUrl('cancel_uri', input.cancel_uri));
  if (input.state !== undefined && input.state !== null) add(checkText('state', input.state));
  return issues;
}

function validateUser(user: unknown, prefix: string, currency: unknown, add: (i: Issue) => void): void {
  if (!isRecord(user)) {
    add(issue(prefix, 'type', `${prefix} must be an object of prefill fields`));
    return;
  }
  const allowed: readonly string[] = USER_PREFILL_FIELDS;
  for (const [key, value] of Object.entries(user)) {
    const field = `${prefix}[${key}]`;
    if (!allowed.includes(key)) {
      add(issue(field, 'not-allowed', `${field} is not a user prefill field (the user takes ${allowed.join(', ')})`));
    } else if (!isPresent(value)) {
      continue;
    } else if (key === 'country_code') {
      add(checkCountryCode(field, value, currency));
    } else if (key === 'email') {
      add(checkEmail(field, value));
    } else {
      add(checkText(field, value));
    }
  }
}
