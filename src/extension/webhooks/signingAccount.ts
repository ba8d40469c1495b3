// No `vscode` import: unit-tested.
import type { WebhookDelivery } from '../../core/webhooks';

/**
 * Which account "Re-sign and send" may sign a delivery with without asking:
 * the one whose secret verified it, and only when it verified. An invalid
 * delivery's diagnosis names whichever account its sender made it look
 * closest to — attacker-chosen, so then the user picks.
 */
export function accountThatVerified(delivery: Pick<WebhookDelivery, 'verification'> | undefined): string | undefined {
  return delivery?.verification.status === 'valid' ? delivery.verification.account?.id : undefined;
}
