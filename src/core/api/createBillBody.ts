import { checkAmount, parseIsoDate } from '../validation/fieldChecks';
import { ValidationError, type ValidationIssue } from '../validation/ValidationError';

export interface CreateBillParams {
  /** Required: the pre-authorization to charge under. */
  pre_authorization_id: string;
  /** Required, e.g. "10.00": positive, at most two decimals, within the pre-authorization's remaining amount. */
  amount: string | number;
  name?: string;
  description?: string;
  /** When the payment leaves the customer's account: YYYY-MM-DD, or a Date (its UTC day). */
  charge_customer_at?: string | Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The `bill` object of POST /api/v1/bills ("Create a bill under a pre-auth"), validated with every
 * problem named: pre_authorization_id and amount required, amount positive with at most two
 * decimals, charge_customer_at a real YYYY-MM-DD date.
 */
export function createBillBody(params: CreateBillParams): Record<string, string> {
  const issues: ValidationIssue[] = [];
  if (typeof params.pre_authorization_id !== 'string' || params.pre_authorization_id.trim() === '') {
    issues.push({ field: 'bill[pre_authorization_id]', rule: 'required', message: 'bill[pre_authorization_id] is required' });
  }
  const amountIssue = params.amount === undefined || params.amount === ''
    ? { field: 'bill[amount]', rule: 'required' as const, message: 'bill[amount] is required' }
    : checkAmount('bill[amount]', params.amount);
  if (amountIssue !== undefined) issues.push(amountIssue);
  for (const field of ['name', 'description'] as const) {
    const value = params[field];
    if (value !== undefined && typeof value !== 'string') issues.push({ field: `bill[${field}]`, rule: 'type', message: `bill[${field}] must be text` });
  }
  let chargeAt: string | undefined;
  const at = params.charge_customer_at;
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) issues.push({ field: 'bill[charge_customer_at]', rule: 'iso8601', message: 'bill[charge_customer_at] is an invalid Date' });
    else chargeAt = at.toISOString().slice(0, 10);
  } else if (at !== undefined) {
    const valid = typeof at === 'string' && DATE_ONLY.test(at) && parseIsoDate(at) !== undefined;
    if (valid) chargeAt = at;
    else issues.push({ field: 'bill[charge_customer_at]', rule: 'iso8601', message: `bill[charge_customer_at] must be a date in the format YYYY-MM-DD, got ${JSON.stringify(at)}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const body: Record<string, string> = {
    amount: typeof params.amount === 'number' ? String(params.amount) : params.amount.trim(),
    pre_authorization_id: params.pre_authorization_id,
  };
  if (params.name !== undefined) body['name'] = params.name;
  if (params.description !== undefined) body['description'] = params.description;
  if (chargeAt !== undefined) body['charge_customer_at'] = chargeAt;
  return body;
}
