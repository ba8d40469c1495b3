/**
 * Rules for the extension's input boxes that are not account fields. Each
 * returns the message shown under the box, or undefined when acceptable.
 * vscode-free, so plain-Node tests cover them; the amount rule is core's,
 * the one the link builder and the sandbox use.
 */
import { checkAmount, parseIsoDate } from '../../core/validation';

/** A bill under a pre-authorization: core's amount rule, and within the remaining amount. */
export function validateBillAmount(value: string, remaining: string): string | undefined {
  const issue = checkAmount('amount', value.trim());
  if (issue) return issue.message;
  if (Number(value) > Number(remaining)) return `amount must be at most the remaining ${remaining} for this interval`;
  return undefined;
}

/** charge_customer_at: YYYY-MM-DD, not before `today` (the sandbox's clock for the local sandbox). Empty = as soon as possible. */
export function validateChargeDate(value: string, today: Date = new Date()): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || parseIsoDate(v) === undefined) return 'charge date must be a date as YYYY-MM-DD';
  if (v < today.toISOString().slice(0, 10)) return `charge date must not be in the past (today is ${today.toISOString().slice(0, 10)})`;
  return undefined;
}

/** The before/after filters: an ISO 8601 date or time; empty removes the filter. */
export function validateFilterDate(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  return parseIsoDate(value.trim()) === undefined ? 'Use an ISO 8601 date such as 2024-01-31 or a time such as 2024-01-31T09:00:00Z.' : undefined;
}

/** The filter value sent: ISO 8601 UTC without milliseconds, as the spec's example "2011-11-17T15:00:23Z". */
export function filterDateValue(value: string): string {
  const ms = parseIsoDate(value.trim());
  if (ms === undefined) throw new Error(validateFilterDate(value));
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Advance Sandbox Clock… → Custom": a positive number of days, at most ten years. */
export function validateDays(value: string): string | undefined {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) return 'Enter a positive number of days.';
  if (n > 3650) return 'At most 3650 days (10 years).';
  return undefined;
}
