import { buildTestWebhook } from '../src/core/webhooks';

/** The benches' webhook: two bills paid, signed with `secret`; event `n` has its own bill ids, so its own signature. */
export function twoBillWebhook(secret: string, n: number): string {
  const a = `BA${n.toString(36).toUpperCase().padStart(8, '0')}`;
  const b = `BB${n.toString(36).toUpperCase().padStart(8, '0')}`;
  return buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [a, b], secret, now: new Date(Date.UTC(2026, 0, 1)) }).json;
}
