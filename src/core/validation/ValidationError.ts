/**
 * One broken rule on one field. `field` is written the way the parameter
 * appears in a Connect link (`subscription[interval_unit]`,
 * `bill[user][country_code]`, `redirect_uri`) so a form can put the message
 * next to the right input.
 */
export interface ValidationIssue {
  readonly field: string;
  readonly rule: ValidationRule;
  readonly message: string;
}

export type ValidationRule =
  | 'required'
  | 'type'
  | 'amount'
  | 'positive'
  | 'two-decimals'
  | 'interval-unit'
  | 'positive-integer'
  | 'boolean'
  | 'iso8601'
  | 'future'
  | 'start-before-expiry'
  | 'utc-timestamp'
  | 'currency'
  | 'country-code'
  | 'eur-country'
  | 'email'
  | 'http-url'
  | 'not-allowed';

/** Thrown when input breaks one or more rules; carries every issue, not only the first. */
export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];
  /** The first issue's field and rule, for callers that show one. */
  readonly field: string;
  readonly rule: ValidationRule;

  constructor(issues: readonly ValidationIssue[]) {
    const first = issues[0];
    if (!first) throw new RangeError('ValidationError needs at least one issue');
    super(issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more: ${issues.slice(1).map((i) => i.field).join(', ')})`);
    this.name = 'ValidationError';
    this.issues = issues;
    this.field = first.field;
    this.rule = first.rule;
  }
}

export function throwIfInvalid(issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(issues);
}
