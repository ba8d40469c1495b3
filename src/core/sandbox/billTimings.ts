import { DAY_MS, parseDate, startOfDay } from './time';

/**
 * The sandbox's timetable for a bill, in calendar days (the spec: paid "up to
 * 5 business days" after creation; paid out "3 working days after the
 * customer is charged"):
 * - submitted to the bank 1 day after creation, or on charge_customer_at;
 *   until then a pending bill can be cancelled;
 * - settles (paid or failed) 3 days after submission;
 * - withdrawn into the next payout at the first midnight 2 days after it is paid.
 */
export interface BillTimings {
  submitMs: number;
  settleMs: number;
  withdrawMs: number;
}

export const SUBMIT_DELAY_MS = DAY_MS;
export const SETTLE_DELAY_MS = 3 * DAY_MS;
export const HOLD_MS = 2 * DAY_MS;

export function billTimings(fromMs: number, chargeCustomerAt: string | null): BillTimings {
  const charge = chargeCustomerAt === null ? undefined : parseDate(chargeCustomerAt);
  const submitMs = charge !== undefined ? Math.max(fromMs, charge) : fromMs + SUBMIT_DELAY_MS;
  const settleMs = submitMs + SETTLE_DELAY_MS;
  return { submitMs, settleMs, withdrawMs: withdrawAfterPaid(settleMs) };
}

export function withdrawAfterPaid(paidMs: number): number {
  return startOfDay(paidMs + HOLD_MS) + DAY_MS;
}
