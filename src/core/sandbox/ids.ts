import { randomBytes } from 'node:crypto';
import type { Prng } from './prng';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Resource ids look like the API's ("0P1AVA0D6A"): upper-case letters and digits. */
export function resourceId(prng?: Prng, length = 14): string {
  if (prng) {
    // Char codes then one string: cheaper than 14 concatenations when seeding 100,000 bills.
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = ALPHABET.charCodeAt(prng.int(0, ALPHABET.length - 1));
    return String.fromCharCode(...codes);
  }
  let out = '';
  const bytes = randomBytes(length);
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Secrets and tokens shaped like the spec's examples (64 base64 characters). */
export function secretToken(prng?: Prng): string {
  if (!prng) return randomBytes(48).toString('base64');
  const bytes = Buffer.alloc(48);
  for (let i = 0; i < bytes.length; i++) bytes[i] = prng.int(0, 255);
  return bytes.toString('base64');
}
