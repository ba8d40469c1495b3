/**
 * Amounts are held in minor units (pence/cents) as integers so sums stay exact,
 * and written the way the API writes them ("44.00").
 */

const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/;

/** "10", "10.5", "10.00" → pence; undefined for anything else (negative, 3 decimals, words). */
export function parseAmount(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !AMOUNT.test(text)) return undefined;
  const [whole, fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function formatAmount(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The sandbox's fee: 1% rounded to the penny, capped at 2.00 (the Basic API's published pricing). */
export function gocardlessFee(pence: number): number {
  return Math.min(200, Math.round(pence / 100));
}
