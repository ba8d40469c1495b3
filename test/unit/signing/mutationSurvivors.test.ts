// Tests for what a mutation-testing run of src/core/signing let through (issue 21): each
// signing mistake's exact normalized string, the diagnosis' verdicts word for word, UTF-8
// at its byte-length edges and lone surrogates on the fast path, large arrays, and the
// errors for values that cannot be signed. Expected strings are written out by hand from
// the Signature Guide's steps, or computed by an independent oracle (Node's UTF-8 encoder).
import { strict as assert } from 'node:assert';
import {
  compareEncodedPairs, diagnoseSignature, flattenParams, hmacHex, normalizeBySorting, normalizeParams, parseNormalized, percentEncode,
  SIGNATURE_VARIANTS, SPEC_VALUE_RULES, UnsignableValueError, verifySignedParams, type SignableParams, type SignatureVariantId,
} from '../../../src/core/signing';
import { compareEncoded } from '../../../src/core/signing/compareEncoded';
import { sortedKeyPlan } from '../../../src/core/signing/sortedKeyPlan';

const SECRET = 'survivor-secret-Kq8/+=';

function variantNormalize(id: SignatureVariantId, params: SignableParams): string {
  const v = SIGNATURE_VARIANTS.find((x) => x.id === id);
  assert.ok(v, id);
  return v.normalize(params);
}

/** RFC 5849 §3.6 from Node's own UTF-8 bytes: unreserved ASCII kept, every other byte as upper-case %XX. */
function oracleEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('signing mistakes, each as its exact normalized string', () => {
  // "Sort the parameters by their encoded keys, then by their encoded values" — each variant differs in one step.
  const cases: Array<[SignatureVariantId, SignableParams, string, string]> = [
    // Raw order puts a0 first ('0' < '['); the spec's encoded order puts a%5Bb%5D first ('%' < '0'). The values
    // sort the other way round, so a comparison that looked at values before keys is caught too.
    ['sorted-before-encoding', { a0: 'z', a: { b: 'y' } }, 'a0=z&a%5Bb%5D=y', 'a%5Bb%5D=y&a0=z'],
    // Equal keys stay in input order (b before a); different keys are still sorted (z after a[]).
    ['equal-keys-not-sorted-by-value', { z: '1', a: ['b', 'a'] }, 'a%5B%5D=b&a%5B%5D=a&z=1', 'a%5B%5D=a&a%5B%5D=b&z=1'],
    ['plus-for-space', { note: 'a b c' }, 'note=a+b+c', 'note=a%20b%20c'],
    ['sub-delims-unencoded', { n: "O'N(1)*!" }, "n=O'N(1)*!", 'n=O%27N%281%29%2A%21'],
    // A query-string encoder: + for a space, ~ encoded, * left alone; the key is encoded the same way.
    ['form-urlencoded', { 'a b': 'c d~*' }, 'a+b=c+d%7E*', 'a%20b=c%20d~%2A'],
    ['lowercase-hex', { a: { b: 'é' } }, 'a%5bb%5d=%c3%a9', 'a%5Bb%5D=%C3%A9'],
    ['not-encoded', { a0: 'x y', a: { b: 'y' } }, 'a0=x y&a[b]=y', 'a%5Bb%5D=y&a0=x%20y'],
    ['encoded-twice', { v: 'x%20y' }, 'v=x%252520y', 'v=x%2520y'],
    ['booleans-capitalised', { t: true, f: false }, 'f=False&t=True', 'f=false&t=true'],
    ['booleans-as-digits', { t: true, f: false }, 'f=0&t=1', 'f=false&t=true'],
    ['nulls-dropped', { a: null, b: 'x' }, 'b=x', 'a=&b=x'],
    ['null-as-text', { a: null, b: 'x' }, 'a=null&b=x', 'a=&b=x'],
  ];

  for (const [id, params, mistaken, spec] of cases) {
    it(`${id}: ${mistaken}`, () => {
      assert.equal(normalizeParams(params), spec, 'the spec');
      assert.equal(variantNormalize(id, params), mistaken, 'the mistake');
    });
  }

  it('covers every variant the diagnosis knows', () => {
    assert.deepEqual(SIGNATURE_VARIANTS.map((v) => v.id).sort(), cases.map(([id]) => id).sort());
  });
});

describe('the mistaken normalizations sort as each one claims', () => {
  // A mistake differs from the spec in one step only, so everywhere else it sorts as the spec does:
  // "Sort the request parameter key-value pairs by key in ascending byte order. If two keys are equal,
  // then they are sorted by value."
  it('equal keys are ordered by value whatever the input order, already sorted included', () => {
    for (const ids of [['a', 'b', 'c'], ['c', 'a', 'b'], ['c', 'b', 'a']]) {
      assert.equal(variantNormalize('plus-for-space', { ids }), 'ids%5B%5D=a&ids%5B%5D=b&ids%5B%5D=c', ids.join());
    }
  });

  it('compareEncodedPairs: the key decides; between equal keys the value; equal pairs tie', () => {
    assert.equal(Math.sign(compareEncodedPairs(['a', 'z'], ['b', 'a'])), -1);
    assert.equal(Math.sign(compareEncodedPairs(['k', 'b'], ['k', 'a'])), 1);
    assert.equal(Math.sign(compareEncodedPairs(['k', 'a'], ['k', 'b'])), -1);
    assert.equal(compareEncodedPairs(['k', 'a'], ['k', 'a']), 0);
  });

  it('sorting before encoding sorts the raw pairs: not the input order, not the encoded order', () => {
    // Raw: a0 < a[b] ('0' < '[') < z; input order is z, a0, a[b]; encoded, a%5Bb%5D would come first.
    const params: SignableParams = { z: '1', a0: 'x y', a: { b: 'y' } };
    assert.equal(variantNormalize('sorted-before-encoding', params), 'a0=x%20y&a%5Bb%5D=y&z=1');
    assert.equal(variantNormalize('not-encoded', params), 'a0=x y&a[b]=y&z=1');
  });
});

/** Calls so far: each call's first key is new, so sortedKeyPlan makes its plan rather than finding one remembered by an earlier run. */
let planRuns = 0;

describe('a key plan', () => {
  it('is made for keys none of which prefixes another, and not reused for a longer list with the same first key', () => {
    const first = `b${++planRuns}`;
    assert.deepEqual(sortedKeyPlan([first])?.encoded, [first]);
    const plan = sortedKeyPlan([first, 'a c']);
    assert.ok(plan, 'a%20c prefixes nothing: the keys can be written in order without sorting their lines');
    assert.deepEqual(plan.encoded, ['a%20c', first]);
    assert.deepEqual(plan.sourceIndex, [1, 0]);
  });

  // normalizeParams asks fullKeys(prefix) before pairPrefixes(prefix); the plan must not depend on that order.
  it('gives each parent its own `&key=` bytes, whichever parent was asked last', () => {
    const plan = sortedKeyPlan(['b', 'a c']);
    assert.ok(plan);
    const prefixes = (parent: string | undefined): string[] => plan.pairPrefixes(parent).map((b) => Buffer.from(b).toString('latin1'));
    assert.deepEqual(prefixes('p'), ['&p%5Ba%20c%5D=', '&p%5Bb%5D=']);
    assert.deepEqual(prefixes(undefined), ['&a%20c=', '&b=']);
    assert.deepEqual(plan.fullKeys('q'), ['q%5Ba%20c%5D', 'q%5Bb%5D']);
    assert.deepEqual(prefixes('p'), ['&p%5Ba%20c%5D=', '&p%5Bb%5D=']);
  });
});

describe('diagnoseSignature verdicts, word for word', () => {
  const params: SignableParams = { resource_id: 'VZUG2SC3PRT5EM', resource_type: 'bill', note: 'a b' };
  const good = hmacHex(normalizeParams(params), SECRET);

  it('a missing signature is not valid, and says what to send', () => {
    for (const received of [undefined, '']) {
      const d = diagnoseSignature(params, received, SECRET);
      assert.equal(d.valid, false);
      assert.equal(d.verdict, 'missing');
      assert.equal(d.reason, 'No signature was sent. Add a `signature` parameter: the HMAC-SHA256 (hex) of the normalized parameters, keyed with the app secret.');
    }
  });

  it('a match in lower case is plain; in upper case it says hex is read case-insensitively', () => {
    assert.equal(diagnoseSignature(params, good, SECRET).reason, 'The signature matches.');
    // A lower-case digest made only of digits and a–f must not be called upper case.
    const upper = diagnoseSignature(params, good.toUpperCase(), SECRET);
    assert.equal(upper.valid, true);
    assert.match(upper.reason, /^The signature matches \(written in upper-case hex/);
  });

  it('anything but exactly 64 hex digits is malformed, whatever surrounds them', () => {
    for (const received of [`z${good}`, `${good}z`, good.slice(1), `${good}0`, 'a'.repeat(63) + 'g']) {
      const d = diagnoseSignature(params, received, SECRET);
      assert.equal(d.verdict, 'malformed', received);
      assert.equal(d.reason, `The signature is not a hex HMAC-SHA256 (64 hex digits); got ${received.length} characters. Send the hex digest, not Base64 or raw bytes.`);
    }
  });

  it('a known mistake is named with its title and explanation', () => {
    const plus = SIGNATURE_VARIANTS.find((v) => v.id === 'plus-for-space')!;
    const d = diagnoseSignature(params, hmacHex(plus.normalize(params), SECRET), SECRET);
    assert.equal(d.verdict, 'variant');
    assert.equal(d.reason, `${plus.title}. ${plus.explanation}`);
    assert.equal(d.variant?.normalized, 'note=a+b&resource_id=VZUG2SC3PRT5EM&resource_type=bill');
  });
});

describe('verifySignedParams with a signature that is not text', () => {
  it('refuses a one-element array (a signature given twice in a query arrives as a list), without throwing', () => {
    const params: SignableParams = { resource_id: 'X1', resource_type: 'bill' };
    const good = hmacHex(normalizeParams(params), SECRET);
    assert.equal(verifySignedParams({ ...params, signature: [good] }, SECRET), false);
    assert.equal(verifySignedParams({ ...params, signature: [good, good] }, SECRET), false);
    assert.equal(verifySignedParams({ ...params, signature: good }, SECRET), true);
  });
});

describe('percent-encoding at UTF-8 edges, on every path', () => {
  // One, two, three and four UTF-8 bytes, at each length's first and last code point, and lone surrogates
  // (written as U+FFFD, as UTF-8 encoders write them), alone and before characters that are not low surrogates.
  const texts = ['\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\u{10000}', '\u{10ffff}', '\ud800', '\udfff', '\ud800\ue000', '\ud800a', 'a\udc00', '\ud83d\ude00\ud800'];

  for (const text of texts) {
    const label = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' ');
    it(`${label}: percentEncode and both normalization paths write Node's UTF-8 bytes`, () => {
      const encoded = oracleEncode(text);
      assert.equal(percentEncode(text), encoded);
      assert.equal(normalizeParams({ v: text }), `v=${encoded}`, 'a plain object (the ordered-write path)');
      assert.equal(normalizeParams({ [text]: '1' }), `${encoded}=1`, 'as a key');
      assert.equal(normalizeBySorting({ v: text }), `v=${encoded}`, 'the sorting path');
    });
  }
});

describe('compareEncoded orders as the encodings do', () => {
  it('agrees with comparing the encoded bytes, for every pair of awkward strings', () => {
    const texts = ['', 'a', 'A', '-', '~', '%', ' ', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\ufffd', '\uffff',
      '\u{10000}', '\u{10ffff}', '\ud800', '\udbff', '\udc00', '\udfff', '\ud800\ue000', '\ud800a', 'a\ud800', '\ud83d\ude00', '\ud83d\ude01'];
    for (const a of texts) {
      for (const b of texts) {
        const expected = Math.sign(Buffer.compare(Buffer.from(oracleEncode(a)), Buffer.from(oracleEncode(b))));
        assert.equal(Math.sign(compareEncoded(a, b)), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
  });
});

describe('arrays of many values', () => {
  it('a webhook with 40 bills normalizes as the definition does (values sorted by their encoding, not by input order)', () => {
    const bills = Array.from({ length: 40 }, (_, i) => ({
      id: `B${String((i * 17) % 40).padStart(2, '0')}`, status: i % 3 === 0 ? 'paid' : 'failed', amount: `${(i * 7) % 13}.00`,
    }));
    const params: SignableParams = { resource_type: 'bill', action: 'paid', bills, tags: bills.map((b) => b.id) };
    const normalized = normalizeParams(params);
    assert.equal(normalized, normalizeBySorting(params));
    // Spot-check by hand: ids are sorted by value among the equal keys bills[][id].
    const ids = parseNormalized(normalized).filter(([k]) => k === 'bills[][id]').map(([, v]) => v);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(ids.length, 40);
  });

  it('a list of 30 records where some lack a value sorts only the values there are, key by key', () => {
    // 24 notes: more than the 16 that are insertion-sorted, fewer than the ids sorted before them.
    const members = Array.from({ length: 30 }, (_, i) => ({ id: `M${String((i * 7) % 30).padStart(2, '0')}`, note: i % 5 === 0 ? undefined : `n${(i * 11) % 30}` }));
    const params = { members } as unknown as SignableParams;
    assert.equal(normalizeParams(params), normalizeBySorting(params));
    const notes = parseNormalized(normalizeParams(params)).filter(([k]) => k === 'members[][note]').map(([, v]) => v);
    assert.equal(notes.length, 24);
    assert.ok(notes.every((n) => n.startsWith('n')), 'no id among the notes');
  });

  it('records whose keys prefix one another (a, ab) are signed whole', () => {
    // Encoded, bills[][a] sorts before bills[][ab]: after "%5Ba", "%" (0x25) comes before "b".
    const params: SignableParams = { bills: [{ a: '1', ab: '2' }, { a: '3', ab: '4' }] };
    assert.equal(normalizeParams(params), 'bills%5B%5D%5Ba%5D=1&bills%5B%5D%5Ba%5D=3&bills%5B%5D%5Bab%5D=2&bills%5B%5D%5Bab%5D=4');
  });
});

describe('the same first key with a longer key list', () => {
  it('signs the extra key (a remembered plan for {a, b} is not reused for {a, b, c})', () => {
    assert.equal(normalizeParams({ a: '1', b: '2' }), 'a=1&b=2');
    assert.equal(normalizeParams({ a: '1', b: '2', c: '3' }), 'a=1&b=2&c=3');
    assert.equal(normalizeParams({ a: '1' }), 'a=1');
    assert.equal(normalizeParams({ a: { b: '1', c: '2' } }), 'a%5Bb%5D=1&a%5Bc%5D=2');
    assert.equal(normalizeParams({ a: { b: '1', c: '2', d: '3' } }), 'a%5Bb%5D=1&a%5Bc%5D=2&a%5Bd%5D=3');
  });
});

describe('values that cannot be signed', () => {
  const cases: Array<[string, SignableParams, string]> = [
    ['NaN', { amount: NaN }, 'Parameter "amount" cannot be signed: NaN is not a finite number'],
    ['Infinity, nested', { bill: { amount: Infinity } }, 'Parameter "bill[amount]" cannot be signed: Infinity is not a finite number'],
    ['a function', { f: (() => 1) as unknown as string }, 'Parameter "f" cannot be signed: a function has no string form'],
    ['a bigint in a list', { ids: [1n as unknown as string] }, 'Parameter "ids[]" cannot be signed: a bigint has no string form'],
  ];
  for (const [what, params, message] of cases) {
    it(`${what}: every path throws UnsignableValueError naming the parameter`, () => {
      for (const run of [() => normalizeParams(params), () => normalizeBySorting(params), () => flattenParams(params, SPEC_VALUE_RULES)]) {
        assert.throws(run, (e: unknown) => e instanceof UnsignableValueError && e.name === 'UnsignableValueError' && e.message === message);
      }
    });
  }
});

describe('parseNormalized', () => {
  it('reads a part without "=" as a key with an empty value', () => {
    assert.deepEqual(parseNormalized('a&b=1&c%5B%5D'), [['a', ''], ['b', '1'], ['c[]', '']]);
    assert.deepEqual(parseNormalized(''), []);
  });
});
