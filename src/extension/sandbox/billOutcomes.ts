import type { BillStatus } from '../../core/api/models';
import { BILL_OUTCOMES, type BillOutcome } from '../../core/sandbox/SandboxOptions';

/**
 * The outcomes the local sandbox accepts for a bill in each status (MoneyLifecycle.triggerOutcome refuses the
 * rest with 422), so "Trigger bill outcome" offers only what can happen: a pending bill is paid, fails or is
 * cancelled; a failed one is retried; a paid one is charged back, refunded or withdrawn into a payout; a
 * withdrawn one can still be charged back or refunded.
 */
const BY_STATUS: Partial<Record<BillStatus, readonly BillOutcome[]>> = {
  pending: ['paid', 'failed', 'cancelled'],
  failed: ['retried'],
  paid: ['chargedback', 'refunded', 'withdrawn'],
  withdrawn: ['chargedback', 'refunded'],
};

/** Outcomes possible for a bill in `status`; every outcome when the status is not known. */
export function outcomesFor(status: BillStatus | undefined): readonly BillOutcome[] {
  if (status === undefined) return BILL_OUTCOMES;
  return BY_STATUS[status] ?? [];
}
