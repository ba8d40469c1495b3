import type { SignableParams } from './flattenParams';
import { normalizeParams } from './normalizeParams';
import { hmacHex, requireSecret, signaturesEqual, withoutSignature } from './sign';
import { SIGNATURE_VARIANTS, type SignatureVariantId } from './signatureVariants';

export type SignatureVerdict =
  | 'valid'
  /** No signature was sent at all. */
  | 'missing'
  /** The received value is not 64 hex digits, so it cannot be an HMAC-SHA256. */
  | 'malformed'
  /** A known signing mistake reproduces the received signature. */
  | 'variant'
  /** Nothing known reproduces it: another secret, or params changed after signing. */
  | 'unexplained';

export interface SignatureDiagnosis {
  readonly valid: boolean;
  readonly verdict: SignatureVerdict;
  /**
   * What a correct signer normalizes these params to. Deliberately not the
   * signature a correct signer would produce: the params may be someone
   * else's choice (a forged webhook, a pasted redirect), and a diagnosis that
   * carried the HMAC of them under the app secret would be a signing oracle
   * wherever it is stored, printed or shown. The normalized string does not
   * depend on the secret. Callers that the user explicitly asks for the
   * signature of their own params use signParams / expectedWebhookSignature.
   */
  readonly expected: { readonly normalized: string };
  readonly received: string | undefined;
  readonly variant?: {
    readonly id: SignatureVariantId;
    readonly title: string;
    readonly explanation: string;
    readonly normalized: string;
  };
  /** One or two sentences a developer can act on. Never contains the secret. */
  readonly reason: string;
}

export const WRONG_SECRET_REASON =
  'No known signing mistake reproduces the received signature with this app secret. ' +
  'Either it was signed with a different secret (a wrong secret, or the sandbox secret used for live or the other way round, cannot be told apart from a signature), ' +
  'or a parameter was changed after signing. Compare the expected normalized string with the one your code signs.';

/**
 * Explains why `received` is or is not the signature of `params` (which must
 * not include the signature itself) under `secret`.
 */
export function diagnoseSignature(params: SignableParams, received: string | undefined, secret: string): SignatureDiagnosis {
  requireSecret(secret);
  const normalized = normalizeParams(params);
  // Compared inside this function only; never returned (see SignatureDiagnosis.expected).
  const expectedSignature = hmacHex(normalized, secret);
  const base = { expected: { normalized }, received };

  if (received === undefined || received === '') {
    return { ...base, valid: false, verdict: 'missing', reason: 'No signature was sent. Add a `signature` parameter: the HMAC-SHA256 (hex) of the normalized parameters, keyed with the app secret.' };
  }
  if (signaturesEqual(expectedSignature, received)) {
    // Hex is case-insensitive, so an upper-case digest is the same signature (signaturesEqual decodes both).
    return { ...base, valid: true, verdict: 'valid', reason: /[A-F]/.test(received) ? 'The signature matches (written in upper-case hex, read case-insensitively; the spec\'s examples are lower case).' : 'The signature matches.' };
  }
  if (!/^[0-9a-fA-F]{64}$/.test(received)) {
    return { ...base, valid: false, verdict: 'malformed', reason: `The signature is not a hex HMAC-SHA256 (64 hex digits); got ${received.length} characters. Send the hex digest, not Base64 or raw bytes.` };
  }
  for (const v of SIGNATURE_VARIANTS) {
    const variantNormalized = v.normalize(params);
    if (variantNormalized === normalized) continue; // indistinguishable for these params
    if (signaturesEqual(hmacHex(variantNormalized, secret), received)) {
      return {
        ...base, valid: false, verdict: 'variant',
        variant: { id: v.id, title: v.title, explanation: v.explanation, normalized: variantNormalized },
        reason: `${v.title}. ${v.explanation}`,
      };
    }
  }
  return { ...base, valid: false, verdict: 'unexplained', reason: WRONG_SECRET_REASON };
}

/** diagnoseSignature for params that carry their own top-level `signature`. */
export function diagnoseSignedParams(params: SignableParams, secret: string): SignatureDiagnosis {
  const received = params['signature'];
  return diagnoseSignature(withoutSignature(params), typeof received === 'string' ? received : undefined, secret);
}
