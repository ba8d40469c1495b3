import { flattenParams, type ParamPair, type SignableParams, SPEC_VALUE_RULES } from './flattenParams';
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

/** The normalized string that is signed: flatten, percent-encode, sort, join. */
export function normalizeParams(params: SignableParams): string {
  return normalizePairs(flattenParams(params, SPEC_VALUE_RULES));
}

export function normalizePairs(pairs: readonly ParamPair[]): string {
  return joinPairs(encodePairs(pairs).sort(compareEncodedPairs));
}

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
