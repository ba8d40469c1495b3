import type {
  AppRecord, BillRecord, MerchantRecord, PayoutRecord, PreAuthorizationRecord, SubscriptionRecord, UserRecord,
} from './records';

/** Everything a merchant owns, each list in created_at order so pages and before/after are slices. */
export interface MerchantIndex {
  bills: BillRecord[];
  users: UserRecord[];
  subscriptions: SubscriptionRecord[];
  preAuthorizations: PreAuthorizationRecord[];
  payouts: PayoutRecord[];
}

interface Created { createdMs: number }

/** Inserts keeping created_at order; appends in O(1) in the usual case (new records are the newest). */
export function insertByCreated<T extends Created>(list: T[], item: T): void {
  const last = list[list.length - 1];
  if (!last || last.createdMs <= item.createdMs) {
    list.push(item);
    return;
  }
  list.splice(firstIndexAfter(list, item.createdMs), 0, item);
}

/** Index of the first item created strictly after `ms`. */
export function firstIndexAfter(list: readonly Created[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.createdMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first item created at or after `ms`. */
export function firstIndexAtOrAfter(list: readonly Created[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.createdMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove<T>(list: T[] | undefined, item: T): void {
  if (!list) return;
  const i = list.lastIndexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function push<K, V extends Created>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  insertByCreated(list, value);
}

function byCreated<T extends Created>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.createdMs - b.createdMs);
}

/** A merchant as saved; snapshots written before the refunds and currency settings existed lack them. */
export type StoredMerchant = Omit<MerchantRecord, 'refundsEnabled' | 'internationalPayments'> & Partial<Pick<MerchantRecord, 'refundsEnabled' | 'internationalPayments'>>;

export interface StateSnapshot {
  version: 1;
  clockOffsetMs: number;
  apps: AppRecord[];
  merchants: StoredMerchant[];
  users: UserRecord[];
  bills: BillRecord[];
  subscriptions: SubscriptionRecord[];
  preAuthorizations: PreAuthorizationRecord[];
  payouts: PayoutRecord[];
}

/** The sandbox's database: records by id plus the indexes the list endpoints need. */
export class SandboxState {
  readonly apps = new Map<string, AppRecord>();
  readonly merchants = new Map<string, MerchantRecord>();
  readonly merchantsByToken = new Map<string, MerchantRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly bills = new Map<string, BillRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly preAuthorizations = new Map<string, PreAuthorizationRecord>();
  readonly payouts = new Map<string, PayoutRecord>();
  /**
   * Bills by source_id (subscriptions and pre-authorizations) and by user_id.
   * Built on first use rather than at start-up (a 100,000-bill sandbox starts
   * faster), then kept up to date.
   */
  private bySource: Map<string, BillRecord[]> | undefined;
  private byUser: Map<string, BillRecord[]> | undefined;

  get billsBySource(): Map<string, BillRecord[]> {
    if (!this.bySource) {
      this.bySource = new Map();
      for (const index of this.byMerchant.values()) for (const b of index.bills) if (b.sourceType !== 'ad_hoc_authorization') push(this.bySource, b.sourceId, b);
    }
    return this.bySource;
  }

  get billsByUser(): Map<string, BillRecord[]> {
    if (!this.byUser) {
      this.byUser = new Map();
      for (const index of this.byMerchant.values()) for (const b of index.bills) push(this.byUser, b.userId, b);
    }
    return this.byUser;
  }
  private readonly byMerchant = new Map<string, MerchantIndex>();
  /** Bumped on every change to any bill, so cached bill queries know when they are stale. */
  billsVersion = 0;
  /** Matching bills of recent filtered queries (paging through one query scans once). */
  readonly billQueryCache = new Map<string, { version: number; bills: BillRecord[] }>();

  merchantIndex(merchantId: string): MerchantIndex {
    let index = this.byMerchant.get(merchantId);
    if (!index) {
      index = { bills: [], users: [], subscriptions: [], preAuthorizations: [], payouts: [] };
      this.byMerchant.set(merchantId, index);
    }
    return index;
  }

  addApp(app: AppRecord): void {
    this.apps.set(app.id, app);
  }

  addMerchant(merchant: MerchantRecord): void {
    this.merchants.set(merchant.id, merchant);
    this.merchantsByToken.set(merchant.accessToken, merchant);
    this.merchantIndex(merchant.id);
  }

  addUser(user: UserRecord): void {
    this.users.set(user.id, user);
    insertByCreated(this.merchantIndex(user.merchantId).users, user);
  }

  /** Inactive (unconfirmed Connect) bills are stored but not indexed until confirmed. */
  addBill(bill: BillRecord): void {
    this.billsVersion++;
    this.bills.set(bill.id, bill);
    if (!bill.inactive) this.indexBill(bill);
  }

  indexBill(bill: BillRecord): void {
    this.billsVersion++;
    insertByCreated(this.merchantIndex(bill.merchantId).bills, bill);
    // One-off bills have a source of their own; a source_id query that finds no entry scans the merchant's bills.
    if (this.bySource && bill.sourceType !== 'ad_hoc_authorization') push(this.bySource, bill.sourceId, bill);
    if (this.byUser) push(this.byUser, bill.userId, bill);
  }

  removeBill(bill: BillRecord): void {
    this.billsVersion++;
    this.bills.delete(bill.id);
    if (bill.inactive) return;
    remove(this.merchantIndex(bill.merchantId).bills, bill);
    remove(this.bySource?.get(bill.sourceId), bill);
    remove(this.byUser?.get(bill.userId), bill);
  }

  addSubscription(sub: SubscriptionRecord): void {
    this.subscriptions.set(sub.id, sub);
    insertByCreated(this.merchantIndex(sub.merchantId).subscriptions, sub);
  }

  removeSubscription(sub: SubscriptionRecord): void {
    this.subscriptions.delete(sub.id);
    remove(this.merchantIndex(sub.merchantId).subscriptions, sub);
  }

  addPreAuthorization(pre: PreAuthorizationRecord): void {
    this.preAuthorizations.set(pre.id, pre);
    insertByCreated(this.merchantIndex(pre.merchantId).preAuthorizations, pre);
  }

  removePreAuthorization(pre: PreAuthorizationRecord): void {
    this.preAuthorizations.delete(pre.id);
    remove(this.merchantIndex(pre.merchantId).preAuthorizations, pre);
  }

  addPayout(payout: PayoutRecord): void {
    this.payouts.set(payout.id, payout);
    insertByCreated(this.merchantIndex(payout.merchantId).payouts, payout);
  }

  snapshot(clockOffsetMs: number): StateSnapshot {
    return {
      version: 1,
      clockOffsetMs,
      apps: [...this.apps.values()],
      merchants: [...this.merchants.values()],
      users: [...this.users.values()],
      bills: [...this.bills.values()],
      subscriptions: [...this.subscriptions.values()],
      preAuthorizations: [...this.preAuthorizations.values()],
      payouts: [...this.payouts.values()],
    };
  }

  static fromSnapshot(s: StateSnapshot): SandboxState {
    const state = new SandboxState();
    for (const a of s.apps) state.addApp(a);
    // Both settings are off by default, as on a new GoCardless account.
    for (const m of s.merchants) state.addMerchant({ ...m, refundsEnabled: m.refundsEnabled ?? false, internationalPayments: m.internationalPayments ?? false });
    // Sorted first so every insert is an append.
    for (const u of byCreated(s.users)) state.addUser(u);
    for (const b of byCreated(s.bills)) state.addBill(b);
    for (const x of byCreated(s.subscriptions)) state.addSubscription(x);
    for (const p of byCreated(s.preAuthorizations)) state.addPreAuthorization(p);
    for (const p of byCreated(s.payouts)) state.addPayout(p);
    return state;
  }
}
