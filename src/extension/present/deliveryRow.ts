import type { WebhookDelivery } from '../../core/webhooks';

/**
 * What tells webhook rows apart: the first object's id and how many more, its amount (bills carry one), the retry.
 * After a clock advance, fourteen rows reading "bill created ✓ valid · 1:12:29 AM · 1 object" looked alike.
 */
export interface DeliverySummary {
  /** "BA1 +13" (first id and the rest), or "no objects". */
  readonly objects: string;
  /** The first object's `amount` as sent (a decimal string), when it has one. */
  readonly amount?: string;
  /** "retry 2" for the second attempt of an event, else undefined. */
  readonly retry?: string;
}

const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;

/** Reads the first object's amount from the (untrusted) body; anything unexpected gives none. */
function firstAmount(d: WebhookDelivery): string | undefined {
  if (!d.resourceType || d.body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(d.body);
  } catch {
    return undefined;
  }
  const payload = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['payload'] : undefined;
  const list = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[`${d.resourceType}s`] : undefined;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  const amount = typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['amount'] : undefined;
  // Shown as text only; still, a long or odd value is not an amount.
  return typeof amount === 'string' && AMOUNT.test(amount) ? amount : undefined;
}

export function summarizeDelivery(d: WebhookDelivery): DeliverySummary {
  const [first, ...rest] = d.objectIds;
  const objects = first === undefined ? 'no objects' : `${first}${rest.length > 0 ? ` +${rest.length}` : ''}`;
  const amount = firstAmount(d);
  return {
    objects,
    ...(amount !== undefined ? { amount } : {}),
    ...(d.attempt > 1 ? { retry: `retry ${d.attempt - 1}` } : {}),
  };
}

/** "bill paid" or what the request was when it was no webhook. */
export function deliveryLabel(d: WebhookDelivery): string {
  return d.resourceType ? `${d.resourceType} ${d.action ?? '?'}` : d.method === 'POST' ? 'not a webhook' : `${d.method} ${d.path}`;
}
