import { randomBytes } from 'node:crypto';
import type { SignableParams } from '../signing';
import { verifyWebhookBody } from './verifyWebhookBody';
import type { DeliveryVerification } from './WebhookDelivery';

/** An account whose app secret webhooks are checked against. The secret never leaves this process. */
export interface WebhookAccount {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
}

export interface WebhookBodyCheck {
  readonly verification: DeliveryVerification;
  readonly payload?: SignableParams;
  readonly resourceType?: string;
  readonly action?: string;
  readonly objectIds: readonly string[];
  readonly signature?: string;
}

/**
 * Checks a raw webhook body against every account's secret with the links
 * engineer's `verifyWebhookBody` (type-guarded parse, the spec's signature,
 * core's diagnosis plus the webhook-only mistakes), and maps the verdict onto
 * what the listener records and answers.
 */
export function checkWebhookBody(body: Buffer | string, accounts: readonly WebhookAccount[]): WebhookBodyCheck {
  // With no account configured there is nothing to match; a throwaway random secret still parses and explains the body.
  const secrets = accounts.length > 0 ? accounts.map((a) => a.secret) : [randomBytes(32).toString('hex')];
  const v = verifyWebhookBody(body, secrets);
  if (v.payload === undefined) return { objectIds: [], verification: { status: 'malformed', reason: v.reason } };
  const signature = typeof v.payload['signature'] === 'string' ? v.payload['signature'] : undefined;
  const base = {
    payload: v.payload, objectIds: v.objectIds,
    ...(v.resourceType === undefined ? {} : { resourceType: v.resourceType }),
    ...(v.action === undefined ? {} : { action: v.action }),
    ...(signature === undefined ? {} : { signature }),
  };
  const warnings = v.warnings.length > 0 ? { warnings: v.warnings } : {};
  const account = v.secretIndex === undefined ? undefined : accounts[v.secretIndex];
  const who = account ? { account: { id: account.id, name: account.name } } : {};
  switch (v.verdict) {
    case 'valid':
      // The diagnosis of a valid delivery is not kept: it is recomputed on demand, which keeps the store small at high rates.
      return { ...base, verification: { status: 'valid', ...who, reason: `Signed with the app secret of ${account?.name ?? 'an account'}.`, ...warnings } };
    case 'unsigned':
      return { ...base, verification: { status: 'unsigned', reason: v.reason, ...warnings } };
    default: {
      if (accounts.length === 0) return { ...base, verification: { status: 'invalid', reason: 'No app secret is configured, so the signature cannot be checked.', ...warnings } };
      const reason = accounts.length > 1 && v.diagnosis?.verdict === 'unexplained'
        ? `None of the ${accounts.length} configured app secrets reproduces the signature. ${v.reason}`
        : v.reason;
      return { ...base, verification: { status: 'invalid', ...who, ...(v.diagnosis ? { diagnosis: v.diagnosis } : {}), reason, ...warnings } };
    }
  }
}
