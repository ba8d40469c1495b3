import type { BillStatus, Currency, IntervalUnit } from '../api/models';
import { secretToken, resourceId } from './ids';
import { gocardlessFee } from './money';
import { createPrng, type Prng } from './prng';
import type { BillRecord, PayoutRecord, PreAuthorizationRecord, SubscriptionRecord, UserRecord } from './records';
import type { SandboxCredentials, SandboxScale } from './SandboxOptions';
import { firstIndexAfter, SandboxState } from './SandboxState';
import { addInterval, DAY_MS, HOUR_MS } from './time';
import { SETTLE_DELAY_MS, SUBMIT_DELAY_MS, withdrawAfterPaid } from './billTimings';

const FIRST = ['Alasdair', 'Amelia', 'Tom', 'Oliver', 'Isla', 'Freya', 'Harry', 'Jack', 'Sophie', 'Grace', 'Frank', 'James', 'Priya', 'Mohammed', 'Chloe', 'Aoife', 'Lukas', 'Emma', 'Noah', 'Zara'];
const LAST = ['Monk', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Patel', 'Khan', "O'Brien", 'Murphy', 'Dean', 'Müller', 'Dubois', 'Rossi', 'Clarke', 'Walker', 'Hughes', 'Wright'];
const PLANS = [
  { name: 'London Gym Membership', description: 'Entitles you to use all of the gyms around London', amount: 4400 },
  { name: 'Gold membership', description: 'Monthly gold tier', amount: 5000 },
  { name: "Tom's Magazine", description: 'Payments for monthly magazine subscriptions', amount: 450 },
  { name: 'Office coffee club', description: 'Beans & milk for the 3rd floor', amount: 1200 },
  { name: 'Piano lessons', description: 'Weekly lesson, 45 minutes', amount: 2500 },
];
const VARIABLE = [
  { name: 'Variable Payments For Tennis Court Rental', description: 'You will be charged according to your monthly usage of the tennis courts', max: 7000 },
  { name: 'Utility usage', description: 'Metered usage billed monthly', max: 25000 },
  { name: 'Consulting hours', description: 'Invoiced per week of work', max: 150000 },
];
const UNITS: readonly IntervalUnit[] = ['month', 'month', 'month', 'week', 'day'];

export const DEFAULT_SCALE: SandboxScale = { bills: 60, subscriptions: 12, preAuthorizations: 8, users: 25, payouts: 6 };

/** Unspecified counts follow the bill count, so `bills=100000` alone still gives a plausible merchant. */
export function resolveScale(scale: Partial<SandboxScale> = {}): SandboxScale {
  const bills = scale.bills ?? DEFAULT_SCALE.bills;
  return {
    bills,
    users: scale.users ?? Math.max(DEFAULT_SCALE.users, Math.round(bills / 4)),
    subscriptions: scale.subscriptions ?? Math.max(DEFAULT_SCALE.subscriptions, Math.round(bills / 12)),
    preAuthorizations: scale.preAuthorizations ?? Math.max(DEFAULT_SCALE.preAuthorizations, Math.round(bills / 25)),
    payouts: scale.payouts ?? Math.max(DEFAULT_SCALE.payouts, Math.min(200, Math.round(bills / 10))),
  };
}

export interface SeedInput {
  seed: number;
  scale: SandboxScale;
  nowMs: number;
  credentials: SandboxCredentials;
  webhookUrl: string | null;
  redirectUri: string | null;
  cancelUri: string | null;
  /** The default merchant's refunds switch (off unless asked for). */
  refundsEnabled?: boolean;
}

/** Default credentials derived from the seed, so a restart with the same seed keeps working links and tokens. */
export function seededCredentials(seed: number, given: Partial<SandboxCredentials> = {}): SandboxCredentials {
  const prng = createPrng(seed ^ 0x5eed);
  const defaults = { app_id: resourceId(prng, 64), app_secret: secretToken(prng), merchant_id: resourceId(prng), access_token: secretToken(prng) };
  return { ...defaults, ...given };
}

/** The size of the second, international merchant's history (small: it is there to show EUR data). */
const INTERNATIONAL_SCALE: SandboxScale = { bills: 24, subscriptions: 4, preAuthorizations: 2, users: 6, payouts: 2 };

/** What differs between the seeded merchants' histories. */
interface HistoryStyle {
  /** Currency of the i-th subscription (draws from the PRNG in the same place for every merchant). */
  subscriptionCurrency: (prng: Prng) => Currency;
  preAuthorizationCurrency: (i: number) => Currency;
  adHocCurrency: (i: number) => Currency;
  bankReference: string;
}

/**
 * The default merchant takes GBP only: it has not been "set up to accept international payments".
 * The draw stays, so a seed gives the same ids and data as before the merchant was made GBP-only.
 */
const GBP_ONLY: HistoryStyle = {
  subscriptionCurrency: (prng) => {
    prng.next();
    return 'GBP';
  },
  preAuthorizationCurrency: () => 'GBP',
  adHocCurrency: () => 'GBP',
  bankReference: 'TOMSMAGAZINE',
};

const INTERNATIONAL: HistoryStyle = {
  subscriptionCurrency: (prng) => (prng.next() < 0.5 ? 'EUR' : 'GBP'),
  preAuthorizationCurrency: (i) => (i % 2 === 0 ? 'EUR' : 'GBP'),
  adHocCurrency: (i) => (i % 3 === 0 ? 'GBP' : 'EUR'),
  bankReference: 'MAISONDUBOIS',
};

/**
 * Builds the seeded world: one app; its default merchant (GBP only, refunds off unless asked) with a year
 * of history consistent with the sandbox clock; and a second, smaller merchant set up for international
 * payments (EUR and GBP), reachable through the partner OAuth page.
 */
export function seedState(input: SeedInput): SandboxState {
  const { nowMs, credentials, scale } = input;
  const state = new SandboxState();
  const start = nowMs - 365 * DAY_MS;
  state.addApp({ id: credentials.app_id, secret: credentials.app_secret, redirectUri: input.redirectUri, cancelUri: input.cancelUri });
  state.addMerchant({
    id: credentials.merchant_id, appId: credentials.app_id, accessToken: credentials.access_token, createdMs: sec(start - 30 * DAY_MS),
    name: "Tom's Magazine", description: 'Payments for monthly magazine subscriptions', firstName: 'Tom', lastName: 'Blomfield',
    email: 'tom@example.com', webhookUrl: input.webhookUrl, hideVariableAmount: false,
    refundsEnabled: input.refundsEnabled ?? false, internationalPayments: false,
  });
  seedHistory(state, createPrng(input.seed), credentials.merchant_id, credentials.app_id, scale, nowMs, GBP_ONLY);

  // Its own PRNG, so the default merchant's data is the same whether or not this one exists.
  const prng = createPrng(input.seed ^ 0xe0e0);
  const international = { id: resourceId(prng), accessToken: secretToken(prng) };
  state.addMerchant({
    id: international.id, appId: credentials.app_id, accessToken: international.accessToken, createdMs: sec(start - 10 * DAY_MS),
    name: 'Maison Dubois', description: 'Cours de cuisine à Lyon et à Londres', firstName: 'Camille', lastName: 'Dubois',
    email: 'camille@example.com', webhookUrl: null, hideVariableAmount: false, refundsEnabled: false, internationalPayments: true,
  });
  seedHistory(state, prng, international.id, credentials.app_id, INTERNATIONAL_SCALE, nowMs, INTERNATIONAL);
  return state;
}

/** A merchant's year of users, subscriptions, pre-authorizations, bills and payouts. */
function seedHistory(state: SandboxState, prng: Prng, merchantId: string, appId: string, scale: SandboxScale, nowMs: number, style: HistoryStyle): void {
  const historyMs = 365 * DAY_MS;
  const start = nowMs - historyMs;
  const users: UserRecord[] = [];
  for (let i = 0; i < scale.users; i++) {
    const firstName = prng.pick(FIRST);
    const lastName = prng.pick(LAST);
    users.push({
      id: resourceId(prng), merchantId, createdMs: sec(start + (historyMs * i) / Math.max(1, scale.users) * 0.5),
      email: `${firstName}.${lastName}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''), firstName, lastName,
    });
  }
  for (const u of users) state.addUser(u);
  // Users are made in time order, the first at the start of the history: the ones that exist at a moment
  // are the first few, and there is always one to pick.
  const someUser = (atMs: number): UserRecord => prng.pick(users, firstIndexAfter(users, atMs));

  const subs: SubscriptionRecord[] = [];
  for (let i = 0; i < scale.subscriptions; i++) {
    const plan = prng.pick(PLANS);
    const createdMs = sec(start + prng.next() * historyMs * 0.6);
    const unit = prng.pick(UNITS);
    const roll = prng.next();
    const status = roll < 0.75 ? 'active' : roll < 0.9 ? 'cancelled' : 'expired';
    const expiresMs = status === 'expired' ? sec(createdMs + 120 * DAY_MS) : roll < 0.3 ? sec(nowMs + 200 * DAY_MS) : null;
    const currency = style.subscriptionCurrency(prng);
    subs.push({
      id: resourceId(prng), merchantId, userId: someUser(createdMs).id, currency, name: plan.name, description: plan.description,
      status, createdMs, intervalLength: 1, intervalUnit: unit, expiresMs, setupFee: null, amount: plan.amount, startMs: null,
      nextIntervalMs: status === 'active' ? nextAfter(createdMs, unit, nowMs, expiresMs) : null,
    });
  }
  for (const s of subs) state.addSubscription(s);

  const pres: PreAuthorizationRecord[] = [];
  for (let i = 0; i < scale.preAuthorizations; i++) {
    const v = prng.pick(VARIABLE);
    const createdMs = sec(start + prng.next() * historyMs * 0.6);
    const unit = prng.pick(UNITS);
    const roll = prng.next();
    const status = roll < 0.8 ? 'active' : roll < 0.9 ? 'cancelled' : 'expired';
    const expiresMs = status === 'expired' ? sec(createdMs + 90 * DAY_MS) : sec(nowMs + (200 + prng.int(0, 400)) * DAY_MS);
    pres.push({
      id: resourceId(prng), merchantId, userId: someUser(createdMs).id, currency: style.preAuthorizationCurrency(i), name: v.name, description: v.description,
      status, createdMs, intervalLength: 1, intervalUnit: unit, expiresMs, setupFee: null, maxAmount: v.max,
      remainingAmount: status === 'active' ? v.max - prng.int(0, v.max / 100) * 50 : v.max, calendarIntervals: false,
      nextIntervalMs: status === 'active' ? nextAfter(createdMs, unit, nowMs, expiresMs) : null,
    });
  }
  for (const p of pres) state.addPreAuthorization(p);

  const bills = seedBills(prng, scale.bills, { start, nowMs, historyMs, merchantId, users, subs, pres, adHocCurrency: style.adHocCurrency });
  const payouts = seedPayouts(prng, bills, scale.payouts, merchantId, appId, nowMs, style.bankReference);
  for (const b of bills) state.addBill(b);
  for (const p of payouts) state.addPayout(p);
}

interface BillContext {
  start: number; nowMs: number; historyMs: number; merchantId: string;
  users: UserRecord[]; subs: SubscriptionRecord[]; pres: PreAuthorizationRecord[];
  adHocCurrency: (i: number) => Currency;
}

/**
 * The subscriptions or pre-authorizations that exist at each moment asked for (created by then and not expired),
 * for moments asked in time order. A sweep over them, so that seeding 100,000 bills does not look through every
 * mandate for each bill.
 */
function existingOverTime<T extends { createdMs: number; expiresMs: number | null }>(records: readonly T[]): (atMs: number) => readonly T[] {
  const byCreation = [...records].sort((a, b) => a.createdMs - b.createdMs);
  let added = 0;
  let open: T[] = [];
  let firstExpiryMs = Infinity;
  return (atMs) => {
    for (; added < byCreation.length && byCreation[added]!.createdMs <= atMs; added++) {
      const r = byCreation[added]!;
      open.push(r);
      if (r.expiresMs !== null) firstExpiryMs = Math.min(firstExpiryMs, r.expiresMs);
    }
    if (firstExpiryMs <= atMs) {
      open = open.filter((r) => r.expiresMs === null || r.expiresMs > atMs);
      firstExpiryMs = open.reduce((first, r) => Math.min(first, r.expiresMs ?? Infinity), Infinity);
    }
    return open;
  };
}

/**
 * What each settled bill came to, a block of 20 at a time in a shuffled order: every block holds each
 * outcome other than paid once, so a history of 20 settled bills or more shows every bill status,
 * whatever the seed (the Merchants tree and its tests need one of each).
 */
const SETTLED_OUTCOMES: readonly BillStatus[] = [...Array<BillStatus>(16).fill('paid'), 'failed', 'cancelled', 'refunded', 'chargedback'];

/**
 * When each of `count` bills was made, oldest first. Two are placed by design, so that every history ends
 * with a bill paid and held for its withdrawal (`held`) and a bill still pending, however few bills it has;
 * the others are spread evenly over the year with jitter.
 */
function billTimes(prng: Prng, count: number, c: BillContext): Array<{ createdMs: number; held: boolean }> {
  const held = { createdMs: sec(c.nowMs - SUBMIT_DELAY_MS - SETTLE_DELAY_MS - (6 + prng.next() * 12) * HOUR_MS), held: true };
  const pending = { createdMs: sec(c.nowMs - (1 + prng.next() * 12) * HOUR_MS), held: false };
  const placed = count >= 2 ? [held, pending] : count === 1 ? [pending] : [];
  const spread = count - placed.length;
  const times = Array.from({ length: spread }, (_, i) => ({ createdMs: sec(c.start + ((i + prng.next() * 0.9) / spread) * c.historyMs), held: false }));
  return [...times, ...placed].sort((a, b) => a.createdMs - b.createdMs);
}

function seedBills(prng: Prng, count: number, c: BillContext): BillRecord[] {
  const bills: BillRecord[] = [];
  let outcomes: BillStatus[] = [];
  const times = billTimes(prng, count, c);
  // A bill comes from a subscription, pre-authorization or user that existed then (and had not expired).
  const subsAt = existingOverTime(c.subs);
  const presAt = existingOverTime(c.pres);
  for (let i = 0; i < count; i++) {
    const { createdMs, held } = times[i]!;
    const kind = prng.next();
    const subs = subsAt(createdMs);
    const pres = presAt(createdMs);
    let sourceType: BillRecord['sourceType'];
    let sourceId: string;
    let userId: string;
    let amount: number;
    let name: string | null;
    let description: string | null;
    let currency: Currency;
    if (kind < 0.5 && subs.length) {
      const s = prng.pick(subs);
      sourceType = 'subscription'; sourceId = s.id; userId = s.userId; amount = s.amount; currency = s.currency;
      name = `Bill for ${s.name ?? 'subscription'}`; description = s.description;
    } else if (kind < 0.75 && pres.length) {
      const p = prng.pick(pres);
      sourceType = 'pre_authorization'; sourceId = p.id; userId = p.userId; currency = p.currency;
      amount = prng.int(1, Math.max(1, p.maxAmount / 100)) * 100 - prng.pick([0, 1, 50]);
      name = `Usage ${i + 1}`; description = p.name;
    } else {
      const u = prng.pick(c.users, firstIndexAfter(c.users, createdMs));
      sourceType = 'ad_hoc_authorization'; sourceId = resourceId(prng); userId = u.id; currency = c.adHocCurrency(i);
      amount = prng.int(5, 400) * 100 + prng.pick([0, 0, 50, 99]);
      name = `Invoice ${1000 + i}`; description = prng.next() < 0.5 ? 'One-off payment' : null;
    }
    const submitMs = createdMs + SUBMIT_DELAY_MS;
    const settleMs = submitMs + SETTLE_DELAY_MS;
    const bill: BillRecord = {
      id: resourceId(prng), merchantId: c.merchantId, userId, sourceType, sourceId, amount, currency, name, description,
      status: 'pending', inactive: false, createdMs, submitMs, settleMs, settleOutcome: 'paid',
      paidMs: null, withdrawMs: null, payoutId: null, isSetupFee: false, chargeCustomerAt: null, partnerFees: 0,
    };
    if (settleMs <= c.nowMs) {
      if (outcomes.length === 0) outcomes = prng.shuffle(SETTLED_OUTCOMES);
      const status = held ? 'paid' : outcomes.pop()!;
      bill.status = status;
      if (status !== 'failed' && status !== 'cancelled') bill.paidMs = settleMs;
      if (status === 'paid') bill.withdrawMs = withdrawAfterPaid(settleMs);
    } else if (prng.next() < 0.03) {
      bill.settleOutcome = 'failed';
    }
    bills.push(bill);
  }
  return bills;
}

/** Paid bills whose withdrawal date has passed are grouped, in order, into `count` payouts. */
function seedPayouts(prng: Prng, bills: BillRecord[], count: number, merchantId: string, appId: string, nowMs: number, bankReference: string): PayoutRecord[] {
  const due = bills.filter((b) => b.status === 'paid' && b.withdrawMs !== null && b.withdrawMs <= nowMs);
  due.sort((a, b) => a.withdrawMs! - b.withdrawMs!);
  const payouts: PayoutRecord[] = [];
  const n = Math.min(count, due.length);
  for (let i = 0; i < n; i++) {
    const group = due.slice(Math.floor((i * due.length) / n), Math.floor(((i + 1) * due.length) / n));
    const createdMs = group[group.length - 1]!.withdrawMs!;
    const payout: PayoutRecord = {
      id: resourceId(prng), merchantId, appId, amount: 0, transactionFees: 0,
      bankReference: `${bankReference}-${resourceId(prng, 5)}`, createdMs, paidMs: createdMs + HOUR_MS / 2,
    };
    for (const b of group) {
      const fee = gocardlessFee(b.amount);
      payout.amount += b.amount - fee;
      payout.transactionFees += fee;
      b.status = 'withdrawn';
      b.payoutId = payout.id;
      b.withdrawMs = createdMs;
    }
    payouts.push(payout);
  }
  return payouts;
}

function nextAfter(createdMs: number, unit: IntervalUnit, nowMs: number, expiresMs: number | null): number | null {
  let t = createdMs;
  if (unit !== 'month' && nowMs > t) {
    const step = (unit === 'day' ? 1 : 7) * DAY_MS;
    t += Math.floor((nowMs - t) / step) * step;
  }
  // Bounded: at most a year of daily steps.
  for (let i = 0; i < 2000 && t <= nowMs; i++) t = addInterval(t, unit, 1);
  return expiresMs !== null && t >= expiresMs ? null : t;
}

function sec(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
