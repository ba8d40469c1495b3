import { PERCENT_HEX, UNRESERVED as UNRESERVED_TABLE } from './unreserved';

/**
 * Percent-encoding per RFC 5849 §3.6 (the Signature Guide's rule): the UTF-8
 * bytes of the string, with only the unreserved characters `A-Z a-z 0-9 - . _ ~`
 * left as they are and every other byte written as `%XX` in upper case.
 *
 * Hand-written rather than encodeURIComponent + replace: it is the hot loop of
 * signing (encodeURIComponent alone cost more than the HMAC; see
 * bench/signing.bench.ts), and it has to treat a lone surrogate the way a UTF-8
 * encoder does (U+FFFD, bytes EF BF BD) instead of throwing.
 */

// Module constants, not the imports themselves: where this runs as CommonJS (tsx: the tests, the
// bench, the CLI in development) an imported binding is a getter, read in the loop for every
// character; that made webhook-shaped params 60% slower to normalize.
const UNRESERVED = UNRESERVED_TABLE;
const HEX = PERCENT_HEX;
const REPLACEMENT = '%EF%BF%BD';

export function percentEncode(value: string): string {
  let out = '';
  let last = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && UNRESERVED[c] === 1) continue;
    if (i > last) out += value.slice(last, i);
    if (c < 0x80) {
      out += HEX[c]!;
    } else if (c < 0x800) {
      out += HEX[0xc0 | (c >> 6)]! + HEX[0x80 | (c & 0x3f)]!;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out += HEX[0xf0 | (cp >> 18)]! + HEX[0x80 | ((cp >> 12) & 0x3f)]! + HEX[0x80 | ((cp >> 6) & 0x3f)]! + HEX[0x80 | (cp & 0x3f)]!;
        i++;
      } else {
        out += REPLACEMENT; // a lone surrogate, as UTF-8 encoders write it
      }
    } else {
      out += HEX[0xe0 | (c >> 12)]! + HEX[0x80 | ((c >> 6) & 0x3f)]! + HEX[0x80 | (c & 0x3f)]!;
    }
    last = i + 1;
  }
  if (last === 0) return value;
  return last < n ? out + value.slice(last) : out;
}

/** The inverse of percentEncode; also accepts lower-case hex. */
export function percentDecode(value: string): string {
  return decodeURIComponent(value);
}
