import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { flattenParams, normalizePairs, normalizeParams, percentEncode, type SignableParams } from '../../../src/core/signing';
import { compareEncoded } from '../../../src/core/signing/compareEncoded';
import { EncodedWriter } from '../../../src/core/signing/encodedWriter';

/** Any string, including emoji, lone surrogates and the characters that need encoding. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('a', '/', ' ', 'é', '€', '😀', '\uD800', '\uDC00', '~') }),
);

/** What the byte writer makes of one value on its own. */
function writeOne(w: EncodedWriter, s: string): string {
  w.reset();
  w.percentEncoded(s);
  return w.text();
}

describe('signing: the byte writer (the fast path) encodes exactly as percentEncode', () => {
  it('on any string, lone surrogates included, and with the writer reused', () => {
    const w = new EncodedWriter(16);
    fc.assert(fc.property(anyText, (s) => writeOne(w, s) === percentEncode(s)), { numRuns: 3000 });
  });

  it('when whole pairs are written one after another', () => {
    const w = new EncodedWriter(8);
    fc.assert(fc.property(fc.array(fc.tuple(anyText, anyText), { maxLength: 8 }), (pairs) => {
      w.reset();
      for (const [k, v] of pairs) w.pair(Buffer.from('&' + percentEncode(k) + '=', 'latin1'), v);
      return w.text(1) === pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    }), { numRuns: 1000 });
  });

  it('on values longer than one chunk, with a pair or a lone surrogate at the chunk edge', () => {
    const w = new EncodedWriter();
    for (const edge of ['😀', '\uD800', '\uDC00', '\uD800\uD800', 'é', '/']) {
      for (const before of [4094, 4095, 4096]) {
        for (const s of ['a'.repeat(before) + edge, 'a'.repeat(before) + edge + 'b/c', ('€😀 ' + edge).repeat(3000)]) {
          assert.equal(writeOne(w, s), percentEncode(s), `${before} + ${JSON.stringify(edge)}`);
        }
      }
    }
  });

  it('grows for a large value and lets the large buffer go afterwards', () => {
    const w = new EncodedWriter();
    const big = '€'.repeat(100_000);
    assert.equal(writeOne(w, big), percentEncode(big));
    assert.equal(writeOne(w, 'x y'), 'x%20y');
    w.reset();
    assert.equal(w.text(), '');
  });
});

describe('signing: normalizeParams on unusual objects', () => {
  const reference = (p: SignableParams): string => normalizePairs(flattenParams(p));

  it('ignores inherited enumerable keys, as Object.keys does, also once the key list is remembered', () => {
    const make = (): SignableParams => Object.assign(Object.create({ inherited: 'x' }) as Record<string, string>, { b: '2', a: '1' });
    for (let i = 0; i < 3; i++) assert.equal(normalizeParams(make()), 'a=1&b=2');
  });

  it('is not confused by a getter that normalizes other params while it is being read', () => {
    // The getter is one level down, so it runs after `a=x%20y` has been written.
    const make = (): SignableParams => ({
      a: 'x y',
      c: { get b() { return normalizeParams({ inner: 'é', other: { deep: '1' } }); }, d: 'z' },
    });
    for (let i = 0; i < 3; i++) {
      assert.equal(normalizeParams(make()), reference(make()));
      assert.equal(normalizeParams(make()), 'a=x%20y&c%5Bb%5D=inner%3D%25C3%25A9%26other%255Bdeep%255D%3D1&c%5Bd%5D=z');
    }
  });

  it('an object whose getter deletes a later key as it is read is signed as it is left, no value shifted to another key', () => {
    // 65 keys besides the getter: more than a remembered key list holds (64), so no earlier call's plan is reused, and
    // the object is read by Object.keys then Object.values, which the deletion leaves one value short.
    const params: Record<string, string> = {};
    Object.defineProperty(params, 'deleter', { enumerable: true, configurable: true, get: () => { delete params['k10']; return 'd'; } });
    const kept: string[] = [];
    for (let i = 0; i <= 64; i++) {
      const key = `k${String(i).padStart(2, '0')}`;
      params[key] = `v${i}`;
      if (i !== 10) kept.push(`${key}=v${i}`);
    }
    assert.equal(normalizeParams(params), ['deleter=d', ...kept].join('&'));
  });

  it('integer-like keys, which objects list first, in ascending order', () => {
    const p = { b: '1', 10: 'ten', 2: 'two', a: { 1: 'x', z: 'y' } };
    for (let i = 0; i < 2; i++) assert.equal(normalizeParams(p), reference(p));
  });
});

describe('signing: compareEncoded orders strings as their encodings without encoding them', () => {
  const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);
  const byEncoding = (a: string, b: string): number => {
    const ea = percentEncode(a);
    const eb = percentEncode(b);
    return ea < eb ? -1 : ea > eb ? 1 : 0;
  };

  it('on any two strings, lone surrogates included, and on strings that share a long prefix', () => {
    fc.assert(fc.property(anyText, anyText, (a, b) => sign(compareEncoded(a, b)) === byEncoding(a, b)), { numRuns: 5000 });
    fc.assert(fc.property(anyText, anyText, anyText, (p, a, b) => sign(compareEncoded(p + a, p + b)) === byEncoding(p + a, p + b)), { numRuns: 3000 });
  });

  it('where the character order and the encoded order disagree, and where surrogates tie', () => {
    const cases: Array<[string, string]> = [
      ['.', '/'], // '/' < '.' encoded: %2F against .
      ['a b', 'a-b'], ['~', ' '], ['\uFFFD', '\uD800'], ['\uD800', '\uDC00'], ['\uD83D\uDE00', '\uD83D\uDE01'],
      ['\uD83D\uDE00', '\uD83Dx'], ['\uD83D', '\uD83D\uDE00'], ['é', 'z'], ['€', '😀'], ['', '%'], ['ab', 'a'],
    ];
    for (const [a, b] of cases) {
      assert.equal(sign(compareEncoded(a, b)), byEncoding(a, b), `${JSON.stringify(a)} against ${JSON.stringify(b)}`);
      assert.equal(sign(compareEncoded(b, a)), byEncoding(b, a), `${JSON.stringify(b)} against ${JSON.stringify(a)}`);
    }
  });
});
