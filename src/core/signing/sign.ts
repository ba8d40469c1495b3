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
  const normalized = normalizeParams(params);
  return { normalized, signature: hmacHex(normalized, secret) };
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Constant-time comparison of two hex signatures; false for anything that is not a SHA-256 hex digest. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  if (a.length !== b.length || !HEX_SHA256.test(expected)) {
    // Compare against itself so a wrong length costs the same as a mismatch.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/**
 * Verifies params that carry their own `signature` (a redirect's query, a
 * webhook's payload): the signature is over every other top-level key.
 */
export function verifySignedParams(params: SignableParams, secret: string): boolean {
  const received = params['signature'];
  if (typeof received !== 'string') return false;
  return signaturesEqual(hmacHex(normalizeParams(withoutSignature(params)), secret), received);
}

export function withoutSignature(params: SignableParams): SignableParams {
  const { signature: _signature, ...rest } = params;
  return rest;
}
