import type { Bill, PreAuthorization, Subscription } from '../../core/api/models';

/**
 * Tree item contextValues encode what the resource's state allows, so menus
 * can enable actions with `viewItem =~ /^bill:.*:refundable/`. Flags always
 * appear in this order; `:live` marks a live account's resources (`:local`
 * the embedded sandbox's bills).
 */
export function billContextValue(bill: Pick<Bill, 'status' | 'can_be_retried' | 'can_be_cancelled' | 'can_be_refunded'>, environment: string): string {
  const flags = [`bill:${bill.status}`];
  if (bill.can_be_retried) flags.push('retriable');
  // can_be_cancelled may be absent on older payloads; the spec: "a pending bill can be cancelled if … can_be_cancelled is true".
  if (bill.can_be_cancelled ?? bill.status === 'pending') flags.push('cancellable');
  // "A bill can be refunded if its can_be_refunded attribute is true, and it has a status of paid or withdrawn."
  if (bill.can_be_refunded === true && (bill.status === 'paid' || bill.status === 'withdrawn')) flags.push('refundable');
  // Sandbox-only actions (trigger an outcome) show on the local sandbox's bills.
  if (environment === 'live' || environment === 'local') flags.push(environment);
  return flags.join(':');
}

export function subscriptionContextValue(sub: Pick<Subscription, 'status'>, live: boolean): string {
  const flags = [`subscription:${sub.status}`];
  if (sub.status === 'active') flags.push('cancellable');
  if (live) flags.push('live');
  return flags.join(':');
}

export function preAuthorizationContextValue(pa: Pick<PreAuthorization, 'status'>, live: boolean): string {
  const flags = [`preAuthorization:${pa.status}`];
  // Bills can be created, and the pre-authorization cancelled, only while it is active.
  if (pa.status === 'active') flags.push('cancellable', 'billable');
  if (live) flags.push('live');
  return flags.join(':');
}
