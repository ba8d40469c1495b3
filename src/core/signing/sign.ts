import * as crypto from 'node:crypto';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignableParams } from './flattenParams';
import { normalizeParams } from './normalizeParams';

export interface SignedParams {
  readonly normalized: string;
  readonly signature: string;
}

/** HMAC-SHA256 of the normalized string keyed with the app secret, as lower-case hex. */
export function hmacHex(normalized: string, secret: string): string {
  if (oneShotHash === undefined) return createHmac('sha256', secretKey(secret)).update(normalized, 'utf8').digest('hex');
  return hmacOneShot(oneShotHash, normalized, secret);
}

/** crypto.hash (Node ≥ 20.12): a digest in one native call, with no Hash object. */
type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: string) => unknown;
const oneShotHash = typeof (crypto as { hash?: unknown }).hash === 'function' ? (crypto as unknown as { hash: OneShotHash }).hash : undefined;

/**
 * The same HMAC (RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), K the secret's
 * UTF-8 bytes, hashed first when longer than SHA-256's 64-byte block) from two
 * one-shot SHA-256 digests. createHmac builds an Hmac object, a stream and a
 * native handle per call, which under the webhook listener's load cost more
 * than the hashing (about a tenth of its time per delivery); a test holds this
 * equal to createHmac for any secret and message.
 *
 * `inner` holds K ⊕ ipad followed by the message; `outer` K ⊕ opad followed by
 * the inner digest. Both are kept for the last secret only, like `secretKey`,
 * and zeroed when it changes.
 */
let padSecret: string | undefined;
let inner = Buffer.alloc(0);
let outer = Buffer.alloc(0);
const BLOCK = 64;
/** A message longer than this gets a buffer of its own, not kept. */
const MAX_KEPT_MESSAGE_BYTES = 64 * 1024;

function hmacOneShot(hash: OneShotHash, message: string, secret: string): string {
  // eslint-disable-next-line no-restricted-syntax -- a cache key: both are this process's own secrets, none is received text.
  if (secret !== padSecret) setPads(hash, secret);
  const maxBytes = message.length * 3;
  let buf = inner;
  if (BLOCK + maxBytes > inner.length) {
    buf = Buffer.alloc(BLOCK + maxBytes);
    inner.copy(buf, 0, 0, BLOCK);
    if (maxBytes <= MAX_KEPT_MESSAGE_BYTES) {
      inner.fill(0);
      inner = buf;
    }
  }
  const length = buf.write(message, BLOCK, 'utf8');
  // The inner digest as a 32-character Latin-1 string, one character per byte: a Buffer result is a
  // native allocation per call, which cost about a third of this HMAC's time.
  const innerDigest = hash('sha256', buf.subarray(0, BLOCK + length), 'latin1') as string;
  if (buf !== inner) buf.fill(0, 0, BLOCK);
  outer.write(innerDigest, BLOCK, 'latin1');
  return hash('sha256', outer, 'hex') as string;
}

function setPads(hash: OneShotHash, secret: string): void {
  inner.fill(0);
  outer.fill(0);
  let key: Buffer = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) {
    const long = key;
    key = hash('sha256', long, 'buffer') as Buffer;
    long.fill(0);
  }
  if (inner.length < BLOCK + 4096) inner = Buffer.alloc(BLOCK + 4096);
  if (outer.length !== BLOCK + 32) outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    const k = i < key.length ? key[i]! : 0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  key.fill(0);
  padSecret = secret;
}

export function signParams(params: SignableParams, secret: string): SignedParams {
  const normalized = normalizeParams(params);
  return { normalized, signature: hmacHex(normalized, secret) };
}

/**
 * The secret's UTF-8 bytes: the key createHmac makes from a string, which it
 * does again on every call (about a tenth of an HMAC of a typical link).
 * Signing uses one app's secret over and over (the sandbox sending webhooks,
 * the link builder re-signing as it is edited), so the last one is kept. Only
 * the last: keeping every app's secret around for a small saving is not worth
 * it, and the bytes of a replaced one are zeroed.
 */
let lastSecret: string | undefined;
let lastKey = Buffer.alloc(0);

function secretKey(secret: string): Buffer {
  // eslint-disable-next-line no-restricted-syntax -- a cache key: both are this process's own secrets, none is received text.
  if (secret !== lastSecret) {
    lastKey.fill(0);
    lastKey = Buffer.from(secret, 'utf8');
    lastSecret = secret;
  }
  return lastKey;
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
