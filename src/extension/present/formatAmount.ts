import type { Currency } from '../../core/api/models';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * "44.0" + GBP → "£44.00". Amounts stay decimal strings end to end (as the API
 * sends them); only display converts. Merchant and payout objects carry no
 * currency in v1, so callers pass GBP there (the merchant's home currency).
 */
export function formatAmount(amount: string | null | undefined, currency: Currency | string = 'GBP'): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  let format = formats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    } catch {
      return `${amount} ${currency}`;
    }
    formats.set(currency, format);
  }
  return format.format(n);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** "2014-08-01" or an ISO time → "1 Aug 2014" (UTC, as the API's dates are). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}
