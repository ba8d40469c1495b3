import { type ParamPair, type SignableParams, type SignableValue, UnsignableValueError } from './flattenParams';
import { percentEncode } from './percentEncode';

/** Byte-order comparison; encoded strings are ASCII, so UTF-16 code-unit order is byte order. */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort by encoded key, then by encoded value (Signature Guide, "Normalizing the parameters"). */
export function compareEncodedPairs(a: ParamPair, b: ParamPair): number {
  return compareAscii(a[0], b[0]) || compareAscii(a[1], b[1]);
}

export function encodePairs(pairs: readonly ParamPair[]): ParamPair[] {
  return pairs.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
}

export function joinPairs(pairs: readonly ParamPair[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    out += (i === 0 ? '' : '&') + pair[0] + '=' + pair[1];
  }
  return out;
}

/**
 * The normalized string that is signed: flatten, percent-encode, sort, join.
 * This is flattenParams (with the spec's value rules) and normalizePairs fused
 * into one pass, because it is the hot path of signing; a property test holds
 * it equal to `normalizePairs(flattenParams(params))`.
 */
export function normalizeParams(params: SignableParams): string {
  const lines: string[] = [];
  for (const key of Object.keys(params)) collectLines(lines, key, params[key]);
  lines.sort();
  return lines.join('&').replace(NUL, '=');
}

function collectLines(lines: string[], key: string, value: SignableValue): void {
  switch (typeof value) {
    case 'string':
      lines.push(encodeKey(key) + '\0' + percentEncode(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new UnsignableValueError(key, `${value} is not a finite number`);
      lines.push(encodeKey(key) + '\0' + percentEncode(String(value)));
      return;
    case 'boolean':
      lines.push(encodeKey(key) + (value ? '\0true' : '\0false'));
      return;
    case 'undefined':
      return;
    case 'object': {
      if (value === null) {
        lines.push(encodeKey(key) + '\0');
        return;
      }
      if (Array.isArray(value)) {
        const arrayKey = key + '[]';
        for (const member of value as readonly SignableValue[]) collectLines(lines, arrayKey, member);
        return;
      }
      const record = value as { readonly [k: string]: SignableValue };
      for (const sub of Object.keys(record)) collectLines(lines, key + '[' + sub + ']', record[sub]);
      return;
    }
    default:
      throw new UnsignableValueError(key, `a ${typeof value} has no string form`);
  }
}

/** Encoded keys repeat from call to call (`subscription%5Bamount%5D`…), so they are remembered. */
const encodedKeys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 4096;

function encodeKey(key: string): string {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    encoded = percentEncode(key);
    if (encodedKeys.size >= MAX_REMEMBERED_KEYS) encodedKeys.clear();
    encodedKeys.set(key, encoded);
  }
  return encoded;
}

/**
 * Encodes, sorts and joins pairs. Each pair becomes `key NUL value` and the
 * strings are sorted as a whole: encoded text is ASCII with no NUL (it would be
 * `%00`), so this is exactly "by encoded key, then by encoded value" in byte
 * order, and much faster than a comparator over tuples.
 */
export function normalizePairs(pairs: readonly ParamPair[]): string {
  const n = pairs.length;
  const lines = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const pair = pairs[i]!;
    lines[i] = encodeKey(pair[0]) + '\0' + percentEncode(pair[1]);
  }
  lines.sort();
  return lines.join('&').replace(NUL, '=');
}

const NUL = /\0/g;

/** Splits a normalized string back into its decoded pairs (the inverse of normalizePairs, up to order). */
export function parseNormalized(normalized: string): ParamPair[] {
  if (normalized === '') return [];
  return normalized.split('&').map((part) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    return [decodeURIComponent(key), decodeURIComponent(value)] as const;
  });
}
