import type { WebhookResourceType } from '../api/models';
import type { SignableParams } from '../signing';
import { billTimings, withdrawAfterPaid } from './billTimings';
import { EventQueue, type DueEvent } from './EventQueue';
import { resourceId } from './ids';
import { formatAmount, gocardlessFee } from './money';
import type { BillRecord, PayoutRecord, PreAuthorizationRecord, SubscriptionRecord } from './records';
import { emptyClockReport, type ClockReport } from './ClockReport';
import type { BillOutcome } from './SandboxOptions';
import { SandboxHttpError } from './SandboxHttpError';
import type { SandboxState } from './SandboxState';
import { addInterval, nextCalendarBoundary } from './time';

/** One webhook to send: every object of one type that changed the same way at the same time. */
export interface WebhookEvent {
  merchantId: string;
  resourceType: WebhookResourceType;
  action: string;
  /** The objects as they were when the change happened. */
  objects: SignableParams[];
}

export type WebhookObjectRenderer = (resourceType: WebhookResourceType, id: string) => SignableParams | undefined;

/**
 * The life of the money on the sandbox clock: bills settle, get paid out,
 * subscriptions bill, pre-authorizations reset and expire, unconfirmed
 * resources disappear. Every operation collects the changes it makes and
 * hands them to `emit` batched by merchant, resource type and action.
 */
export class MoneyLifecycle {
  private readonly queue = new EventQueue();
  private offsetMs: number;
  private batch = new Map<string, WebhookEvent>();
  private openPayouts = new Map<string, PayoutRecord>();

  constructor(
    private state: SandboxState,
    private readonly realNow: () => number,
    offsetMs: number,
    private readonly unconfirmedTtlMs: number,
    private readonly emit: (events: WebhookEvent[]) => void,
    private readonly renderObject: WebhookObjectRenderer,
  ) {
    this.offsetMs = offsetMs;
    this.scheduleAll();
  }

  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  replaceState(state: SandboxState, offsetMs: number): void {
    this.state = state;
    this.offsetMs = offsetMs;
    this.queue.clear();
    this.batch.clear();
    this.scheduleAll();
  }

  /** Rebuilds the queue from the records (after seeding or loading). */
  private scheduleAll(): void {
    const s = this.state;
    for (const b of s.bills.values()) {
      if (b.inactive) this.queue.push(b.createdMs + this.unconfirmedTtlMs, 'removeUnconfirmed', 'bill:' + b.id);
      else if (b.status === 'pending') this.queue.push(b.settleMs, 'settle', b.id);
      else if (b.status === 'paid' && b.withdrawMs !== null) this.queue.push(b.withdrawMs, 'withdraw', b.id);
    }
    for (const x of s.subscriptions.values()) this.scheduleMandate('subscription', x);
    for (const x of s.preAuthorizations.values()) this.scheduleMandate('pre_authorization', x);
  }

  private scheduleMandate(kind: 'subscription' | 'pre_authorization', m: SubscriptionRecord | PreAuthorizationRecord): void {
    const key = `${kind}:${m.id}`;
    if (m.status === 'inactive') this.queue.push(m.createdMs + this.unconfirmedTtlMs, 'removeUnconfirmed', key);
    if (m.status !== 'active') return;
    if (m.nextIntervalMs !== null) this.queue.push(m.nextIntervalMs, kind === 'subscription' ? 'subscriptionBill' : 'preAuthInterval', m.id);
    if (m.expiresMs !== null) this.queue.push(m.expiresMs, 'expire', key);
  }

  /** Runs everything due up to the current sandbox time (called before every request). */
  runDue(): ClockReport {
    return this.runUntil(this.nowMs(), 0);
  }

  advance(ms: number): ClockReport {
    if (!Number.isFinite(ms) || ms < 0) throw new SandboxHttpError(400, 'The clock only moves forward: give a number of milliseconds ≥ 0.');
    const target = this.nowMs() + ms;
    const report = this.runUntil(target, ms);
    this.offsetMs += ms;
    return report;
  }

  private runUntil(target: number, advancedMs: number): ClockReport {
    const report = emptyClockReport(new Date(target), advancedMs);
    // Changes that happen at the same moment share a webhook; a later moment starts a new one.
    let moment: number | undefined;
    for (let e = this.queue.popDue(target); e; e = this.queue.popDue(target)) {
      if (moment !== undefined && e.at !== moment) report.webhooks += this.flush();
      moment = e.at;
      this.fire(e, report);
    }
    this.openPayouts.clear();
    report.webhooks += this.flush();
    return report;
  }

  private fire(e: DueEvent, report: ClockReport): void {
    const s = this.state;
    switch (e.kind) {
      case 'settle': {
        const b = s.bills.get(e.id);
        if (!b || b.inactive || b.status !== 'pending' || b.settleMs !== e.at) return;
        if (b.settleOutcome === 'failed') {
          b.status = 'failed';
          this.record(b.merchantId, 'bill', 'failed', b.id);
        } else {
          this.markPaid(b, e.at);
          report.billsPaid++;
        }
        return;
      }
      case 'withdraw': {
        const b = s.bills.get(e.id);
        if (!b || b.status !== 'paid' || b.withdrawMs !== e.at) return;
        const key = `${b.merchantId}|${e.at}`;
        let payout = this.openPayouts.get(key);
        if (!payout) {
          payout = this.newPayout(b.merchantId, e.at);
          this.openPayouts.set(key, payout);
          report.payoutsCreated++;
        }
        this.withdrawInto(b, payout);
        report.billsWithdrawn++;
        return;
      }
      case 'subscriptionBill': {
        const sub = s.subscriptions.get(e.id);
        if (!sub || sub.status !== 'active' || sub.nextIntervalMs !== e.at) return;
        if (sub.expiresMs !== null && e.at >= sub.expiresMs) return;
        this.createSubscriptionBill(sub, sub.amount, e.at, false);
        report.billsCreated++;
        const next = addInterval(e.at, sub.intervalUnit, sub.intervalLength);
        sub.nextIntervalMs = sub.expiresMs !== null && next >= sub.expiresMs ? null : next;
        if (sub.nextIntervalMs !== null) this.queue.push(sub.nextIntervalMs, 'subscriptionBill', sub.id);
        return;
      }
      case 'preAuthInterval': {
        const p = s.preAuthorizations.get(e.id);
        if (!p || p.status !== 'active' || p.nextIntervalMs !== e.at) return;
        p.remainingAmount = p.maxAmount;
        const next = addInterval(e.at, p.intervalUnit, p.intervalLength);
        p.nextIntervalMs = p.expiresMs !== null && next >= p.expiresMs ? null : next;
        if (p.nextIntervalMs !== null) this.queue.push(p.nextIntervalMs, 'preAuthInterval', p.id);
        return;
      }
      case 'expire': {
        const [kind, id] = splitKey(e.id);
        const m = kind === 'subscription' ? s.subscriptions.get(id) : s.preAuthorizations.get(id);
        if (!m || m.status !== 'active' || m.expiresMs !== e.at) return;
        m.status = 'expired';
        m.nextIntervalMs = null;
        this.record(m.merchantId, kind === 'subscription' ? 'subscription' : 'pre_authorization', 'expired', m.id);
        report.expired++;
        return;
      }
      case 'removeUnconfirmed': {
        const [kind, id] = splitKey(e.id);
        if (kind === 'bill') {
          const b = s.bills.get(id);
          if (b?.inactive) { s.removeBill(b); report.removedUnconfirmed++; }
        } else if (kind === 'subscription') {
          const x = s.subscriptions.get(id);
          if (x?.status === 'inactive') { s.removeSubscription(x); report.removedUnconfirmed++; }
        } else {
          const x = s.preAuthorizations.get(id);
          if (x?.status === 'inactive') { s.removePreAuthorization(x); report.removedUnconfirmed++; }
        }
        return;
      }
    }
  }

  private markPaid(b: BillRecord, at: number): void {
    b.status = 'paid';
    b.paidMs = at;
    b.withdrawMs = withdrawAfterPaid(at);
    this.queue.push(b.withdrawMs, 'withdraw', b.id);
    this.record(b.merchantId, 'bill', 'paid', b.id);
  }

  private newPayout(merchantId: string, at: number): PayoutRecord {
    const m = this.state.merchants.get(merchantId)!;
    const payout: PayoutRecord = {
      id: resourceId(), merchantId, appId: m.appId, amount: 0, transactionFees: 0,
      bankReference: `${m.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12)}-${resourceId(undefined, 5)}`,
      createdMs: at, paidMs: at + 30 * 60_000,
    };
    this.state.addPayout(payout);
    return payout;
  }

  private withdrawInto(b: BillRecord, payout: PayoutRecord): void {
    const fee = gocardlessFee(b.amount);
    payout.amount += b.amount - fee;
    payout.transactionFees += fee;
    b.status = 'withdrawn';
    b.payoutId = payout.id;
    b.withdrawMs = payout.createdMs;
    this.record(b.merchantId, 'bill', 'withdrawn', b.id);
  }

  private createSubscriptionBill(sub: SubscriptionRecord | PreAuthorizationRecord, amount: number, at: number, isSetupFee: boolean): BillRecord {
    const isSub = 'amount' in sub;
    const b = this.newBill({
      merchantId: sub.merchantId, userId: sub.userId, sourceType: isSub ? 'subscription' : 'pre_authorization', sourceId: sub.id,
      amount, currency: sub.currency, name: isSetupFee ? `Setup fee for ${sub.name ?? sub.id}` : sub.name,
      description: sub.description, isSetupFee, chargeCustomerAt: null,
    }, at);
    // The spec documents "created" for bills a subscription makes on its own.
    if (isSub) this.record(b.merchantId, 'bill', 'created', b.id);
    return b;
  }

  newBill(fields: Pick<BillRecord, 'merchantId' | 'userId' | 'sourceType' | 'sourceId' | 'amount' | 'currency' | 'name' | 'description' | 'isSetupFee' | 'chargeCustomerAt'>, at: number, inactive = false): BillRecord {
    const t = billTimings(at, fields.chargeCustomerAt);
    const b: BillRecord = {
      ...fields, id: resourceId(), status: 'pending', inactive, createdMs: Math.floor(at / 1000) * 1000,
      submitMs: t.submitMs, settleMs: t.settleMs, settleOutcome: 'paid', paidMs: null, withdrawMs: null, payoutId: null, partnerFees: 0,
    };
    this.state.addBill(b);
    if (inactive) this.queue.push(b.createdMs + this.unconfirmedTtlMs, 'removeUnconfirmed', 'bill:' + b.id);
    else this.queue.push(b.settleMs, 'settle', b.id);
    return b;
  }

  /** Registers a Connect-created subscription or pre-authorization (inactive until confirmed). */
  addInactiveMandate(kind: 'subscription', m: SubscriptionRecord): void;
  addInactiveMandate(kind: 'pre_authorization', m: PreAuthorizationRecord): void;
  addInactiveMandate(kind: 'subscription' | 'pre_authorization', m: SubscriptionRecord | PreAuthorizationRecord): void {
    if (kind === 'subscription') this.state.addSubscription(m as SubscriptionRecord);
    else this.state.addPreAuthorization(m as PreAuthorizationRecord);
    this.queue.push(m.createdMs + this.unconfirmedTtlMs, 'removeUnconfirmed', `${kind}:${m.id}`);
  }

  /** POST /api/v1/confirm: the inactive resource becomes live. */
  confirm(app: { id: string }, resourceType: string, resourceId: string): void {
    const now = this.nowMs();
    const s = this.state;
    const owned = (merchantId: string): boolean => s.merchants.get(merchantId)?.appId === app.id;
    const notFound = new SandboxHttpError(404, `No ${resourceType} with id ${resourceId} is waiting for confirmation. Unconfirmed resources are removed ${Math.round(this.unconfirmedTtlMs / 60_000)} minutes after the payment page; send the customer through the link again.`);
    if (resourceType === 'bill') {
      const b = s.bills.get(resourceId);
      if (!b || !owned(b.merchantId)) throw notFound;
      if (!b.inactive) throw new SandboxHttpError(422, `Bill ${resourceId} has already been confirmed.`);
      b.inactive = false;
      const t = billTimings(now, b.chargeCustomerAt);
      Object.assign(b, { submitMs: t.submitMs, settleMs: t.settleMs });
      s.indexBill(b);
      this.queue.push(b.settleMs, 'settle', b.id);
    } else if (resourceType === 'subscription' || resourceType === 'pre_authorization') {
      const m = resourceType === 'subscription' ? s.subscriptions.get(resourceId) : s.preAuthorizations.get(resourceId);
      if (!m || !owned(m.merchantId)) throw notFound;
      if (m.status !== 'inactive') throw new SandboxHttpError(422, `The ${resourceType.replace('_', '-')} ${resourceId} has already been confirmed (status ${m.status}).`);
      m.status = 'active';
      if (m.setupFee !== null && m.setupFee > 0) this.createSubscriptionBill(m, m.setupFee, now, true);
      if ('amount' in m) this.activateSubscription(m, now);
      else this.activatePreAuthorization(m, now);
      this.scheduleMandate(resourceType, m);
    } else {
      throw new SandboxHttpError(422, `resource_type must be bill, subscription or pre_authorization (got "${resourceType}").`);
    }
    this.flush();
  }

  private activateSubscription(sub: SubscriptionRecord, now: number): void {
    // Without start_at the first bill is created on confirmation ("Create a subscription").
    if (sub.startMs === null || sub.startMs <= now) {
      this.createSubscriptionBill(sub, sub.amount, now, false);
      const next = addInterval(sub.startMs ?? now, sub.intervalUnit, sub.intervalLength);
      sub.nextIntervalMs = sub.expiresMs !== null && next >= sub.expiresMs ? null : next;
    } else {
      sub.nextIntervalMs = sub.startMs;
    }
  }

  private activatePreAuthorization(p: PreAuthorizationRecord, now: number): void {
    p.remainingAmount = p.maxAmount;
    const start = Math.max(now, p.createdMs);
    const next = p.calendarIntervals ? nextCalendarBoundary(start, p.intervalUnit) : addInterval(start, p.intervalUnit, p.intervalLength);
    p.nextIntervalMs = p.expiresMs !== null && next >= p.expiresMs ? null : next;
  }

  /** POST /api/v1/bills: a bill under an active pre-authorization, within its remaining amount. */
  createPreAuthorizationBill(p: PreAuthorizationRecord, amount: number, fields: { name: string | null; description: string | null; chargeCustomerAt: string | null }): BillRecord {
    const now = this.nowMs();
    if (p.status !== 'active') throw new SandboxHttpError(422, `Pre-authorization ${p.id} is ${p.status}; bills can only be created under an active pre-authorization.`);
    if (p.expiresMs !== null && p.expiresMs <= now) throw new SandboxHttpError(422, `Pre-authorization ${p.id} has expired; no further bills can be created under it.`);
    if (amount > p.remainingAmount) {
      throw new SandboxHttpError(422, `Bill amount ${formatAmount(amount)} exceeds the pre-authorization's remaining amount of ${formatAmount(p.remainingAmount)} for the current interval${p.nextIntervalMs !== null ? ` (it resets to ${formatAmount(p.maxAmount)} at ${new Date(p.nextIntervalMs).toISOString()})` : ''}.`);
    }
    p.remainingAmount -= amount;
    return this.newBill({
      merchantId: p.merchantId, userId: p.userId, sourceType: 'pre_authorization', sourceId: p.id, amount,
      currency: p.currency, name: fields.name, description: fields.description, isSetupFee: false, chargeCustomerAt: fields.chargeCustomerAt,
    }, now);
  }

  retryBill(b: BillRecord): void {
    if (b.status !== 'failed') throw new SandboxHttpError(422, `Bill ${b.id} is ${b.status}; only failed bills can be retried (can_be_retried is false).`);
    this.resubmit(b);
    this.flush();
  }

  cancelBill(b: BillRecord): void {
    if (b.status !== 'pending' || this.nowMs() >= b.submitMs) {
      const why = b.status === 'pending' ? 'it has already been submitted to the banks' : `it is ${b.status}`;
      throw new SandboxHttpError(422, `Bill ${b.id} cannot be cancelled: ${why} (can_be_cancelled is false).`);
    }
    b.status = 'cancelled';
    this.record(b.merchantId, 'bill', 'cancelled', b.id);
    this.flush();
  }

  /** POST /api/v1/bills/:id/refund, for a merchant with refunds enabled (403 otherwise, before any state check). */
  refundBill(b: BillRecord): void {
    if (!this.state.merchants.get(b.merchantId)?.refundsEnabled) throw new SandboxHttpError(403, refundsDisabledMessage(b.merchantId));
    if (b.status !== 'paid' && b.status !== 'withdrawn') {
      throw new SandboxHttpError(422, `Bill ${b.id} is ${b.status}; only paid or withdrawn bills can be refunded (can_be_refunded is false).`);
    }
    b.status = 'refunded';
    this.record(b.merchantId, 'bill', 'refunded', b.id);
    this.flush();
  }

  cancelMandate(kind: 'subscription' | 'pre_authorization', m: SubscriptionRecord | PreAuthorizationRecord): void {
    if (m.status !== 'active') {
      throw new SandboxHttpError(422, `The ${kind.replace('_', '-')} ${m.id} is ${m.status}; only active ones can be cancelled.`);
    }
    m.status = 'cancelled';
    m.nextIntervalMs = null;
    this.record(m.merchantId, kind, 'cancelled', m.id);
    this.flush();
  }

  /** A scripted outcome (admin): what the bank or the customer would do to this bill. */
  triggerOutcome(b: BillRecord, outcome: BillOutcome): void {
    const now = this.nowMs();
    const refuse = (allowed: string): never => {
      throw new SandboxHttpError(422, `Bill ${b.id} is ${b.status}; "${outcome}" applies only to ${allowed} bills.`);
    };
    if (b.inactive) throw new SandboxHttpError(422, `Bill ${b.id} is not confirmed yet.`);
    switch (outcome) {
      case 'paid':
        if (b.status !== 'pending') refuse('pending');
        this.markPaid(b, now);
        break;
      case 'failed':
        if (b.status !== 'pending') refuse('pending');
        b.status = 'failed';
        this.record(b.merchantId, 'bill', 'failed', b.id);
        break;
      case 'cancelled':
        if (b.status !== 'pending') refuse('pending');
        b.status = 'cancelled';
        this.record(b.merchantId, 'bill', 'cancelled', b.id);
        break;
      case 'retried':
        if (b.status !== 'failed') refuse('failed');
        this.resubmit(b);
        break;
      case 'chargedback':
      case 'refunded':
        if (b.status !== 'paid' && b.status !== 'withdrawn') refuse('paid or withdrawn');
        b.status = outcome;
        this.record(b.merchantId, 'bill', outcome, b.id);
        break;
      case 'withdrawn':
        if (b.status !== 'paid') refuse('paid');
        this.withdrawInto(b, this.newPayout(b.merchantId, now));
        break;
    }
    this.flush();
  }

  /** Makes a pending bill fail (instead of being paid) when it settles. */
  scriptSettleOutcome(b: BillRecord, outcome: 'paid' | 'failed'): void {
    if (b.status !== 'pending') throw new SandboxHttpError(422, `Bill ${b.id} is ${b.status}; only pending bills settle.`);
    b.settleOutcome = outcome;
  }

  private resubmit(b: BillRecord): void {
    const t = billTimings(this.nowMs(), null);
    Object.assign(b, { status: 'pending', submitMs: t.submitMs, settleMs: t.settleMs, settleOutcome: 'paid', paidMs: null, withdrawMs: null });
    this.queue.push(b.settleMs, 'settle', b.id);
    this.record(b.merchantId, 'bill', 'retried', b.id);
  }

  private record(merchantId: string, resourceType: WebhookResourceType, action: string, id: string): void {
    if (resourceType === 'bill') this.state.billsVersion++;
    const object = this.renderObject(resourceType, id);
    if (!object) return;
    const key = `${merchantId}|${resourceType}|${action}`;
    const event = this.batch.get(key);
    if (event) event.objects.push(object);
    else this.batch.set(key, { merchantId, resourceType, action, objects: [object] });
  }

  /** Sends what the last operation changed; returns the number of webhooks. */
  flush(): number {
    const events = [...this.batch.values()];
    this.batch = new Map();
    if (events.length) this.emit(events);
    return events.length;
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}

/**
 * The refusal of a refund while the merchant's refunds are off. The spec gives no wording, only
 * "This endpoint will only be available if refunds have been enabled on your merchant account. You can
 * contact [support] to request that we enable this for you."; 403 is the spec's "does not have permission
 * to access this resource". The sandbox adds how to switch them on locally.
 */
export function refundsDisabledMessage(merchantId: string): string {
  return `Refunds are not enabled on merchant account ${merchantId}: this endpoint is only available once GoCardless has enabled refunds for the account (ask their support). In the local sandbox, switch them on with PUT /admin/merchants/${merchantId}/settings {"refunds_enabled": true}, gcdev sandbox --refunds-enabled, or the command "GoCardless: Enable or Disable Refunds (Local Sandbox)…".`;
}
