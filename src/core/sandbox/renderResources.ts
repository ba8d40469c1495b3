import type { Bill, Merchant, Payout, PreAuthorization, Subscription, User } from '../api/models';
import { formatAmount, gocardlessFee } from './money';
import type {
  BillRecord, MerchantRecord, PayoutRecord, PreAuthorizationRecord, SubscriptionRecord, UserRecord,
} from './records';
import type { SandboxState } from './SandboxState';
import { isoDate, isoSeconds } from './time';

/**
 * The API's JSON for each record, with field sets copied from the spec's examples. `base` is the server's URL.
 * Only fields the spec shows for a resource are sent (test/unit/sandbox/specFields.test.ts reads them from the
 * spec): what a link asked for (setup_fee, start_at, calendar_intervals) stays in the records, not the JSON.
 */

/**
 * `refundsEnabled` is the owning merchant's switch: the spec's "A bill can be refunded if its
 * can_be_refunded attribute is true, and it has a status of paid or withdrawn" makes can_be_refunded
 * more than the status, and "This endpoint will only be available if refunds have been enabled on your
 * merchant account" is the part the sandbox knows.
 */
export function renderBill(b: BillRecord, base: string, nowMs: number, refundsEnabled: boolean): Bill {
  const fee = gocardlessFee(b.amount);
  return {
    amount: formatAmount(b.amount),
    gocardless_fees: formatAmount(fee),
    amount_minus_fees: formatAmount(b.amount - fee),
    partner_fees: formatAmount(b.partnerFees),
    currency: b.currency,
    created_at: isoSeconds(b.createdMs),
    description: b.description,
    id: b.id,
    name: b.name,
    paid_at: b.paidMs === null ? null : isoSeconds(b.paidMs),
    status: b.status,
    merchant_id: b.merchantId,
    user_id: b.userId,
    source_type: b.sourceType,
    source_id: b.sourceId,
    uri: `${base}/api/v1/bills/${b.id}`,
    can_be_retried: b.status === 'failed',
    can_be_cancelled: b.status === 'pending' && nowMs < b.submitMs,
    can_be_refunded: refundsEnabled && (b.status === 'paid' || b.status === 'withdrawn'),
    payout_id: b.payoutId,
    is_setup_fee: b.isSetupFee,
    charge_customer_at: b.chargeCustomerAt,
  };
}

export function renderSubscription(s: SubscriptionRecord, base: string): Subscription {
  return {
    amount: formatAmount(s.amount),
    interval_length: s.intervalLength,
    interval_unit: s.intervalUnit,
    created_at: isoSeconds(s.createdMs),
    currency: s.currency,
    name: s.name,
    description: s.description,
    expires_at: s.expiresMs === null ? null : isoSeconds(s.expiresMs),
    next_interval_start: s.status === 'active' && s.nextIntervalMs !== null ? isoSeconds(s.nextIntervalMs) : null,
    id: s.id,
    merchant_id: s.merchantId,
    status: s.status,
    user_id: s.userId,
    uri: `${base}/api/v1/subscriptions/${s.id}`,
    sub_resource_uris: { bills: `${base}/api/v1/merchants/${s.merchantId}/bills?source_id=${s.id}` },
  };
}

export function renderPreAuthorization(p: PreAuthorizationRecord, base: string): PreAuthorization {
  return {
    created_at: isoSeconds(p.createdMs),
    currency: p.currency,
    name: p.name,
    description: p.description,
    expires_at: p.expiresMs === null ? null : isoSeconds(p.expiresMs),
    id: p.id,
    interval_length: p.intervalLength,
    interval_unit: p.intervalUnit,
    merchant_id: p.merchantId,
    status: p.status,
    remaining_amount: formatAmount(p.remainingAmount),
    next_interval_start: p.status === 'active' && p.nextIntervalMs !== null ? isoSeconds(p.nextIntervalMs) : null,
    user_id: p.userId,
    max_amount: formatAmount(p.maxAmount),
    uri: `${base}/api/v1/pre_authorizations/${p.id}`,
    sub_resource_uris: { bills: `${base}/api/v1/merchants/${p.merchantId}/bills?source_id=${p.id}` },
  };
}

export function renderUser(u: UserRecord): User {
  return { created_at: isoSeconds(u.createdMs), email: u.email, id: u.id, first_name: u.firstName, last_name: u.lastName };
}

export function renderPayout(p: PayoutRecord): Payout {
  return {
    amount: formatAmount(p.amount),
    bank_reference: p.bankReference,
    app_ids: [p.appId],
    created_at: isoSeconds(p.createdMs),
    id: p.id,
    paid_at: isoSeconds(p.paidMs),
    transaction_fees: formatAmount(p.transactionFees),
  };
}

/** Merchant balances summed from its bills ("Payment timings"): balance ≥ next_payout_amount always holds. */
export function merchantBalances(state: SandboxState, merchantId: string): {
  balance: number; pending: number; nextPayoutMs: number | null; nextPayoutAmount: number;
} {
  let balance = 0;
  let pending = 0;
  let nextPayoutMs: number | null = null;
  let nextPayoutAmount = 0;
  for (const b of state.merchantIndex(merchantId).bills) {
    if (b.status === 'pending') pending += b.amount - gocardlessFee(b.amount);
    else if (b.status === 'paid') {
      const net = b.amount - gocardlessFee(b.amount);
      balance += net;
      const w = b.withdrawMs;
      if (w === null) continue;
      if (nextPayoutMs === null || w < nextPayoutMs) {
        nextPayoutMs = w;
        nextPayoutAmount = net;
      } else if (w === nextPayoutMs) nextPayoutAmount += net;
    }
  }
  return { balance, pending, nextPayoutMs, nextPayoutAmount };
}

export function renderMerchant(m: MerchantRecord, state: SandboxState, base: string): Merchant {
  const money = merchantBalances(state, m.id);
  const root = `${base}/api/v1/merchants/${m.id}`;
  return {
    created_at: isoSeconds(m.createdMs),
    description: m.description,
    id: m.id,
    name: m.name,
    first_name: m.firstName,
    last_name: m.lastName,
    email: m.email,
    uri: root,
    balance: formatAmount(money.balance),
    pending_balance: formatAmount(money.pending),
    next_payout_date: money.nextPayoutMs === null ? null : isoDate(money.nextPayoutMs),
    next_payout_amount: money.nextPayoutMs === null ? null : formatAmount(money.nextPayoutAmount),
    hide_variable_amount: m.hideVariableAmount,
    sub_resource_uris: {
      users: `${root}/users`,
      bills: `${root}/bills`,
      pre_authorizations: `${root}/pre_authorizations`,
      subscriptions: `${root}/subscriptions`,
      payouts: `${root}/payouts`,
    },
  };
}

/**
 * A bill as the spec's bill webhook carries it. paid_at is left out rather than
 * null while unpaid: client libraries disagree on how to sign a null (the
 * official Node one signs "null"), and a receiver must be able to verify.
 */
export function renderBillWebhookObject(b: BillRecord, base: string): Record<string, string> {
  const object: Record<string, string> = {
    id: b.id,
    status: b.status,
    source_type: b.sourceType,
    source_id: b.sourceId,
    amount: formatAmount(b.amount),
    amount_minus_fees: formatAmount(b.amount - gocardlessFee(b.amount)),
  };
  if (b.paidMs !== null) object['paid_at'] = isoSeconds(b.paidMs);
  object['uri'] = `${base}/api/v1/bills/${b.id}`;
  return object;
}

/** A subscription or pre-authorization as their webhooks carry them. */
export function renderMandateWebhookObject(kind: 'subscriptions' | 'pre_authorizations', m: { id: string; status: string }, base: string): Record<string, string> {
  return { id: m.id, status: m.status, uri: `${base}/api/v1/${kind}/${m.id}` };
}
