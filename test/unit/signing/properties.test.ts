import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  flattenParams, hmacHex, normalizePairs, normalizeParams, parseNormalized, percentEncode, signParams,
  type SignableParams, type SignableValue,
} from '../../../src/core/signing';

/** Any string, including emoji, lone surrogates and the characters that need encoding. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '+', '%', '%20', '[]', 'a b', "!'()*", '~-._', '€', '😀', '\uD800', 'x\uDC00y', '\u0000'),
);

const leaf: fc.Arbitrary<SignableValue> = fc.oneof(anyText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: SignableValue }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(anyText, tie('tree'), { maxKeys: 4 }),
  ),
}));
const params: fc.Arbitrary<SignableParams> = fc.dictionary(anyText, tree, { maxKeys: 6 });

/** The spec's encoding restated independently: UTF-8 bytes, unreserved kept, the rest %XX. */
function referenceEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function shuffleKeys(value: SignableValue, seed: number): SignableValue {
  if (Array.isArray(value)) return (value as readonly SignableValue[]).map((v) => shuffleKeys(v, seed));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as { readonly [k: string]: SignableValue };
  const keys = Object.keys(record);
  // A deterministic permutation driven by the seed.
  const order = keys.map((k, i) => [((i + 1) * 2654435761 + seed) % 1000003, k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
  const out: Record<string, SignableValue> = {};
  // defineProperty, not assignment: a key named "__proto__" (as JSON.parse makes) must stay an own key.
  for (const k of order) Object.defineProperty(out, k, { value: shuffleKeys(record[k], seed), enumerable: true, writable: true, configurable: true });
  return out;
}

describe('signing: properties', () => {
  it('percentEncode matches an independent UTF-8 byte encoder on any string', () => {
    fc.assert(fc.property(anyText, (s) => percentEncode(s) === referenceEncode(s)), { numRuns: 2000 });
  });

  it('decoding the normalized string gives back the flattened pairs (as a multiset)', () => {
    fc.assert(fc.property(params, (p) => {
      // Lone surrogates cannot survive UTF-8; compare against what a UTF-8 round trip keeps.
      const wellFormed = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
      const expected = flattenParams(p).map(([k, v]) => `${wellFormed(k)}\u0000${wellFormed(v)}`).sort();
      const decoded = parseNormalized(normalizeParams(p)).map(([k, v]) => `${k}\u0000${v}`).sort();
      assert.deepEqual(decoded, expected);
    }), { numRuns: 500 });
  });

  it('the signature does not depend on the order of keys in the input', () => {
    fc.assert(fc.property(params, fc.integer({ min: 0, max: 1_000_000 }), (p, seed) => {
      const shuffled = shuffleKeys(p, seed) as SignableParams;
      assert.equal(signParams(shuffled, 'k').signature, signParams(p, 'k').signature);
    }), { numRuns: 300 });
  });

  it('arrays of objects (the webhook shape) normalize as the definition says, with field names that prefix each other or hold brackets', () => {
    // Field names picked to collide: amount / amount_minus_fees, a / a] / a]b, and brackets or percent signs that encode alike.
    const field = fc.oneof(fc.constantFrom('a', 'ab', 'a]', 'a]b', 'amount', 'amount_minus_fees', '', ']', '[', 'a%', '%5D', 'é'), fc.string({ maxLength: 3 }));
    // Values that encode to bytes in another order than their characters ('.' < '/' but '%2F' < '.'), multi-byte, lone surrogates, numbers with an exponent.
    const text = fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', '.', '/', ' ', '~', '%', 'é', '€', '😀', '\uD800', '\uDC00', '\uFFFD') });
    const plain: fc.Arbitrary<SignableValue> = fc.oneof(fc.string({ maxLength: 3 }), text, fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const flat = fc.dictionary(field, plain, { maxKeys: 5 });
    const member = fc.oneof({ weight: 5, arbitrary: flat }, { weight: 1, arbitrary: plain }, { weight: 1, arbitrary: fc.dictionary(field, fc.oneof(plain, flat), { maxKeys: 3 }) });
    // Up to 24 members: columns past the in-place insertion sort's 16 as well.
    const withArrays = fc.dictionary(field, fc.oneof(plain, fc.array(member, { maxLength: 24 }), fc.array(plain, { maxLength: 24 }), fc.dictionary(field, fc.array(member, { maxLength: 3 }), { maxKeys: 3 })), { maxKeys: 4 });
    fc.assert(fc.property(withArrays, (p) => normalizeParams(p) === normalizePairs(flattenParams(p))), { numRuns: 3000 });
  });

  it('the fused normalizeParams equals normalizePairs(flattenParams(...))', () => {
    fc.assert(fc.property(params, (p) => normalizeParams(p) === normalizePairs(flattenParams(p))), { numRuns: 500 });
  });

  it('the normalized string is sorted by encoded key, then encoded value', () => {
    fc.assert(fc.property(params, (p) => {
      const parts = normalizeParams(p).split('&').filter((x) => x !== '').map((x) => x.split('='));
      for (let i = 1; i < parts.length; i++) {
        const [k0, v0] = parts[i - 1]!;
        const [k1, v1] = parts[i]!;
        assert.ok(k0! < k1! || (k0 === k1 && v0! <= v1!), `${k0}=${v0} before ${k1}=${v1}`);
      }
    }), { numRuns: 300 });
  });

  it('hmacHex is lower-case hex of 64 digits for any input', () => {
    fc.assert(fc.property(anyText, anyText, (s, k) => /^[0-9a-f]{64}$/.test(hmacHex(s, k))), { numRuns: 200 });
  });
});
