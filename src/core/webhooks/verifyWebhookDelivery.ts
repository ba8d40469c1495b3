import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { WEBHOOK_ACTIONS, WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from '../api/models';
import { hmacHex, normalizeParams, withoutSignature, type SignableParams, type SignableValue } from '../signing';
import { diagnoseWebhookBody } from './diagnoseWebhookBody';
import type { DeliveryVerification } from './WebhookDelivery';

/** An account whose app secret webhooks are checked against. The secret never leaves this process. */
export interface WebhookAccount {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
}

export interface WebhookDeliveryCheck {
  readonly verification: DeliveryVerification;
  readonly payload?: SignableParams;
  readonly resourceType?: string;
  readonly action?: string;
  readonly objectIds: readonly string[];
  readonly signature?: string;
}

/**
 * Bodies larger than this get the spec's signature check only, not the
 * diagnosis of signing mistakes: the spec's webhooks are a few KB, and the
 * diagnosis of a large forged body would hold the listener's event loop for
 * as long as a sender likes. Their record says so (NOT_DIAGNOSED_REASON).
 */
export const MAX_DIAGNOSED_BODY_BYTES = 64 * 1024;

function byteLength(body: Buffer | string): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
}

/**
 * The listener's check of a raw webhook body against every account's secret:
 * first the fast path (`verifyGenuineFast`: one parse, one HMAC per account)
 * for what nearly every delivery is, a genuine webhook; anything else goes to
 * the slow `diagnoseWebhookBody` (type-guarded parse, the spec's signature,
 * the diagnosis of known signing mistakes, for bodies up to
 * MAX_DIAGNOSED_BODY_BYTES). The verdict is mapped onto what the listener
 * records and answers; nothing in it carries a signature computed with a
 * secret (see SignatureDiagnosis.expected).
 */
export function verifyWebhookDelivery(body: Buffer | string, accounts: readonly WebhookAccount[]): WebhookDeliveryCheck {
  const fast = accounts.length > 0 ? verifyGenuineFast(body, accounts) : undefined;
  if (fast) return fast;
  // With no account configured there is nothing to match; a throwaway random secret still parses and explains the body.
  const secrets = accounts.length > 0 ? accounts.map((a) => a.secret) : [randomBytes(32).toString('hex')];
  // Explaining a forgery costs a normalization and an HMAC per known mistake and secret: bounded to bodies a webhook can be.
  const explain = byteLength(body) <= MAX_DIAGNOSED_BODY_BYTES;
  const v = diagnoseWebhookBody(body, secrets, { explain });
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isJsonTree(v: unknown, depth: number): v is SignableValue {
  if (v === null || typeof v !== 'object') return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null;
  if (depth >= 32) return false;
  if (Array.isArray(v)) { for (const x of v) if (!isJsonTree(x, depth + 1)) return false; return true; }
  for (const k in v) if (!isJsonTree((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/**
 * The fast path for what nearly every delivery is, a genuine webhook of the
 * spec's shape: one parse, one normalization and an HMAC per secret. Anything
 * else (a forgery, an unknown action, a body that is not UTF-8) returns
 * undefined and goes through `diagnoseWebhookBody` for the full explanation; so
 * the result is the same, only cheaper (the listener's throughput goal).
 */
function verifyGenuineFast(body: Buffer | string, accounts: readonly WebhookAccount[]): WebhookDeliveryCheck | undefined {
  if (typeof body !== 'string' && !isUtf8(body)) return undefined;
  let parsed: unknown;
  try { parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8')); } catch { return undefined; }
  if (!isRecord(parsed)) return undefined;
  const payload = parsed['payload'];
  if (!isRecord(payload) || !isJsonTree(payload, 0)) return undefined;
  const signature = payload['signature'];
  const resourceType = payload['resource_type'];
  const action = payload['action'];
  if (typeof signature !== 'string' || typeof resourceType !== 'string' || typeof action !== 'string') return undefined;
  if (!Object.hasOwn(WEBHOOK_ACTIONS, resourceType) || !(WEBHOOK_ACTIONS[resourceType as keyof typeof WEBHOOK_ACTIONS] as readonly string[]).includes(action)) return undefined;
  const list = payload[WEBHOOK_OBJECTS_KEY[resourceType as WebhookResourceType]];
  if (!Array.isArray(list)) return undefined;
  const objectIds: string[] = [];
  for (const o of list) {
    if (!isRecord(o) || typeof o['id'] !== 'string') return undefined;
    objectIds.push(o['id']);
  }
  if (signature.length !== 64) return undefined;
  const p = payload as SignableParams;
  const normalized = normalizeParams(withoutSignature(p));
  for (const account of accounts) {
    if (hexEqual(hmacHex(normalized, account.secret), signature)) {
      return { payload: p, objectIds, resourceType, action, signature, verification: validFor(account) };
    }
  }
  return undefined;
}

/**
 * Constant-time equality of a computed lower-case hex digest and a received
 * string of the same length (64): every character is compared whatever the
 * first difference, without the two buffers signaturesEqual allocates per call.
 * An upper-case or otherwise different received signature is no match here
 * and gets the full check, as before.
 */
function hexEqual(expected: string, received: string): boolean {
  let diff = expected.length ^ received.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ received.charCodeAt(i);
  return diff === 0;
}

/**
 * One verification record per account, shared (frozen) by its valid
 * deliveries, which are identical: no reason string and two objects built per
 * delivery, and three objects fewer in each of the up to a thousand deliveries
 * the store keeps in memory.
 */
const VALID = new WeakMap<WebhookAccount, DeliveryVerification>();

function validFor(account: WebhookAccount): DeliveryVerification {
  let v = VALID.get(account);
  if (v === undefined || v.account?.id !== account.id || v.account.name !== account.name) {
    v = Object.freeze({ status: 'valid', account: Object.freeze({ id: account.id, name: account.name }), reason: `Signed with the app secret of ${account.name}.` });
    VALID.set(account, v);
  }
  return v;
}
