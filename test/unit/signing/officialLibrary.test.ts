import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { normalizeParams, signParams, type SignableParams, type SignableValue } from '../../../src/core/signing';

interface OfficialSigner {
  toQuery(params: unknown): string;
  sign(query: string, secret: string): string;
  verify(params: unknown, secret: string): boolean;
}
// The official Node library for this API (gocardless@1.0.0-beta6), lib/helpers/request-signer.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const official = require('gocardless/lib/helpers/request-signer') as OfficialSigner;

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
// Non-empty keys: the official signer mishandles an empty key (see the last test).
const key = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const leaf: fc.Arbitrary<SignableValue> = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const { tree } = fc.letrec<{ tree: SignableValue }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(key, tie('tree'), { maxKeys: 3 })),
}));
const params = fc.dictionary(key, tree, { maxKeys: 6 });

describe('signing: agreement with the official gocardless@1.0.0-beta6 signer', () => {
  it('normalizes like its toQuery and signs like its sign, for strings, numbers, booleans, arrays and objects', () => {
    fc.assert(fc.property(params, (p) => {
      const theirs = official.toQuery(p);
      assert.equal(normalizeParams(p), theirs);
      assert.equal(signParams(p, 'secret').signature, official.sign(theirs, 'secret'));
    }), { numRuns: 1000 });
  });

  it('agrees on the Signature Guide example and verifies our signatures with its verify', () => {
    const p = { user: { email: 'fred@example.com', age: 30 } };
    assert.equal(official.toQuery(p), normalizeParams(p));
    assert.equal(official.verify({ ...p, signature: signParams(p, 'k').signature }, 'k'), true);
  });

  // Where the official library differs, by design (documented in the README's value rules):
  it('differs on null: it signs the text "null", the spec’s value rules sign an empty value', () => {
    const p: SignableParams = { a: null };
    assert.equal(official.toQuery(p), 'a=null');
    assert.equal(normalizeParams(p), 'a=');
  });

  it('differs on undefined: it signs the text "undefined", we drop the key as JSON does', () => {
    const p: SignableParams = { a: undefined, b: '1' };
    assert.equal(official.toQuery(p), 'a=undefined&b=1');
    assert.equal(normalizeParams(p), 'b=1');
  });

  it('differs on lone surrogates: it throws (URIError), we encode U+FFFD like any UTF-8 encoder', () => {
    assert.throws(() => official.toQuery({ a: '\uD800' }), URIError);
    assert.equal(normalizeParams({ a: '\uD800' }), 'a=%EF%BF%BD');
  });

  it('differs on an empty key holding an object: it crashes (its top-level test is `if (ns)`), we sign `%5Bb%5D=1`', () => {
    assert.throws(() => official.toQuery({ '': { b: '1' } }), TypeError);
    assert.equal(normalizeParams({ '': { b: '1' } }), '%5Bb%5D=1');
  });
});
