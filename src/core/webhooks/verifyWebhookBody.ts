import { WEBHOOK_ACTIONS, WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from '../api/models';
import {
  diagnoseSignature, hmacHex, normalizeParams, signaturesEqual, withoutSignature,
  type SignableParams, type SignableValue, type SignatureDiagnosis, type SignatureVariantId,
} from '../signing';

export type WebhookVerdict = 'valid' | 'invalid' | 'unsigned' | 'malformed';

export interface WebhookBodyVerification {
  readonly verdict: WebhookVerdict;
  readonly valid: boolean;
  /** One or two sentences for the developer. Never contains a secret. */
  readonly reason: string;
  /** The parsed `payload` object (signature included), unless malformed. */
  readonly payload?: SignableParams;
  readonly resourceType?: string;
  readonly action?: string;
  /** The `id` of each object in the payload's list (`bills`, `subscriptions`, `pre_authorizations`). */
  readonly objectIds: readonly string[];
  /** Which of the given secrets verified (or explains a known mistake). */
  readonly secretIndex?: number;
  /** Core's signature diagnosis, for signed payloads. */
  readonly diagnosis?: SignatureDiagnosis;
  /** Shape problems that do not decide the verdict: an unknown resource_type or action, a missing object list. */
  readonly warnings: readonly string[];
}

/** JSON nested deeper than this is refused before flattening (no real webhook comes close). */
const MAX_DEPTH = 32;

/**
 * Parses a raw webhook request body (`{"payload": {…, "signature": …}}`) with
 * type guards and checks `payload.signature` — "HMAC digest of the contents of
 * payload, signed with the app secret", "not including the container payload
 * itself" — against one or several app secrets (e.g. sandbox and live, or an
 * old and a new secret).
 */
export function verifyWebhookBody(body: string | Uint8Array, secrets: string | readonly string[]): WebhookBodyVerification {
  const secretList = typeof secrets === 'string' ? [secrets] : secrets;
  if (secretList.length === 0) throw new RangeError('verifyWebhookBody needs at least one secret');

  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return malformed('The body is not valid UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return malformed(`The body is not JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!isRecord(json)) return malformed('The body must be a JSON object with a "payload" object.');
  const payload = json['payload'];
  if (!isRecord(payload)) {
    return malformed('resource_type' in json || 'signature' in json
      ? 'The body is not wrapped in "payload": GoCardless sends {"payload": {…}}.'
      : 'The body has no "payload" object.');
  }
  if (!isSignable(payload, 0)) return malformed(`The payload is nested deeper than ${MAX_DEPTH} levels.`);

  const shape = describe(payload);
  const received = payload['signature'];
  if (received === undefined || received === null || received === '') {
    return { ...shape, verdict: 'unsigned', valid: false, reason: 'The payload has no signature: GoCardless signs every webhook, so this did not come from GoCardless or was altered.' };
  }
  if (typeof received !== 'string') {
    return { ...shape, verdict: 'malformed', valid: false, reason: 'payload.signature must be a string of 64 hex digits.' };
  }

  const unsigned = withoutSignature(payload);
  const diagnoses = secretList.map((secret) => diagnoseSignature(unsigned, received, secret));
  const validIndex = diagnoses.findIndex((d) => d.valid);
  if (validIndex >= 0) {
    return { ...shape, verdict: 'valid', valid: true, reason: 'The signature matches.', secretIndex: validIndex, diagnosis: diagnoses[validIndex]! };
  }
  for (let i = 0; i < secretList.length; i++) {
    const webhookMistake = webhookVariant(unsigned, received, secretList[i]!, diagnoses[i]!);
    if (webhookMistake) return invalid(shape, webhookMistake, i);
  }
  const explained = diagnoses.findIndex((d) => d.verdict !== 'unexplained');
  const index = explained >= 0 ? explained : 0;
  return invalid(shape, diagnoses[index]!, index);
}

type Shape = Pick<WebhookBodyVerification, 'payload' | 'resourceType' | 'action' | 'objectIds' | 'warnings'>;

function invalid(shape: Shape, diagnosis: SignatureDiagnosis, secretIndex: number): WebhookBodyVerification {
  return { ...shape, verdict: 'invalid', valid: false, reason: diagnosis.reason, secretIndex, diagnosis };
}

function malformed(reason: string): WebhookBodyVerification {
  return { verdict: 'malformed', valid: false, reason, objectIds: [], warnings: [] };
}

/** Mistakes only a webhook signer can make: signing the `payload` wrapper, or the signature field itself. */
const WEBHOOK_VARIANTS: readonly { id: SignatureVariantId; title: string; explanation: string; signed: (p: SignableParams) => SignableParams }[] = [
  {
    id: 'payload-wrapper-signed', title: 'The payload wrapper was signed',
    explanation: 'The signer signed {"payload": {…}} (keys like payload[action]). The spec signs the contents of payload, "not including the container payload itself".',
    signed: (p) => ({ payload: p }),
  },
  {
    id: 'signature-included', title: 'The signature field was signed',
    explanation: 'The signer included an empty `signature` key in what it signed. Remove `signature` before signing (and before verifying).',
    signed: (p) => ({ ...p, signature: '' }),
  },
  {
    id: 'payload-wrapper-signed', title: 'The payload wrapper was signed, signature field included',
    explanation: 'The signer signed the whole body {"payload": {…, "signature": ""}}. Sign only the contents of payload, without its signature.',
    signed: (p) => ({ payload: { ...p, signature: '' } }),
  },
];

function webhookVariant(unsigned: SignableParams, received: string, secret: string, base: SignatureDiagnosis): SignatureDiagnosis | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(received)) return undefined;
  const lower = received.toLowerCase();
  for (const v of WEBHOOK_VARIANTS) {
    const normalized = normalizeParams(v.signed(unsigned));
    if (signaturesEqual(hmacHex(normalized, secret), lower)) {
      return {
        ...base, valid: false, verdict: 'variant',
        variant: { id: v.id, title: v.title, explanation: v.explanation, normalized },
        reason: `${v.title}. ${v.explanation}`,
      };
    }
  }
  return undefined;
}

function describe(payload: SignableParams): Shape {
  const warnings: string[] = [];
  const resourceType = typeof payload['resource_type'] === 'string' ? payload['resource_type'] : undefined;
  const action = typeof payload['action'] === 'string' ? payload['action'] : undefined;
  const objectIds: string[] = [];
  if (resourceType === undefined) {
    warnings.push('payload.resource_type is missing.');
  } else if (!Object.hasOwn(WEBHOOK_ACTIONS, resourceType)) {
    warnings.push(`payload.resource_type "${resourceType}" is not one the spec lists (bill, pre_authorization, subscription).`);
  } else {
    const actions: readonly string[] = WEBHOOK_ACTIONS[resourceType as WebhookResourceType];
    if (action === undefined) warnings.push('payload.action is missing.');
    else if (!actions.includes(action)) warnings.push(`payload.action "${action}" is not a ${resourceType} action (${actions.join(', ')}).`);
    const listKey = WEBHOOK_OBJECTS_KEY[resourceType as WebhookResourceType];
    const list = payload[listKey];
    if (!Array.isArray(list)) {
      warnings.push(`payload.${listKey} should be the array of ${resourceType} objects.`);
    } else {
      for (const item of list as readonly SignableValue[]) {
        const id = isRecord(item) ? item['id'] : undefined;
        if (typeof id === 'string') objectIds.push(id);
        else warnings.push(`An object in payload.${listKey} has no string id.`);
      }
    }
  }
  return {
    payload, objectIds, warnings,
    ...(resourceType === undefined ? {} : { resourceType }),
    ...(action === undefined ? {} : { action }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every JSON value is signable; the guard proves it to the type system and bounds the depth. */
function isSignable(value: unknown, depth: number): value is SignableValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean':
      return true;
    case 'object':
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) return value.every((v) => isSignable(v, depth + 1));
      return Object.values(value).every((v) => isSignable(v, depth + 1));
    default:
      return false;
  }
}
