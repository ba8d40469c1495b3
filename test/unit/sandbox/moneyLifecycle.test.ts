import assert from 'node:assert/strict';
import { MoneyLifecycle, type WebhookEvent } from '../../../src/core/sandbox/MoneyLifecycle';
import type { BillRecord, PreAuthorizationRecord, SubscriptionRecord } from '../../../src/core/sandbox/records';
import { SandboxHttpError } from '../../../src/core/sandbox/SandboxHttpError';
import { SandboxState } from '../../../src/core/sandbox/SandboxState';

/**
 * The money's life on the sandbox clock, driven through MoneyLifecycle itself over a state built by hand,
 * so that counts, dates and amounts can be asserted exactly (a started sandbox adds a seeded history whose
 * own bills settle and bill alongside). Thursday 15 January 2026, 10:00 UTC.
 */
const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TTL = 3 * HOUR;

interface World {
  state: SandboxState;
  lc: MoneyLifecycle;
  clock: { ms: number };
  /** Every webhook the lifecycle handed over, in order. */
  sent: WebhookEvent[];
}

/** A state with app APP1 and its merchant M1 (refunds on); `stored` adds records as a saved state would hold them. */
function world(stored: (s: SandboxState) => void = () => undefined, merchantName = "Tom's Magazine"): World {
  const state = new SandboxState();
  state.addApp({ id: 'APP1', secret: 'secret-1', redirectUri: null, cancelUri: null });
  state.addApp({ id: 'APP2', secret: 'secret-2', redirectUri: null, cancelUri: null });
  state.addMerchant({
    id: 'M1', appId: 'APP1', accessToken: 'token-1', createdMs: T0 - 100 * DAY, name: merchantName, description: null,
    firstName: 'Tom', lastName: 'Blomfield', email: 'tom@example.com', webhookUrl: null, hideVariableAmount: false,
    refundsEnabled: true, internationalPayments: false,
  });
  stored(state);
  const clock = { ms: T0 };
  const sent: WebhookEvent[] = [];
  const lc = new MoneyLifecycle(state, () => clock.ms, 0, TTL, (events) => sent.push(...events), (type, id) => {
    const r = type === 'bill' ? state.bills.get(id) : type === 'subscription' ? state.subscriptions.get(id) : state.preAuthorizations.get(id);
    return r && { id, status: r.status };
  });
  return { state, lc, clock, sent };
}

function billFields(over: Partial<BillRecord> = {}): Parameters<MoneyLifecycle['newBill']>[0] {
  return {
    merchantId: 'M1', userId: 'U1', sourceType: 'pre_authorization', sourceId: 'P1', amount: 1000, currency: 'GBP',
    name: null, description: null, isSetupFee: false, chargeCustomerAt: null, ...over,
  };
}

/** A bill as a saved state holds it. */
function storedBill(over: Partial<BillRecord>): BillRecord {
  return {
    ...billFields(), id: 'B1', status: 'pending', inactive: false, createdMs: T0 - DAY, submitMs: T0, settleMs: T0 + 3 * DAY,
    settleOutcome: 'paid', paidMs: null, withdrawMs: null, payoutId: null, partnerFees: 0, ...over,
  };
}

function subscription(over: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: 'S1', merchantId: 'M1', userId: 'U1', currency: 'GBP', name: 'Gym', description: null, status: 'active', createdMs: T0,
    intervalLength: 1, intervalUnit: 'week', expiresMs: null, setupFee: null, nextIntervalMs: null, amount: 500, startMs: null, ...over,
  };
}

function preAuthorization(over: Partial<PreAuthorizationRecord> = {}): PreAuthorizationRecord {
  return {
    id: 'P1', merchantId: 'M1', userId: 'U1', currency: 'GBP', name: 'Tennis', description: null, status: 'active', createdMs: T0,
    intervalLength: 1, intervalUnit: 'day', expiresMs: null, setupFee: null, nextIntervalMs: null, maxAmount: 7000, remainingAmount: 7000,
    calendarIntervals: false, ...over,
  };
}

/** Runs `fn` and returns the SandboxHttpError it throws. */
function refusal(fn: () => unknown): SandboxHttpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SandboxHttpError) return e;
    throw e;
  }
  assert.fail('expected a SandboxHttpError');
}

function actions(sent: WebhookEvent[]): string[] {
  return sent.map((e) => `${e.resourceType} ${e.action} ${e.objects.map((o) => String(o['id'])).join(',')}`);
}

function billsOf(w: World, sourceId: string): BillRecord[] {
  return [...w.state.bills.values()].filter((b) => b.sourceId === sourceId);
}

describe('MoneyLifecycle: a saved state picks up where it stopped', () => {
  it('an unconfirmed bill disappears once the unconfirmed time to live has passed since its creation, not before', () => {
    const w = world((s) => s.addBill(storedBill({ inactive: true, createdMs: T0 })));
    assert.equal(w.lc.advance(TTL - 1).removedUnconfirmed, 0);
    assert.ok(w.state.bills.has('B1'), 'still there one millisecond before the time to live');
    assert.equal(w.lc.advance(1).removedUnconfirmed, 1);
    assert.equal(w.state.bills.has('B1'), false);
  });

  it('an unconfirmed subscription and pre-authorization disappear once the time to live has passed, not before', () => {
    const w = world((s) => {
      s.addSubscription(subscription({ status: 'inactive' }));
      s.addPreAuthorization(preAuthorization({ status: 'inactive' }));
    });
    assert.equal(w.lc.advance(TTL - 1).removedUnconfirmed, 0);
    assert.ok(w.state.subscriptions.has('S1') && w.state.preAuthorizations.has('P1'));
    assert.equal(w.lc.advance(1).removedUnconfirmed, 2);
    assert.equal(w.state.subscriptions.has('S1'), false);
    assert.equal(w.state.preAuthorizations.has('P1'), false);
  });

  it('a paid bill is still withdrawn into a payout on its withdrawal date', () => {
    const w = world((s) => s.addBill(storedBill({ status: 'paid', paidMs: T0 - 2 * DAY, withdrawMs: T0 + DAY })));
    const report = w.lc.advance(DAY);
    assert.equal(report.billsWithdrawn, 1);
    assert.equal(report.payoutsCreated, 1);
    const bill = w.state.bills.get('B1')!;
    assert.equal(bill.status, 'withdrawn');
    assert.ok(bill.payoutId && w.state.payouts.has(bill.payoutId));
  });
});

describe('MoneyLifecycle: the clock', () => {
  it('refuses to move backwards or by something that is not a number of milliseconds', () => {
    const w = world();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = refusal(() => w.lc.advance(ms));
      assert.equal(e.status, 400, String(ms));
      assert.equal(e.message, 'The clock only moves forward: give a number of milliseconds ≥ 0.');
    }
    assert.equal(w.lc.nowMs(), T0, 'a refused advance does not move the clock');
  });

  it('accepts an advance of 0 ms', () => {
    const w = world();
    assert.equal(w.lc.advance(0).advancedMs, 0);
    assert.equal(w.lc.nowMs(), T0);
  });

  it('bills paid at the same moment share one "paid" webhook; a later moment sends its own', () => {
    const w = world();
    const a = w.lc.newBill(billFields(), T0);
    const b = w.lc.newBill(billFields(), T0);
    w.clock.ms += HOUR;
    const c = w.lc.newBill(billFields(), w.clock.ms);
    const report = w.lc.advance(5 * DAY);
    assert.equal(report.billsPaid, 3);
    assert.equal(report.webhooks, 2);
    assert.deepEqual(actions(w.sent), [`bill paid ${a.id},${b.id}`, `bill paid ${c.id}`]);
  });

  it('counts the one webhook of an advance in its report', () => {
    const w = world();
    w.lc.newBill(billFields(), T0);
    assert.equal(w.lc.advance(5 * DAY).webhooks, 1);
  });
});

describe('MoneyLifecycle: bills settle and are paid out', () => {
  it('a bill cancelled before submission is not paid when its settlement date comes', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.cancelBill(b);
    assert.equal(w.lc.advance(10 * DAY).billsPaid, 0);
    assert.equal(b.status, 'cancelled');
    assert.deepEqual(actions(w.sent), [`bill cancelled ${b.id}`]);
  });

  it('a bill scripted to fail fails when it settles, with a "failed" webhook', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.scriptSettleOutcome(b, 'failed');
    w.lc.advance(4 * DAY);
    assert.equal(b.status, 'failed');
    assert.deepEqual(actions(w.sent), [`bill failed ${b.id}`]);
  });

  it('a retried bill settles on its new timetable, not on the one it failed from', () => {
    // The spec: "retried … The bill's status will be "pending", and you should receive a "paid" or "failed"
    // web hook within 3 business days."
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.triggerOutcome(b, 'failed');
    w.clock.ms += HOUR;
    w.lc.retryBill(b);
    w.lc.advance(4 * DAY - HOUR);
    assert.equal(b.status, 'pending', 'the first timetable\'s settlement date has passed, the new one\'s not');
    w.lc.advance(HOUR);
    assert.equal(b.status, 'paid');
    assert.deepEqual(actions(w.sent), [`bill failed ${b.id}`, `bill retried ${b.id}`, `bill paid ${b.id}`]);
  });

  it('a refunded bill is not withdrawn when its withdrawal date comes', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.triggerOutcome(b, 'paid');
    w.lc.refundBill(b);
    const report = w.lc.advance(10 * DAY);
    assert.equal(report.billsWithdrawn, 0);
    assert.equal(b.status, 'refunded');
    assert.equal(b.payoutId, null);
    assert.equal(w.state.payouts.size, 0);
  });

  it('bills withdrawn together make one payout: net amount, the 1% fees apart, paid 30 minutes later, referenced by the merchant', () => {
    const w = world((s) => {
      s.addBill(storedBill({ id: 'B1', amount: 12_000, status: 'paid', paidMs: T0 - 2 * DAY, withdrawMs: T0 + DAY }));
      s.addBill(storedBill({ id: 'B2', amount: 3_000, status: 'paid', paidMs: T0 - 2 * DAY, withdrawMs: T0 + DAY }));
    }, 'Office Coffee Club Ltd.');
    const report = w.lc.advance(DAY);
    assert.equal(report.payoutsCreated, 1);
    assert.equal(report.billsWithdrawn, 2);
    const [payout] = [...w.state.payouts.values()];
    assert.equal(w.state.payouts.size, 1);
    // The spec's second example payout: "amount": "148.50", "transaction_fees": "1.50" (150.00 of bills, 1% fees).
    assert.equal(payout!.amount, 14_850);
    assert.equal(payout!.transactionFees, 150);
    assert.equal(payout!.createdMs, T0 + DAY);
    // "paid_at is the date that the funds will reach your bank account": the sandbox says half an hour later.
    assert.equal(payout!.paidMs, T0 + DAY + 30 * MINUTE);
    // Like the spec's "JOHNSMITH-Z5DRM": the merchant's name in capitals, letters and digits only, at most 12.
    assert.match(payout!.bankReference, /^OFFICECOFFEE-[0-9A-Z]{5}$/);
    assert.deepEqual([w.state.bills.get('B1')!.payoutId, w.state.bills.get('B2')!.payoutId], [payout!.id, payout!.id]);
    assert.deepEqual(actions(w.sent), ['bill withdrawn B1,B2']);
  });
});

describe('MoneyLifecycle: subscriptions and pre-authorizations on the clock', () => {
  it('a subscription\'s interval bill is an ordinary bill named after it, announced as "created"', () => {
    const w = world((s) => s.addSubscription(subscription({ nextIntervalMs: T0 + DAY })));
    const report = w.lc.advance(DAY);
    assert.equal(report.billsCreated, 1);
    const [bill] = billsOf(w, 'S1');
    assert.equal(bill!.isSetupFee, false);
    assert.equal(bill!.name, 'Gym');
    assert.equal(bill!.amount, 500);
    assert.deepEqual(actions(w.sent), [`bill created ${bill!.id}`]);
  });

  it('a subscription has no next interval once the next one would start on or after its expiry', () => {
    // The interval after the one billed now starts exactly at expires_at.
    const w = world((s) => s.addSubscription(subscription({ nextIntervalMs: T0 + 7 * DAY, expiresMs: T0 + 14 * DAY })));
    w.lc.advance(7 * DAY);
    assert.equal(billsOf(w, 'S1').length, 1);
    assert.equal(w.state.subscriptions.get('S1')!.nextIntervalMs, null);
  });

  it('creates no bill on the expiry day, even when an interval starts then, and the subscription expires', () => {
    // The spec: "GoCardless won't create any new bills on the expiration day."
    const w = world((s) => s.addSubscription(subscription({ nextIntervalMs: T0 + DAY, expiresMs: T0 + DAY })));
    const report = w.lc.advance(DAY);
    assert.equal(billsOf(w, 'S1').length, 0);
    assert.equal(report.billsCreated, 0);
    assert.equal(report.expired, 1);
    assert.equal(w.state.subscriptions.get('S1')!.status, 'expired');
    assert.deepEqual(actions(w.sent), ['subscription expired S1']);
  });

  it('a cancelled subscription does not expire later', () => {
    const w = world((s) => s.addSubscription(subscription({ expiresMs: T0 + DAY })));
    w.lc.cancelMandate('subscription', w.state.subscriptions.get('S1')!);
    const report = w.lc.advance(2 * DAY);
    assert.equal(report.expired, 0);
    assert.equal(w.state.subscriptions.get('S1')!.status, 'cancelled');
    assert.deepEqual(actions(w.sent), ['subscription cancelled S1']);
  });

  it('a pre-authorization\'s remaining amount resets each interval; no next interval once it would start at expiry', () => {
    const w = world((s) => s.addPreAuthorization(preAuthorization({ remainingAmount: 1000, nextIntervalMs: T0 + DAY, expiresMs: T0 + 2 * DAY })));
    w.lc.advance(DAY);
    const p = w.state.preAuthorizations.get('P1')!;
    assert.equal(p.remainingAmount, 7000);
    assert.equal(p.nextIntervalMs, null);
  });
});

describe('MoneyLifecycle: confirming', () => {
  it('an unconfirmed bill disappears after the time to live', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0, true);
    w.lc.advance(TTL - 1);
    assert.ok(w.state.bills.has(b.id));
    assert.equal(w.lc.advance(1).removedUnconfirmed, 1);
    assert.equal(w.state.bills.has(b.id), false);
  });

  it('a confirmed bill\'s timetable starts at confirmation, not at the payment page', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0, true);
    w.clock.ms += 2 * HOUR;
    w.lc.confirm({ id: 'APP1' }, 'bill', b.id);
    // Submitted a day after confirmation, settled 3 days after that.
    w.lc.advance(4 * DAY - HOUR);
    assert.equal(b.status, 'pending', '4 days after the payment page but not after confirmation');
    w.lc.advance(HOUR);
    assert.equal(b.status, 'paid');
  });

  it('another app\'s resource is not found, and the message says how long unconfirmed ones are kept', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0, true);
    const e = refusal(() => w.lc.confirm({ id: 'APP2' }, 'bill', b.id));
    assert.equal(e.status, 404);
    assert.equal(e.message, `No bill with id ${b.id} is waiting for confirmation. Unconfirmed resources are removed 180 minutes after the payment page; send the customer through the link again.`);
    assert.equal(b.inactive, true);
  });

  it('a second confirmation is refused, naming the resource', () => {
    const w = world((s) => s.addPreAuthorization(preAuthorization({ status: 'inactive' })));
    const b = w.lc.newBill(billFields(), T0, true);
    w.lc.confirm({ id: 'APP1' }, 'bill', b.id);
    w.lc.confirm({ id: 'APP1' }, 'pre_authorization', 'P1');
    const bill = refusal(() => w.lc.confirm({ id: 'APP1' }, 'bill', b.id));
    assert.equal(bill.status, 422);
    assert.equal(bill.message, `Bill ${b.id} has already been confirmed.`);
    const pre = refusal(() => w.lc.confirm({ id: 'APP1' }, 'pre_authorization', 'P1'));
    assert.equal(pre.status, 422);
    assert.equal(pre.message, 'The pre-authorization P1 has already been confirmed (status active).');
  });

  it('refuses a resource_type that cannot be confirmed', () => {
    const e = refusal(() => world().lc.confirm({ id: 'APP1' }, 'payout', 'X1'));
    assert.equal(e.status, 422);
    assert.equal(e.message, 'resource_type must be bill, subscription or pre_authorization (got "payout").');
  });

  it('a subscription\'s setup fee is a bill of its own, named for the subscription', () => {
    // The spec: "adding a £25.00 setup fee to a £5 per month subscription would mean that the customer is
    // charged £30 at sign up, and then £5 per month."
    const w = world((s) => s.addSubscription(subscription({ status: 'inactive', setupFee: 2500 })));
    w.lc.confirm({ id: 'APP1' }, 'subscription', 'S1');
    const bills = billsOf(w, 'S1');
    assert.deepEqual(bills.map((b) => [b.amount, b.isSetupFee, b.name]).sort(), [[2500, true, 'Setup fee for Gym'], [500, false, 'Gym']]);
  });

  it('a setup fee of 0 makes no bill', () => {
    const w = world((s) => s.addSubscription(subscription({ status: 'inactive', setupFee: 0 })));
    w.lc.confirm({ id: 'APP1' }, 'subscription', 'S1');
    assert.deepEqual(billsOf(w, 'S1').map((b) => b.isSetupFee), [false]);
  });

  it('a pre-authorization\'s setup fee bill is not announced as "created" (that is for bills a subscription makes)', () => {
    // The spec: "created: This is fired when a bill is created automatically under a subscription".
    const w = world((s) => s.addPreAuthorization(preAuthorization({ status: 'inactive', setupFee: 2500 })));
    w.lc.confirm({ id: 'APP1' }, 'pre_authorization', 'P1');
    assert.deepEqual(billsOf(w, 'P1').map((b) => [b.amount, b.isSetupFee]), [[2500, true]]);
    assert.deepEqual(w.sent, []);
  });

  it('a subscription starting at the moment of confirmation bills then, and next one interval later', () => {
    const w = world((s) => s.addSubscription(subscription({ status: 'inactive', startMs: T0 })));
    w.lc.confirm({ id: 'APP1' }, 'subscription', 'S1');
    assert.deepEqual(billsOf(w, 'S1').map((b) => b.createdMs), [T0]);
    assert.equal(w.state.subscriptions.get('S1')!.nextIntervalMs, T0 + 7 * DAY);
  });

  it('a subscription whose second interval would start at expiry has no next interval after confirmation', () => {
    const w = world((s) => s.addSubscription(subscription({ status: 'inactive', expiresMs: T0 + 7 * DAY })));
    w.lc.confirm({ id: 'APP1' }, 'subscription', 'S1');
    assert.equal(billsOf(w, 'S1').length, 1);
    assert.equal(w.state.subscriptions.get('S1')!.nextIntervalMs, null);
  });

  it('a pre-authorization\'s first interval runs from confirmation, and none is due when it would start at expiry', () => {
    const w = world((s) => {
      s.addPreAuthorization(preAuthorization({ status: 'inactive' }));
      s.addPreAuthorization(preAuthorization({ id: 'P2', status: 'inactive', expiresMs: T0 + 2 * HOUR + DAY }));
    });
    w.clock.ms += 2 * HOUR;
    w.lc.confirm({ id: 'APP1' }, 'pre_authorization', 'P1');
    w.lc.confirm({ id: 'APP1' }, 'pre_authorization', 'P2');
    assert.equal(w.state.preAuthorizations.get('P1')!.nextIntervalMs, T0 + 2 * HOUR + DAY);
    assert.equal(w.state.preAuthorizations.get('P2')!.nextIntervalMs, null);
  });
});

describe('MoneyLifecycle: bills under a pre-authorization', () => {
  it('accepts a bill of exactly the remaining amount, which is then 0', () => {
    const w = world((s) => s.addPreAuthorization(preAuthorization({ remainingAmount: 1000 })));
    const p = w.state.preAuthorizations.get('P1')!;
    const b = w.lc.createPreAuthorizationBill(p, 1000, { name: 'Court', description: null, chargeCustomerAt: null });
    assert.equal(p.remainingAmount, 0);
    assert.equal(b.isSetupFee, false);
    assert.equal(b.status, 'pending');
  });

  it('refuses a bill over the remaining amount, saying when it resets', () => {
    const w = world((s) => {
      s.addPreAuthorization(preAuthorization({ remainingAmount: 1000, nextIntervalMs: Date.UTC(2026, 1, 1) }));
      s.addPreAuthorization(preAuthorization({ id: 'P2', remainingAmount: 1000 }));
    });
    const over = refusal(() => w.lc.createPreAuthorizationBill(w.state.preAuthorizations.get('P1')!, 1001, { name: null, description: null, chargeCustomerAt: null }));
    assert.equal(over.status, 422);
    assert.equal(over.message, 'Bill amount 10.01 exceeds the pre-authorization\'s remaining amount of 10.00 for the current interval (it resets to 70.00 at 2026-02-01T00:00:00.000Z).');
    const last = refusal(() => w.lc.createPreAuthorizationBill(w.state.preAuthorizations.get('P2')!, 1001, { name: null, description: null, chargeCustomerAt: null }));
    assert.equal(last.message, 'Bill amount 10.01 exceeds the pre-authorization\'s remaining amount of 10.00 for the current interval.');
  });

  it('refuses a bill once the expiry has come, even before the expiry has been processed', () => {
    // "expired: … No further bills can be created under this pre-authorization."
    const w = world((s) => s.addPreAuthorization(preAuthorization({ expiresMs: T0 })));
    const e = refusal(() => w.lc.createPreAuthorizationBill(w.state.preAuthorizations.get('P1')!, 100, { name: null, description: null, chargeCustomerAt: null }));
    assert.equal(e.status, 422);
    assert.equal(e.message, 'Pre-authorization P1 has expired; no further bills can be created under it.');
  });
});

describe('MoneyLifecycle: changing a bill or a mandate', () => {
  it('a pending bill cannot be cancelled from the moment it is submitted to the banks', () => {
    // The spec: "A pending bill can be cancelled if it has not yet been submitted to the banking system".
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.clock.ms = b.submitMs;
    const e = refusal(() => w.lc.cancelBill(b));
    assert.equal(e.status, 422);
    assert.equal(e.message, `Bill ${b.id} cannot be cancelled: it has already been submitted to the banks (can_be_cancelled is false).`);
    assert.equal(b.status, 'pending');
  });

  it('a bill that is no longer pending cannot be cancelled, and the message gives its status', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.triggerOutcome(b, 'paid');
    assert.equal(refusal(() => w.lc.cancelBill(b)).message, `Bill ${b.id} cannot be cancelled: it is paid (can_be_cancelled is false).`);
  });

  it('cancelling a pending bill before submission fires "cancelled"', () => {
    const w = world();
    const b = w.lc.newBill(billFields(), T0);
    w.lc.cancelBill(b);
    assert.equal(b.status, 'cancelled');
    assert.deepEqual(actions(w.sent), [`bill cancelled ${b.id}`]);
  });

  it('paid and withdrawn bills can be refunded, firing "refunded"', () => {
    const w = world();
    const paid = w.lc.newBill(billFields(), T0);
    const withdrawn = w.lc.newBill(billFields(), T0);
    w.lc.triggerOutcome(paid, 'paid');
    w.lc.triggerOutcome(withdrawn, 'paid');
    w.lc.triggerOutcome(withdrawn, 'withdrawn');
    w.sent.length = 0;
    w.lc.refundBill(paid);
    w.lc.refundBill(withdrawn);
    assert.deepEqual([paid.status, withdrawn.status], ['refunded', 'refunded']);
    assert.deepEqual(actions(w.sent), [`bill refunded ${paid.id}`, `bill refunded ${withdrawn.id}`]);
  });

  it('cancelling a pre-authorization that is not active is refused, naming it as the API does', () => {
    const w = world((s) => s.addPreAuthorization(preAuthorization({ status: 'cancelled' })));
    const e = refusal(() => w.lc.cancelMandate('pre_authorization', w.state.preAuthorizations.get('P1')!));
    assert.equal(e.status, 422);
    assert.equal(e.message, 'The pre-authorization P1 is cancelled; only active ones can be cancelled.');
  });
});

describe('MoneyLifecycle: scripted outcomes', () => {
  /** A world with one bill in each state the outcomes start from. */
  function bills(): { w: World; pending: BillRecord; failed: BillRecord; paid: BillRecord; withdrawn: BillRecord; unconfirmed: BillRecord } {
    const w = world();
    const pending = w.lc.newBill(billFields(), T0);
    const failed = w.lc.newBill(billFields(), T0);
    const paid = w.lc.newBill(billFields(), T0);
    const withdrawn = w.lc.newBill(billFields(), T0);
    const unconfirmed = w.lc.newBill(billFields(), T0, true);
    w.lc.triggerOutcome(failed, 'failed');
    w.lc.triggerOutcome(paid, 'paid');
    w.lc.triggerOutcome(withdrawn, 'paid');
    w.lc.triggerOutcome(withdrawn, 'withdrawn');
    w.sent.length = 0;
    return { w, pending, failed, paid, withdrawn, unconfirmed };
  }

  it('refuses any outcome for a bill not confirmed yet', () => {
    const { w, unconfirmed } = bills();
    const e = refusal(() => w.lc.triggerOutcome(unconfirmed, 'paid'));
    assert.equal(e.status, 422);
    assert.equal(e.message, `Bill ${unconfirmed.id} is not confirmed yet.`);
    assert.equal(unconfirmed.status, 'pending');
  });

  it('refuses each outcome from a status it cannot follow, saying which it needs', () => {
    const { w, pending, failed, paid } = bills();
    const cases: Array<[BillRecord, Parameters<MoneyLifecycle['triggerOutcome']>[1], string]> = [
      [failed, 'paid', 'pending'], [paid, 'failed', 'pending'], [paid, 'cancelled', 'pending'], [pending, 'retried', 'failed'],
      [pending, 'chargedback', 'paid or withdrawn'], [failed, 'refunded', 'paid or withdrawn'], [pending, 'withdrawn', 'paid'],
    ];
    for (const [bill, outcome, allowed] of cases) {
      const before = bill.status;
      const e = refusal(() => w.lc.triggerOutcome(bill, outcome));
      assert.equal(e.status, 422, outcome);
      assert.equal(e.message, `Bill ${bill.id} is ${before}; "${outcome}" applies only to ${allowed} bills.`);
      assert.equal(bill.status, before);
    }
    assert.deepEqual(w.sent, []);
  });

  it('a withdrawn bill can be charged back', () => {
    const { w, withdrawn } = bills();
    w.lc.triggerOutcome(withdrawn, 'chargedback');
    assert.equal(withdrawn.status, 'chargedback');
    assert.deepEqual(actions(w.sent), [`bill chargedback ${withdrawn.id}`]);
  });

  it('"withdrawn" pays a paid bill out into a new payout at once', () => {
    const { w, paid } = bills();
    const payoutsBefore = w.state.payouts.size;
    w.lc.triggerOutcome(paid, 'withdrawn');
    assert.equal(paid.status, 'withdrawn');
    assert.equal(w.state.payouts.size, payoutsBefore + 1);
    assert.equal(w.state.payouts.get(paid.payoutId!)!.amount, 990);
  });

  it('only a pending bill can be scripted to fail when it settles', () => {
    const { w, paid } = bills();
    const e = refusal(() => w.lc.scriptSettleOutcome(paid, 'failed'));
    assert.equal(e.status, 422);
    assert.equal(e.message, `Bill ${paid.id} is paid; only pending bills settle.`);
  });
});
