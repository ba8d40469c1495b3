import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignableParams } from './flattenParams';
import { normalizeParams } from './normalizeParams';

export interface SignedParams {
  readonly normalized: string;
  readonly signature: string;
}

/** HMAC-SHA256 of the normalized string keyed with the app secret, as lower-case hex. */
export function hmacHex(normalized: string, secret: string): string {
  return createHmac('sha256', secret).update(normalized, 'utf8').digest('hex');
}

export function signParams(params: SignableParams, secret: string): SignedParams {
  requireSecret(secret);
  const normalized = normalizeParams(params);
  return { normalized, signature: hmacHex(normalized, secret) };
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Constant-time comparison of two hex signatures; false for anything that is
 * not a SHA-256 hex digest. Hex digits are read case-insensitively (`AB` and
 * `ab` are the same byte): both sides are decoded to their 32 bytes and those
 * are compared with timingSafeEqual, so an upper-case signature is neither
 * refused nor compared with a short-circuiting `===`.
 */
export function signaturesEqual(expected: string, received: string): boolean {
  if (!HEX_SHA256.test(expected) || !HEX_SHA256.test(received)) {
    // Compare something of the same size so a malformed value costs the same as a mismatch.
    timingSafeEqual(ZERO_DIGEST, ZERO_DIGEST);
    return false;
  }
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(received, 'hex'));
}

const ZERO_DIGEST = Buffer.alloc(32);

/**
 * Verifies params that carry their own `signature` (a redirect's query, a
 * webhook's payload): the signature is over every other top-level key.
 */
export function verifySignedParams(params: SignableParams, secret: string): boolean {
  requireSecret(secret);
  const received = params['signature'];
  if (typeof received !== 'string') return false;
  return signaturesEqual(hmacHex(normalizeParams(withoutSignature(params)), secret), received);
}

/** Refuses the empty app secret: HMAC accepts it, so a listener or verifier given `--secret "$UNSET"` would take anything signed with it. */
export function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret === '') throw new RangeError('The app secret is empty: give the app secret from the GoCardless dashboard (an unset variable gives an empty one).');
}

export function withoutSignature(params: SignableParams): SignableParams {
  const { signature: _signature, ...rest } = params;
  return rest;
}
