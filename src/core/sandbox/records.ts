import type { BillSourceType, BillStatus, Currency, IntervalUnit, MandateStatus, UserPrefill } from '../api/models';

/**
 * What the sandbox stores. Plain JSON-serializable objects (so persistence is
 * one JSON.stringify); amounts in pence, times in epoch ms. The API's JSON is
 * rendered from these by renderResources.ts, because URIs depend on the
 * address the server listens on.
 */

export interface AppRecord {
  id: string;
  secret: string;
  redirectUri: string | null;
  cancelUri: string | null;
}

export interface MerchantRecord {
  id: string;
  appId: string;
  accessToken: string;
  createdMs: number;
  name: string;
  description: string | null;
  firstName: string;
  lastName: string;
  email: string;
  webhookUrl: string | null;
  hideVariableAmount: boolean;
  /**
   * "This endpoint will only be available if refunds have been enabled on your merchant account."
   * Off unless switched on (admin API, `gcdev sandbox --refunds-enabled`, the extension's command).
   * Not in the merchant's JSON: the spec's merchant example does not show it.
   */
  refundsEnabled: boolean;
  /**
   * "If your account has been set up to accept international payments … you will be able to supply a
   * currency." Without it, only GBP (the default currency) is accepted. Not in the merchant's JSON either.
   */
  internationalPayments: boolean;
}

/** A merchant's switches that the spec says GoCardless sets up for an account, as the admin API shows them. */
export interface MerchantSettings {
  refunds_enabled: boolean;
  international_payments: boolean;
  /** The merchant's "Variable payments" option, which the API shows as hide_variable_amount. */
  hide_variable_amount: boolean;
}

export function merchantSettings(m: MerchantRecord): MerchantSettings {
  return { refunds_enabled: m.refundsEnabled, international_payments: m.internationalPayments, hide_variable_amount: m.hideVariableAmount };
}

export interface UserRecord {
  id: string;
  merchantId: string;
  createdMs: number;
  email: string;
  firstName: string;
  lastName: string;
  details?: UserPrefill;
}

export interface BillRecord {
  id: string;
  merchantId: string;
  userId: string;
  sourceType: BillSourceType;
  sourceId: string;
  amount: number;
  currency: Currency;
  name: string | null;
  description: string | null;
  status: BillStatus;
  /** A Connect bill not yet confirmed: listed nowhere, disappears after the TTL. */
  inactive: boolean;
  createdMs: number;
  /** When the bill is submitted to the bank; until then a pending bill can be cancelled. */
  submitMs: number;
  /** When a pending bill settles (becomes paid, or failed when scripted). */
  settleMs: number;
  /** Outcome when it settles; 'paid' unless scripted. */
  settleOutcome: 'paid' | 'failed';
  paidMs: number | null;
  /** When a paid bill is withdrawn into a payout. */
  withdrawMs: number | null;
  payoutId: string | null;
  isSetupFee: boolean;
  chargeCustomerAt: string | null;
  partnerFees: number;
}

export interface MandateRecordBase {
  id: string;
  merchantId: string;
  userId: string;
  currency: Currency;
  name: string | null;
  description: string | null;
  status: MandateStatus;
  createdMs: number;
  intervalLength: number;
  intervalUnit: IntervalUnit;
  expiresMs: number | null;
  setupFee: number | null;
  /** Start of the next interval (subscriptions: when the next bill is created). */
  nextIntervalMs: number | null;
}

export interface SubscriptionRecord extends MandateRecordBase {
  amount: number;
  startMs: number | null;
}

export interface PreAuthorizationRecord extends MandateRecordBase {
  maxAmount: number;
  remainingAmount: number;
  calendarIntervals: boolean;
}

export interface PayoutRecord {
  id: string;
  merchantId: string;
  appId: string;
  amount: number;
  transactionFees: number;
  bankReference: string;
  createdMs: number;
  paidMs: number;
}
