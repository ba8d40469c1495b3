/**
 * Percent-encoding per RFC 5849 §3.6 (the Signature Guide's rule): the UTF-8
 * bytes of the string, with only the unreserved characters `A-Z a-z 0-9 - . _ ~`
 * left as they are and every other byte written as `%XX` in upper case.
 */

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
// encodeURIComponent leaves these five unencoded; RFC 5849 does not.
const SUB_DELIMS_LEFT_BY_ENCODE_URI = /[!'()*]/g;

function encodeSubDelim(c: string): string {
  return '%' + c.charCodeAt(0).toString(16).toUpperCase();
}

export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded by encodeURIComponent; UTF-8 encoding
    // (as Buffer does) turns it into U+FFFD, which is what a server would see.
    return encodeBytes(Buffer.from(value, 'utf8'));
  }
  return encoded.replace(SUB_DELIMS_LEFT_BY_ENCODE_URI, encodeSubDelim);
}

function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const unreserved =
      (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
      b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
    out += unreserved ? String.fromCharCode(b) : '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

/** The inverse of percentEncode; also accepts lower-case hex. */
export function percentDecode(value: string): string {
  return decodeURIComponent(value);
}
