import { flattenParams, type ParamPair, type SignableParams, SPEC_VALUE_RULES, type ValueRules } from './flattenParams';
import { compareEncodedPairs, joinPairs } from './normalizeParams';
import { percentEncode } from './percentEncode';

/**
 * Known ways client code gets the Signature Guide wrong. Each one is a full
 * normalization that differs from the spec's in exactly one step, so that a
 * received signature matching it names the mistake.
 */
export interface SignatureVariant {
  readonly id: SignatureVariantId;
  readonly title: string;
  /** What the signer did, and what the spec says instead. */
  readonly explanation: string;
  normalize(params: SignableParams): string;
}

export type SignatureVariantId =
  | 'sorted-before-encoding'
  | 'equal-keys-not-sorted-by-value'
  | 'plus-for-space'
  | 'sub-delims-unencoded'
  | 'form-urlencoded'
  | 'lowercase-hex'
  | 'not-encoded'
  | 'encoded-twice'
  | 'booleans-capitalised'
  | 'booleans-as-digits'
  | 'nulls-dropped'
  | 'null-as-text'
  // Webhook-only mistakes, detected by core/webhooks/diagnoseWebhookBody (not in SIGNATURE_VARIANTS).
  | 'payload-wrapper-signed'
  | 'signature-included';

type Order = 'encoded' | 'raw' | 'key-only';

interface Recipe {
  rules?: ValueRules;
  encode?: (s: string) => string;
  order?: Order;
}

function normalizeWith(params: SignableParams, recipe: Recipe): string {
  const encode = recipe.encode ?? percentEncode;
  const order = recipe.order ?? 'encoded';
  let pairs: ParamPair[] = flattenParams(params, recipe.rules ?? SPEC_VALUE_RULES);
  if (order === 'raw') pairs = [...pairs].sort(compareEncodedPairs);
  pairs = pairs.map(([k, v]) => [encode(k), encode(v)] as const);
  if (order === 'encoded') pairs.sort(compareEncodedPairs);
  if (order === 'key-only') pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return joinPairs(pairs);
}

function variant(id: SignatureVariantId, title: string, explanation: string, recipe: Recipe): SignatureVariant {
  return { id, title, explanation, normalize: (params) => normalizeWith(params, recipe) };
}

const formEncode = (s: string): string => new URLSearchParams([['', s]]).toString().slice(1);

export const SIGNATURE_VARIANTS: readonly SignatureVariant[] = [
  variant('sorted-before-encoding', 'Pairs sorted before percent-encoding',
    'The pairs were sorted by their raw keys and values, then encoded. The spec sorts the encoded pairs: `[` becomes `%5B`, which sorts before letters and `_`.',
    { order: 'raw' }),
  variant('equal-keys-not-sorted-by-value', 'Equal keys left in their original order',
    'Pairs with the same key (array members such as `bills[][id]`) were kept in input order. The spec sorts them by encoded value too.',
    { order: 'key-only' }),
  variant('plus-for-space', 'Spaces encoded as `+`',
    'Spaces were encoded as `+` (HTML form encoding). RFC 5849 §3.6 encodes a space as `%20`.',
    { encode: (s) => percentEncode(s).replace(/%20/g, '+') }),
  variant('sub-delims-unencoded', "`!'()*` left unencoded",
    "The characters `! ' ( ) *` were left as they are (plain encodeURIComponent). RFC 5849 §3.6 encodes them as `%21 %27 %28 %29 %2A`.",
    { encode: (s) => { try { return encodeURIComponent(s); } catch { return percentEncode(s); } } }),
  variant('form-urlencoded', 'Encoded as a query string (application/x-www-form-urlencoded)',
    'Keys and values were encoded with a query-string encoder (URLSearchParams, http_build_query, urlencode): `+` for spaces, `~` encoded, `*` not. Use RFC 5849 §3.6 encoding.',
    { encode: formEncode }),
  variant('lowercase-hex', 'Lower-case percent-encoding',
    'Percent-encodings were written in lower case (`%5b`). RFC 5849 §3.6 requires upper-case hex digits (`%5B`).',
    { encode: (s) => percentEncode(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) }),
  variant('not-encoded', 'Signed before percent-encoding',
    'The raw `key=value` string was signed (the string the docs print for the example webhook is shown before encoding). Encode keys and values first, then sort and sign.',
    { encode: (s) => s, order: 'raw' }),
  variant('encoded-twice', 'Percent-encoded twice',
    'Values that were already URL-encoded were encoded again (`%20` became `%2520`). Sign the decoded values.',
    { encode: (s) => percentEncode(percentEncode(s)) }),
  variant('booleans-capitalised', 'Booleans as `True`/`False`',
    'Booleans were written as `True`/`False` (Python’s str()). The spec’s value rules write `true`/`false`.',
    { rules: { ...SPEC_VALUE_RULES, boolean: (v) => (v ? 'True' : 'False') } }),
  variant('booleans-as-digits', 'Booleans as `1`/`0`',
    'Booleans were written as `1`/`0` (PHP-style casting). The spec’s value rules write `true`/`false`.',
    { rules: { ...SPEC_VALUE_RULES, boolean: (v) => (v ? '1' : '0') } }),
  variant('nulls-dropped', 'Null values dropped',
    'Keys whose value is null were left out. The value rules keep the key with an empty value (`key=`).',
    { rules: { ...SPEC_VALUE_RULES, null: () => undefined } }),
  variant('null-as-text', 'Null written as the text `null`',
    'Null values were written as the text `null` (JavaScript String(null)). The value rules sign an empty value (`key=`).',
    { rules: { ...SPEC_VALUE_RULES, null: () => 'null' } }),
];
