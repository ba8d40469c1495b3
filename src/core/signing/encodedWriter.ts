import { UNRESERVED as UNRESERVED_TABLE } from './unreserved';

/** A module constant rather than the import, read per character (see percentEncode.ts). */
const UNRESERVED = UNRESERVED_TABLE;

/**
 * Builds a normalized string as bytes, percent-encoding values straight into
 * the buffer, and turns it into one flat string at the end.
 *
 * Why not strings: profiling the signing bench (a ~20-pair link) showed the
 * string pieces costing about as much as the encoding itself. Each escaped
 * value became a rope of slices, `key=` + value another piece, and joining
 * ~20 of them took longer than the HMAC takes to hash the joined text (handing
 * the HMAC the rope instead was slower still). Bytes written in place, then
 * read once as Latin-1 (the output is ASCII), make one flat string with no
 * pieces in between.
 *
 * The encoding is the same as percentEncode's, byte for byte: a property test
 * holds the two equal on any string, lone surrogates included.
 */
export class EncodedWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Empties the writer; a buffer grown by a huge input is let go rather than kept. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > MAX_KEPT_BYTES) this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** Bytes already in their final form (an encoded key with its `&` and `=`). */
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** `&key=` (bytes) and the encoding of `value`: one leaf's pair, with a single check for room. */
  pair(pairPrefix: Uint8Array, value: string): void {
    const n = value.length;
    if (n > CHUNK) {
      this.bytes(pairPrefix);
      this.percentEncoded(value);
      return;
    }
    this.reserve(pairPrefix.length + n * MAX_BYTES_PER_UNIT);
    this.buf.set(pairPrefix, this.pos);
    this.pos += pairPrefix.length;
    this.encodeRange(value, 0, n);
  }

  /** The RFC 5849 §3.6 encoding of `text`'s UTF-8 bytes (see percentEncode). */
  percentEncoded(text: string): void {
    const n = text.length;
    // Chunks bound the room reserved ahead: a long value does not claim 9 bytes per character at once.
    for (let i = 0; i < n;) {
      const end = Math.min(n, i + CHUNK);
      // +1: a surrogate pair may straddle the chunk's end and is written whole.
      this.reserve((end - i + 1) * MAX_BYTES_PER_UNIT);
      i = this.encodeRange(text, i, end);
    }
  }

  /** The bytes from `start` as a string (one byte, one character). */
  text(start = 0): string {
    return start >= this.pos ? '' : this.buf.toString('latin1', start, this.pos);
  }

  /** Encodes text[from, to) (plus a low surrogate completing a pair at to - 1); returns the next index. Room must be reserved. */
  private encodeRange(text: string, from: number, to: number): number {
    // Kept small (ASCII inline, the rest in writeNonAscii) so it can be inlined where it is called.
    const buf = this.buf;
    let pos = this.pos;
    let i = from;
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if (UNRESERVED[c] === 1) buf[pos++] = c;
        else pos = writeEscaped(buf, pos, c);
      } else {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        pos = writeNonAscii(buf, pos, c, next);
        if (isSurrogatePair(c, next)) i++;
      }
    }
    this.pos = pos;
    return i;
  }

  private reserve(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/** Code units encoded per reserve() call. */
const CHUNK = 4096;
/** The most one UTF-16 code unit can take: a 3-byte character, each byte as `%XX`. */
const MAX_BYTES_PER_UNIT = 9;
/** A writer keeps at most this much buffer between uses. */
const MAX_KEPT_BYTES = 64 * 1024;

const PERCENT = 0x25;
const UPPER_HEX_DIGITS = Uint8Array.from('0123456789ABCDEF', (ch) => ch.charCodeAt(0));

/** Writes `%XX` for one byte; returns the position after it. */
function writeEscaped(buf: Buffer, pos: number, byte: number): number {
  buf[pos] = PERCENT;
  buf[pos + 1] = UPPER_HEX_DIGITS[byte >> 4]!;
  buf[pos + 2] = UPPER_HEX_DIGITS[byte & 0xf]!;
  return pos + 3;
}

function isSurrogatePair(c: number, next: number): boolean {
  return c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

/**
 * The UTF-8 bytes of the non-ASCII code unit `c`, each as `%XX`; with `next`
 * when the two are a surrogate pair. A lone surrogate is written as UTF-8
 * encoders write it: U+FFFD. Returns the position after them.
 */
function writeNonAscii(buf: Buffer, pos: number, c: number, next: number): number {
  if (c < 0x800) {
    pos = writeEscaped(buf, pos, 0xc0 | (c >> 6));
    return writeEscaped(buf, pos, 0x80 | (c & 0x3f));
  }
  if (isSurrogatePair(c, next)) {
    const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
    pos = writeEscaped(buf, pos, 0xf0 | (cp >> 18));
    pos = writeEscaped(buf, pos, 0x80 | ((cp >> 12) & 0x3f));
    pos = writeEscaped(buf, pos, 0x80 | ((cp >> 6) & 0x3f));
    return writeEscaped(buf, pos, 0x80 | (cp & 0x3f));
  }
  const unit = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  pos = writeEscaped(buf, pos, 0xe0 | (unit >> 12));
  pos = writeEscaped(buf, pos, 0x80 | ((unit >> 6) & 0x3f));
  return writeEscaped(buf, pos, 0x80 | (unit & 0x3f));
}
