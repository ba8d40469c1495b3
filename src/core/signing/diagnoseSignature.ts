import type { SignableParams } from './flattenParams';
import { normalizeParams } from './normalizeParams';
import { hmacHex, signaturesEqual, withoutSignature } from './sign';
import { SIGNATURE_VARIANTS, type SignatureVariantId } from './signatureVariants';

export type SignatureVerdict =
  | 'valid'
  /** No signature was sent at all. */
  | 'missing'
  /** The received value is not 64 hex digits, so it cannot be an HMAC-SHA256. */
  | 'malformed'
  /** The right signature, written in upper case. */
  | 'uppercase'
  /** A known signing mistake reproduces the received signature. */
  | 'variant'
  /** Nothing known reproduces it: another secret, or params changed after signing. */
  | 'unexplained';

export interface SignatureDiagnosis {
  readonly valid: boolean;
  readonly verdict: SignatureVerdict;
  /** What a correct signer produces for these params with this secret. */
  readonly expected: { readonly normalized: string; readonly signature: string };
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
  const normalized = normalizeParams(params);
  const expected = { normalized, signature: hmacHex(normalized, secret) };
  const base = { expected, received };

  if (received === undefined || received === '') {
    return { ...base, valid: false, verdict: 'missing', reason: 'No signature was sent. Add a `signature` parameter: the HMAC-SHA256 (hex) of the normalized parameters, keyed with the app secret.' };
  }
  if (signaturesEqual(expected.signature, received)) {
    return { ...base, valid: true, verdict: 'valid', reason: 'The signature matches.' };
  }
  if (!/^[0-9a-fA-F]{64}$/.test(received)) {
    return { ...base, valid: false, verdict: 'malformed', reason: `The signature is not a hex HMAC-SHA256 (64 hex digits); got ${received.length} characters. Send the hex digest, not Base64 or raw bytes.` };
  }
  if (signaturesEqual(expected.signature, received.toLowerCase())) {
    return { ...base, valid: false, verdict: 'uppercase', reason: 'The signature is right but written in upper case. Send the lower-case hex digest.' };
  }
  const lower = received.toLowerCase();
  for (const v of SIGNATURE_VARIANTS) {
    const variantNormalized = v.normalize(params);
    if (variantNormalized === normalized) continue; // indistinguishable for these params
    if (signaturesEqual(hmacHex(variantNormalized, secret), lower)) {
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
