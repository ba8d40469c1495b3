import { UNRESERVED as UNRESERVED_TABLE } from './unreserved';

/** A module constant rather than the import, read per character (see percentEncode.ts). */
const UNRESERVED = UNRESERVED_TABLE;

/**
 * The order of `percentEncode(a)` and `percentEncode(b)` (byte order, what
 * normalization sorts values by) without encoding either: negative, zero or
 * positive, as for a sort.
 *
 * Up to the first code point where the two differ, their encodings are the
 * same. There, an unreserved character is written as itself and any other as
 * `%XX…`: `%` (0x25) sorts below every unreserved character (`-` is the lowest,
 * 0x2D), and between two escaped characters the upper-case hex of their UTF-8
 * bytes follows their code points (UTF-8 keeps code point order and no
 * character's bytes are a prefix of another's). A lone surrogate is encoded as
 * U+FFFD, so it ties with U+FFFD and with other lone surrogates, and the
 * comparison goes on after it.
 */
export function compareEncoded(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return 0;
  // The first difference may be the low half of a surrogate pair whose high half both share: start from that.
  if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1))) i--;
  let ia = i;
  let ib = i;
  while (ia < a.length && ib < b.length) {
    const ca = codePointAt(a, ia);
    const cb = codePointAt(b, ib);
    if (ca !== cb) return rank(ca) - rank(cb);
    // Only a surrogate pair gives a code point past U+FFFF; a lone surrogate (U+FFFD here) is one unit.
    ia += ca > 0xffff ? 2 : 1;
    ib += cb > 0xffff ? 2 : 1;
  }
  // One is used up: its encoding is a prefix of the other's.
  return (a.length - ia) - (b.length - ib);
}

/** Where the code point's encoding sorts: every escaped one (by code point) below every unreserved one. */
function rank(cp: number): number {
  return cp < 128 && UNRESERVED[cp] === 1 ? 0x110000 + cp : cp;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** The code point at `i` as the encoder sees it: a surrogate pair combined, a lone surrogate as U+FFFD. */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  if (isHighSurrogate(c) && i + 1 < s.length) {
    const next = s.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
  }
  return 0xfffd;
}
