import { EUR_COUNTRIES } from '../api/models';
import { parseApiBoolean } from './parseApiBoolean';
import { dateFormatMessage, parseApiDate, parseApiInstant } from './parseApiDate';
import type { ValidationIssue } from './ValidationError';

/**
 * Checks for single values. Each returns the issue or undefined, so a form can
 * check one input as the user types and a whole link can collect every issue.
 * Pure TypeScript with no Node imports: the link builder webview bundles these.
 */

export type Issue = ValidationIssue | undefined;

const AMOUNT = /^\d+(\.\d+)?$/;
const POSITIVE_WHOLE = /^[1-9]\d*$/;

export const INTERVAL_UNITS = ['day', 'week', 'month'] as const;
export const CURRENCIES = ['GBP', 'EUR'] as const;

export function issue(field: string, rule: ValidationIssue['rule'], message: string): ValidationIssue {
  return { field, rule, message };
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function checkRequired(field: string, value: unknown): Issue {
  return isPresent(value) ? undefined : issue(field, 'required', `${field} is required`);
}

/** A text value (name, description, merchant_id, state): any string; numbers are accepted as their text. */
export function checkText(field: string, value: unknown): Issue {
  if (typeof value === 'string' || typeof value === 'number') return undefined;
  return issue(field, 'type', `${field} must be text`);
}

/** Amounts: given as a string ("10.50") or a number (10.5); positive, at most two decimals. */
export function checkAmount(field: string, value: unknown): Issue {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return issue(field, 'amount', `${field} must be a number like 10.50`);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return issue(field, 'amount', `${field} must be a number like 10.50`);
  }
  if (!AMOUNT.test(text)) return issue(field, 'amount', `${field} must be a number like 10.50 (digits, an optional point and pence)`);
  if (Number(text) <= 0) return issue(field, 'positive', `${field} must be greater than 0`);
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  if (decimals > 2) return issue(field, 'two-decimals', `${field} must have at most two decimal places`);
  return undefined;
}

export function checkIntervalUnit(field: string, value: unknown): Issue {
  return typeof value === 'string' && (INTERVAL_UNITS as readonly string[]).includes(value)
    ? undefined
    : issue(field, 'interval-unit', `${field} must be day, week or month`);
}

/** interval_length and interval_count: "a positive integer greater than 0". */
export function checkPositiveInteger(field: string, value: unknown): Issue {
  const ok = typeof value === 'number' ? Number.isSafeInteger(value) && value > 0 : typeof value === 'string' && POSITIVE_WHOLE.test(value);
  return ok ? undefined : issue(field, 'positive-integer', `${field} must be a whole number greater than 0`);
}

/** true/false, and the other spellings the official libraries send (Python's True, PHP's 1): see parseApiBoolean. */
export function checkBoolean(field: string, value: unknown): Issue {
  return parseApiBoolean(value) !== undefined
    ? undefined
    : issue(field, 'boolean', `${field} must be true or false`);
}

/**
 * An ISO 8601 date or date-time → epoch milliseconds, read by the one lenient
 * parser (parseApiDate.ts): `2025-02-14`, `2025-02-14T09:00:00Z`, `…+01:00`,
 * `…+0100`, Python's `2025-02-14 09:00:00.139109`. A date alone means midnight
 * UTC, which is when the spec says subscriptions and pre-authorizations
 * expire; a time without a zone is UTC. Impossible dates (2025-02-30) are refused.
 */
export function parseIsoDate(value: string): number | undefined {
  return parseApiInstant(value);
}

/** An ISO 8601 date strictly after `now` (epoch ms). */
export function checkFutureDate(field: string, value: unknown, now: number): Issue {
  const at = typeof value === 'string' ? parseApiInstant(value) : undefined;
  if (at === undefined) return issue(field, 'iso8601', dateFormatMessage(field, value));
  if (at <= now) return issue(field, 'future', `${field} must be in the future (after ${new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')})`);
  return undefined;
}

/**
 * The Connect `timestamp`: "UTC date and time in ISO 8601 format, e.g.
 * 2011-01-01T12:00:00Z". UTC names the instant, so `…Z`, `…+00:00` and any
 * other offset that denotes an instant are read (issue 23); what matters is
 * the window, checked by checkConnectTimestampWindow.
 */
export function checkUtcTimestamp(field: string, value: unknown): Issue {
  return typeof value === 'string' && parseApiDate(value) !== undefined
    ? undefined
    : issue(field, 'utc-timestamp', `${field} must be the UTC date and time in ISO 8601, such as 2011-01-01T12:00:00Z (got ${typeof value === 'string' ? `"${value}"` : typeof value})`);
}

export function checkCurrency(field: string, value: unknown): Issue {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value)
    ? undefined
    : issue(field, 'currency', `${field} must be GBP or EUR`);
}

/** Any ISO 3166 alpha-2 code; for EUR payments, one of the spec's list. */
export function checkCountryCode(field: string, value: unknown, currency: unknown): Issue {
  if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) return issue(field, 'country-code', `${field} must be a two-letter country code such as GB or FR`);
  if (currency === 'EUR' && !Object.hasOwn(EUR_COUNTRIES, value)) {
    return issue(field, 'eur-country', `${field} must be one of ${Object.keys(EUR_COUNTRIES).join(', ')} for EUR payments`);
  }
  return undefined;
}

export function checkEmail(field: string, value: unknown): Issue {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value) ? undefined : issue(field, 'email', `${field} must be an email address`);
}

/** redirect_uri and cancel_uri: absolute http or https URLs. */
export function checkHttpUrl(field: string, value: unknown): Issue {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '') return undefined;
    } catch {
      // fall through to the issue
    }
  }
  return issue(field, 'http-url', `${field} must be an absolute http:// or https:// URL`);
}
