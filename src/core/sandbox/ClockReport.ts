/** What one advance of the sandbox clock did. */
export interface ClockReport {
  /** The sandbox time after the advance (ISO 8601). */
  now: string;
  advancedMs: number;
  billsCreated: number;
  billsPaid: number;
  billsWithdrawn: number;
  payoutsCreated: number;
  expired: number;
  removedUnconfirmed: number;
  /** Webhooks queued by this advance (one per merchant, resource type and action). */
  webhooks: number;
}

export function emptyClockReport(now: Date, advancedMs: number): ClockReport {
  return {
    now: now.toISOString(), advancedMs, billsCreated: 0, billsPaid: 0, billsWithdrawn: 0,
    payoutsCreated: 0, expired: 0, removedUnconfirmed: 0, webhooks: 0,
  };
}

/** Whether running the clock changed anything worth persisting. */
export function clockReportChanged(r: ClockReport): boolean {
  return r.billsCreated + r.billsPaid + r.billsWithdrawn + r.payoutsCreated + r.expired + r.removedUnconfirmed + r.webhooks > 0;
}
