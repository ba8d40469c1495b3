/**
 * The tables both percent-encoders share (percentEncode, which makes strings,
 * and EncodedWriter, which writes bytes): they must agree character for
 * character, and a property test holds them to it.
 */

/** 1 for the ASCII characters RFC 5849 §3.6 leaves as they are (`A-Z a-z 0-9 - . _ ~`), 0 for every other. */
export const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) UNRESERVED[c] = /[A-Za-z0-9\-._~]/.test(String.fromCharCode(c)) ? 1 : 0;

/** `%XX` (upper-case hex) for every byte value. */
export const PERCENT_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'));
