import { strict as assert } from 'node:assert';
import {
  flattenParams, normalizeParams, percentEncode, signaturesEqual, signParams, UnsignableValueError, verifySignedParams,
} from '../../../src/core/signing';

describe('signing: value rules', () => {
  it('writes strings as they are and numbers as their decimal text', () => {
    assert.deepEqual(flattenParams({ a: 'x y', n: 10.5, i: 30, z: 0, neg: -2, big: 1e21 }), [
      ['a', 'x y'], ['n', '10.5'], ['i', '30'], ['z', '0'], ['neg', '-2'], ['big', '1e+21'],
    ]);
  });

  it('writes booleans as true/false', () => {
    assert.equal(normalizeParams({ on: true, off: false }), 'off=false&on=true');
  });

  it('keeps the key of a null with an empty value', () => {
    assert.equal(normalizeParams({ a: null, b: '1' }), 'a=&b=1');
    assert.equal(normalizeParams({ user: { email: null } }), 'user%5Bemail%5D=');
  });

  it('gives no pairs for empty arrays, empty objects and undefined', () => {
    assert.equal(normalizeParams({ list: [], obj: {}, nothing: undefined, x: '1' }), 'x=1');
    assert.deepEqual(flattenParams({ list: [], obj: {} }), []);
  });

  it('flattens arrays with [] and objects with [name], nested', () => {
    assert.deepEqual(flattenParams({ bills: [{ id: 'A', tags: ['x', 'y'] }, { id: 'B' }] }), [
      ['bills[][id]', 'A'], ['bills[][tags][]', 'x'], ['bills[][tags][]', 'y'], ['bills[][id]', 'B'],
    ]);
  });

  it('refuses NaN and infinities, naming the key', () => {
    assert.throws(() => normalizeParams({ amount: Number.NaN }), (e: unknown) => e instanceof UnsignableValueError && e.key === 'amount');
    assert.throws(() => normalizeParams({ x: { y: Infinity } }), (e: unknown) => e instanceof UnsignableValueError && e.key === 'x[y]');
  });

  it('sorts equal keys by encoded value, in byte order', () => {
    assert.equal(normalizeParams({ k: ['b', 'a', 'B', '~', '%'] }), 'k%5B%5D=%25&k%5B%5D=B&k%5B%5D=a&k%5B%5D=b&k%5B%5D=~');
  });

  it('sorts a key before longer keys it prefixes (a before a[b] before a0)', () => {
    assert.equal(normalizeParams({ a0: '3', 'a[b]': '2', a: '1' }), 'a=1&a%5Bb%5D=2&a0=3');
    assert.equal(normalizeParams({ a0: '3', a: { b: '2' } }), 'a%5Bb%5D=2&a0=3');
  });
});

describe('signing: percent-encoding (RFC 5849 §3.6 over UTF-8)', () => {
  it('leaves only A-Z a-z 0-9 - . _ ~ as they are', () => {
    assert.equal(percentEncode('AZaz09-._~'), 'AZaz09-._~');
    assert.equal(percentEncode(" !\"#$%&'()*+,/:;<=>?@[\\]^`{|}"), '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D');
  });

  it('encodes multi-byte characters as their UTF-8 bytes in upper-case hex', () => {
    assert.equal(percentEncode('é'), '%C3%A9');
    assert.equal(percentEncode('€'), '%E2%82%AC');
    assert.equal(percentEncode('😀'), '%F0%9F%98%80');
    assert.equal(percentEncode('a😀b'), 'a%F0%9F%98%80b');
    assert.equal(percentEncode('\u0000\u007f'), '%00%7F');
  });

  it('writes a lone surrogate as U+FFFD (EF BF BD), as a UTF-8 encoder does, instead of throwing', () => {
    assert.equal(percentEncode('\uD800'), '%EF%BF%BD');
    assert.equal(percentEncode('x\uDC00y'), 'x%EF%BF%BDy');
    assert.equal(percentEncode('\uDE00\uD83D'), '%EF%BF%BD%EF%BF%BD'); // reversed pair: two lone halves
    assert.equal(percentEncode('\uD83D'), percentEncode('\uFFFD'));
  });

  it('encodes the edges of the surrogate range and of each UTF-8 length as a UTF-8 encoder does', () => {
    // The first and last code unit of each range; a comparison off by one sends one of them down the wrong branch.
    const edges = ['\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFF',
      '\uD800\uDC00', '\uDBFF\uDFFF', '\uDBFF\uE000', '\uD7FF\uDC00'];
    for (const s of edges) {
      const utf8 = [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
      assert.equal(percentEncode(s), utf8, JSON.stringify(s));
    }
    assert.equal(percentEncode('\uDFFF'), '%EF%BF%BD', 'the last low surrogate, alone, is U+FFFD');
    assert.equal(percentEncode('\uDBFF\uDFFF'), '%F4%8F%BF%BF', 'the last pair is U+10FFFF');
  });
});

describe('signing: constant-time comparison', () => {
  const sig = signParams({ a: '1' }, 'secret').signature;

  it('accepts the same hex digest in either case, and nothing else', () => {
    assert.equal(signaturesEqual(sig, sig), true);
    // Hex is case-insensitive: the same 32 bytes, compared constant-time after decoding (issue 16).
    assert.equal(signaturesEqual(sig, sig.toUpperCase()), true);
    assert.equal(signaturesEqual(sig.toUpperCase(), sig), true);
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    assert.equal(signaturesEqual(sig, flipped), false);
  });

  it('returns false, without throwing, for other lengths and non-hex', () => {
    assert.equal(signaturesEqual(sig, ''), false);
    assert.equal(signaturesEqual(sig, sig + '0'), false);
    assert.equal(signaturesEqual(sig, sig.slice(1)), false);
    assert.equal(signaturesEqual(sig, 'é'.repeat(32)), false); // 64 bytes of UTF-8, not hex
    assert.equal(signaturesEqual('z'.repeat(64), 'z'.repeat(64)), false);
  });

  it('verifies params carrying their signature, and nothing else', () => {
    assert.equal(verifySignedParams({ a: '1', signature: sig }, 'secret'), true);
    assert.equal(verifySignedParams({ a: '2', signature: sig }, 'secret'), false);
    assert.equal(verifySignedParams({ a: '1' }, 'secret'), false);
    assert.equal(verifySignedParams({ a: '1', signature: 5 }, 'secret'), false);
  });
});
