import type { BillStatus, MandateStatus } from '../../core/api/models';

/** A codicon id and a theme colour id (vscode-free, turned into ThemeIcon by the nodes). */
export interface StatusStyle {
  readonly icon: string;
  readonly color: string;
}

const BILL: Readonly<Record<BillStatus, StatusStyle>> = {
  pending: { icon: 'clock', color: 'charts.yellow' },
  paid: { icon: 'pass', color: 'charts.green' },
  withdrawn: { icon: 'pass-filled', color: 'charts.blue' },
  failed: { icon: 'error', color: 'charts.red' },
  chargedback: { icon: 'warning', color: 'charts.red' },
  refunded: { icon: 'discard', color: 'charts.purple' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
};

const MANDATE: Readonly<Record<MandateStatus, StatusStyle>> = {
  active: { icon: 'check', color: 'charts.green' },
  inactive: { icon: 'circle-large-outline', color: 'charts.yellow' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  expired: { icon: 'history', color: 'disabledForeground' },
};

const UNKNOWN: StatusStyle = { icon: 'question', color: 'disabledForeground' };

export function billStyle(status: string): StatusStyle {
  return (BILL as Record<string, StatusStyle>)[status] ?? UNKNOWN;
}

export function mandateStyle(status: string): StatusStyle {
  return (MANDATE as Record<string, StatusStyle>)[status] ?? UNKNOWN;
}

/** A payout is "on its way" until its paid_at (the date funds reach the bank) has passed. */
export function payoutStyle(paidAt: string | null, now: Date): StatusStyle {
  return paidAt && new Date(paidAt).getTime() <= now.getTime()
    ? { icon: 'pass-filled', color: 'charts.green' }
    : { icon: 'arrow-circle-right', color: 'charts.blue' };
}
