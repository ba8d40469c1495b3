import { diagnoseSignature, hmacHex, normalizeParams, signaturesEqual, withoutSignature, type SignableParams, type SignableValue } from '../signing';
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON values are signable except non-finite numbers, which JSON cannot carry anyway. */
function isSignableValue(v: unknown, depth = 0): v is SignableValue {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isSignableValue(x, depth + 1));
  if (isRecord(v)) return Object.values(v).every((x) => isSignableValue(x, depth + 1));
  return false;
}

function isSignableParams(v: unknown): v is SignableParams {
  return isRecord(v) && isSignableValue(v);
}

/** The ids of the payload's objects: `bills[].id`, `subscriptions[].id`, `pre_authorizations[].id`. */
export function objectIdsOf(payload: SignableParams): string[] {
  const ids: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'signature' || !Array.isArray(value)) continue;
    for (const o of value as readonly SignableValue[]) {
      if (isRecord(o) && typeof o['id'] === 'string') ids.push(o['id']);
    }
  }
  return ids;
}

/**
 * Parses a raw webhook body with type guards and verifies `payload.signature`
 * against every account's secret (the spec: "validate the HMAC digest by
 * resigning the contents of the payload object, not including the container
 * payload itself"). The normalized string is computed once for all secrets.
 */
export function checkWebhookBody(body: Buffer | string, accounts: readonly WebhookAccount[]): WebhookBodyCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return malformed('The body is not JSON.');
  }
  if (!isRecord(parsed) || !('payload' in parsed)) return malformed('The body has no "payload" object; GoCardless wraps every webhook in {"payload": {...}}.');
  const payload = parsed['payload'];
  if (!isSignableParams(payload)) return malformed('"payload" is not an object of strings, numbers, booleans, arrays and objects.');

  const resourceType = typeof payload['resource_type'] === 'string' ? payload['resource_type'] : undefined;
  const action = typeof payload['action'] === 'string' ? payload['action'] : undefined;
  const objectIds = objectIdsOf(payload);
  const base = { payload, objectIds, ...(resourceType === undefined ? {} : { resourceType }), ...(action === undefined ? {} : { action }) };
  const signature = payload['signature'];
  if (signature === undefined || signature === null || signature === '') {
    return { ...base, verification: { status: 'unsigned', reason: 'The payload has no "signature"; a genuine GoCardless webhook is always signed.' } };
  }
  if (typeof signature !== 'string') {
    return { ...base, verification: { status: 'invalid', reason: '"payload.signature" is not a string.' } };
  }
  if (accounts.length === 0) {
    return { ...base, signature, verification: { status: 'invalid', reason: 'No app secret is configured, so the signature cannot be checked.' } };
  }
  const unsigned = withoutSignature(payload);
  const normalized = normalizeParams(unsigned);
  for (const account of accounts) {
    if (signaturesEqual(hmacHex(normalized, account.secret), signature)) {
      return { ...base, signature, verification: { status: 'valid', account: { id: account.id, name: account.name }, reason: `Signed with the app secret of ${account.name}.` } };
    }
  }
  // Explain against the account whose secret a known mistake reproduces, else the first.
  let diagnosis = diagnoseSignature(unsigned, signature, accounts[0]!.secret);
  let against = accounts[0]!;
  for (const account of accounts.slice(1)) {
    if (diagnosis.verdict !== 'unexplained') break;
    const d = diagnoseSignature(unsigned, signature, account.secret);
    if (d.verdict !== 'unexplained') { diagnosis = d; against = account; }
  }
  const reason = accounts.length > 1 && diagnosis.verdict === 'unexplained'
    ? `No configured app secret (${accounts.length} accounts) reproduces the signature. ${diagnosis.reason}`
    : diagnosis.reason;
  return { ...base, signature, verification: { status: 'invalid', account: { id: against.id, name: against.name }, diagnosis, reason } };
}

function malformed(reason: string): WebhookBodyCheck {
  return { objectIds: [], verification: { status: 'malformed', reason } };
}
