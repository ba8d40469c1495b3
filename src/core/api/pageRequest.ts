import { ValidationError, type ValidationIssue } from '../validation/ValidationError';
import type { PageRequest } from './Page';

/** Checks `page` and `per_page` (whole numbers, 1 or more) before they are sent. */
export function pageRequest(page: PageRequest | undefined): PageRequest {
  const issues: ValidationIssue[] = [];
  const out: PageRequest = {};
  if (page?.page !== undefined) {
    if (Number.isSafeInteger(page.page) && page.page >= 1) out.page = page.page;
    else issues.push({ field: 'page', rule: 'positive-integer', message: 'page must be a whole number, 1 or more' });
  }
  if (page?.perPage !== undefined) {
    if (Number.isSafeInteger(page.perPage) && page.perPage >= 1) out.perPage = page.perPage;
    else issues.push({ field: 'per_page', rule: 'positive-integer', message: 'per_page must be a whole number, 1 or more' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}
