import type { SignatureDiagnosis } from '../signing';
import type { DeliveryVerification, ForwardResult, VerificationStatus, WebhookDelivery } from './WebhookDelivery';

/**
 * Type guards for records read back from the delivery store: the file is ours,
 * but it may be torn by a crash, edited by hand or written by another version.
 */
const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['valid', 'invalid', 'unsigned', 'malformed', 'not-checked'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isOptionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every(isString);
}

function isDiagnosis(v: unknown): v is SignatureDiagnosis {
  return isRecord(v) && typeof v['valid'] === 'boolean' && isString(v['verdict']) && isString(v['reason'])
    && isRecord(v['expected']) && isString(v['expected']['normalized'])
    && isOptionalString(v['received']);
}

function isVerification(v: unknown): v is DeliveryVerification {
  if (!isRecord(v) || !VERIFICATION_STATUSES.includes(v['status'] as VerificationStatus) || !isString(v['reason'])) return false;
  const account = v['account'];
  if (account !== undefined && !(isRecord(account) && isString(account['id']) && isString(account['name']))) return false;
  const warnings = v['warnings'];
  if (warnings !== undefined && !(Array.isArray(warnings) && warnings.every(isString))) return false;
  return v['diagnosis'] === undefined || isDiagnosis(v['diagnosis']);
}

export function isForwardResult(v: unknown): v is ForwardResult {
  return isRecord(v) && isString(v['url']) && isString(v['at']) && isNumber(v['latencyMs'])
    && typeof v['slow'] === 'boolean' && isString(v['body']) && typeof v['bodyTruncated'] === 'boolean'
    && typeof v['replay'] === 'boolean'
    && (v['status'] === undefined || isNumber(v['status'])) && isOptionalString(v['error']);
}

/**
 * A delivery read back from a store written by an earlier version, whose
 * diagnosis kept `expected.signature` (the signing oracle of issue 16): the
 * same record without it, so it reaches neither memory nor the views.
 */
export function withoutExpectedSignature(d: WebhookDelivery): WebhookDelivery {
  const diagnosis = d.verification.diagnosis;
  if (!diagnosis || !('signature' in diagnosis.expected)) return d;
  return { ...d, verification: { ...d.verification, diagnosis: { ...diagnosis, expected: { normalized: diagnosis.expected.normalized } } } };
}

export function isWebhookDelivery(v: unknown): v is WebhookDelivery {
  return isRecord(v)
    && isString(v['id']) && isString(v['receivedAt']) && isString(v['remoteAddress'])
    && isString(v['method']) && isString(v['path']) && isStringRecord(v['headers'])
    && isString(v['body']) && isNumber(v['bodyBytes'])
    && isVerification(v['verification'])
    && isOptionalString(v['resourceType']) && isOptionalString(v['action'])
    && Array.isArray(v['objectIds']) && v['objectIds'].every(isString)
    && isRecord(v['response']) && isNumber(v['response']['status'])
    && isOptionalString(v['retryOf']) && isNumber(v['attempt']) && isOptionalString(v['retryKey'])
    && (v['forward'] === undefined || isForwardResult(v['forward']));
}
