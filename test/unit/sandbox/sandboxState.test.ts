import assert from 'node:assert/strict';
import type { BillRecord, PreAuthorizationRecord, SubscriptionRecord, UserRecord } from '../../../src/core/sandbox/records';
import { SandboxState } from '../../../src/core/sandbox/SandboxState';

/** Builders for the few fields these tests care about; the rest are plausible constants. */
const MERCHANT = 'M1';
const DAY = 86_400_000;

function user(id: string, createdMs: number): UserRecord {
  return { id, merchantId: MERCHANT, createdMs, email: `${id.toLowerCase()}@example.com`, firstName: 'Tom', lastName: 'Blomfield' };
}

function bill(id: string, createdMs: number, over: Partial<BillRecord> = {}): BillRecord {
  return {
    id, merchantId: MERCHANT, userId: 'U1', sourceType: 'subscription', sourceId: 'S1', amount: 1000, currency: 'GBP', name: null, description: null,
    status: 'pending', inactive: false, createdMs, submitMs: createdMs + DAY, settleMs: createdMs + 4 * DAY, settleOutcome: 'paid',
    paidMs: null, withdrawMs: null, payoutId: null, isSetupFee: false, chargeCustomerAt: null, partnerFees: 0, ...over,
  };
}

const mandate = { merchantId: MERCHANT, userId: 'U1', currency: 'GBP', name: null, description: null, status: 'active', intervalLength: 1, intervalUnit: 'month', expiresMs: null, setupFee: null, nextIntervalMs: null } as const;

function subscription(id: string, createdMs: number): SubscriptionRecord {
  return { ...mandate, id, createdMs, amount: 1000, startMs: null };
}

function preAuthorization(id: string, createdMs: number): PreAuthorizationRecord {
  return { ...mandate, id, createdMs, maxAmount: 10_000, remainingAmount: 10_000, calendarIntervals: false };
}

function ids(list: ReadonlyArray<{ id: string }> | undefined): string[] {
  return (list ?? []).map((r) => r.id);
}

describe('SandboxState', () => {
  describe('created_at order of the lists the API pages through', () => {
    it('a record older than the newest goes into its place, not at the end', () => {
      const s = new SandboxState();
      for (const [id, at] of [['U10', 10], ['U30', 30], ['U20', 20], ['U5', 5]] as const) s.addUser(user(id, at));
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).users), ['U5', 'U10', 'U20', 'U30']);
    });

    it('records created at the same time keep the order they were added in', () => {
      const s = new SandboxState();
      for (const [id, at] of [['A', 10], ['B', 20], ['C', 10], ['D', 20]] as const) s.addBill(bill(id, at));
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).bills), ['A', 'C', 'B', 'D']);
    });
  });

  it('an added user can be found by id and is listed for its merchant', () => {
    const s = new SandboxState();
    s.addUser(user('U1', 1));
    assert.equal(s.users.get('U1')?.email, 'u1@example.com');
    assert.deepEqual(ids(s.merchantIndex(MERCHANT).users), ['U1']);
  });

  describe('bills', () => {
    it('an inactive (unconfirmed Connect) bill is stored but listed nowhere until indexed', () => {
      const s = new SandboxState();
      const b = bill('B1', 1, { inactive: true });
      s.addBill(b);
      assert.equal(s.bills.get('B1'), b);
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).bills), []);
      assert.equal(s.billsBySource.get('S1'), undefined);
      assert.equal(s.billsByUser.get('U1'), undefined);
      b.inactive = false;
      s.indexBill(b);
      assert.deepEqual([ids(s.merchantIndex(MERCHANT).bills), ids(s.billsBySource.get('S1')), ids(s.billsByUser.get('U1'))], [['B1'], ['B1'], ['B1']]);
    });

    it('the by-source and by-user lists take bills added after they were built', () => {
      const s = new SandboxState();
      s.addBill(bill('B1', 1));
      assert.deepEqual([ids(s.billsBySource.get('S1')), ids(s.billsByUser.get('U1'))], [['B1'], ['B1']]);
      s.addBill(bill('B2', 2));
      assert.deepEqual([ids(s.billsBySource.get('S1')), ids(s.billsByUser.get('U1'))], [['B1', 'B2'], ['B1', 'B2']]);
    });

    it('every change to the bills moves billsVersion to a value no cached query has seen', () => {
      // Cached filtered queries compare versions for equality: a version that comes back would serve stale bills.
      const s = new SandboxState();
      const seen = [s.billsVersion];
      const step = (): void => {
        assert.ok(s.billsVersion > Math.max(...seen), `version ${s.billsVersion} after ${seen.join(', ')}`);
        seen.push(s.billsVersion);
      };
      const inactive = bill('B1', 1, { inactive: true });
      s.addBill(inactive);
      step();
      inactive.inactive = false;
      s.indexBill(inactive);
      step();
      s.addBill(bill('B2', 2));
      step();
      s.removeBill(inactive);
      step();
    });

    it('a removed bill is gone from its id, its merchant\'s list and the by-source and by-user lists; the others stay', () => {
      const s = new SandboxState();
      const [b1, b2, b3] = [bill('B1', 1), bill('B2', 2), bill('B3', 3)];
      for (const b of [b1, b2, b3]) s.addBill(b);
      // Built before the removal, so the removal has to keep them right.
      assert.equal(s.billsBySource.get('S1')?.length, 3);
      assert.equal(s.billsByUser.get('U1')?.length, 3);
      s.removeBill(b1);
      assert.equal(s.bills.has('B1'), false);
      assert.deepEqual([ids(s.merchantIndex(MERCHANT).bills), ids(s.billsBySource.get('S1')), ids(s.billsByUser.get('U1'))], [['B2', 'B3'], ['B2', 'B3'], ['B2', 'B3']]);
      s.removeBill(b3);
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).bills), ['B2']);
    });

    it('removing a bill a second time leaves the others alone', () => {
      const s = new SandboxState();
      const [b1, b2] = [bill('B1', 1), bill('B2', 2)];
      s.addBill(b1);
      s.addBill(b2);
      s.removeBill(b1);
      s.removeBill(b1);
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).bills), ['B2']);
    });

    it('removing an inactive bill leaves the listed bills alone', () => {
      const s = new SandboxState();
      s.addBill(bill('B1', 1));
      const unconfirmed = bill('B2', 2, { inactive: true });
      s.addBill(unconfirmed);
      s.removeBill(unconfirmed);
      assert.equal(s.bills.has('B2'), false);
      assert.deepEqual(ids(s.merchantIndex(MERCHANT).bills), ['B1']);
    });
  });

  it('a removed subscription or pre-authorization is gone from its id and its merchant\'s list', () => {
    const s = new SandboxState();
    const subs = [subscription('S1', 1), subscription('S2', 2)];
    const pres = [preAuthorization('P1', 1), preAuthorization('P2', 2)];
    for (const x of subs) s.addSubscription(x);
    for (const p of pres) s.addPreAuthorization(p);
    s.removeSubscription(subs[0]!);
    s.removePreAuthorization(pres[0]!);
    assert.deepEqual([[...s.subscriptions.keys()], ids(s.merchantIndex(MERCHANT).subscriptions)], [['S2'], ['S2']]);
    assert.deepEqual([[...s.preAuthorizations.keys()], ids(s.merchantIndex(MERCHANT).preAuthorizations)], [['P2'], ['P2']]);
  });

  describe('snapshots', () => {
    it('a snapshot holds every record, and a state rebuilt from it lists them all again in created_at order', () => {
      const s = new SandboxState();
      s.addApp({ id: 'APP', secret: 'x', redirectUri: null, cancelUri: null });
      s.addMerchant({
        id: MERCHANT, appId: 'APP', accessToken: 'T', createdMs: 0, name: 'M', description: null, firstName: 'A', lastName: 'B', email: 'a@example.com',
        webhookUrl: null, hideVariableAmount: false, refundsEnabled: true, internationalPayments: false,
      });
      s.addUser(user('U2', 20));
      s.addUser(user('U1', 10));
      s.addBill(bill('B1', 5));
      s.addSubscription(subscription('S1', 3));
      s.addPreAuthorization(preAuthorization('P1', 4));
      s.addPayout({ id: 'PO1', merchantId: MERCHANT, appId: 'APP', amount: 990, transactionFees: 10, bankReference: 'M-ABCDE', createdMs: 30, paidMs: 31 });
      const snap = s.snapshot(1234);
      assert.equal(snap.clockOffsetMs, 1234);
      assert.deepEqual(
        [ids(snap.apps), ids(snap.merchants), ids(snap.users).sort(), ids(snap.bills), ids(snap.subscriptions), ids(snap.preAuthorizations), ids(snap.payouts)],
        [['APP'], [MERCHANT], ['U1', 'U2'], ['B1'], ['S1'], ['P1'], ['PO1']],
      );
      const back = SandboxState.fromSnapshot(JSON.parse(JSON.stringify(snap)) as typeof snap);
      const index = back.merchantIndex(MERCHANT);
      assert.deepEqual([ids(index.users), ids(index.bills), ids(index.subscriptions), ids(index.preAuthorizations), ids(index.payouts)], [['U1', 'U2'], ['B1'], ['S1'], ['P1'], ['PO1']]);
      assert.equal(back.merchantsByToken.get('T')?.refundsEnabled, true);
    });
  });
});
