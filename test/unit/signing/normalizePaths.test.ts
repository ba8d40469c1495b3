import { strict as assert } from 'node:assert';
import { flattenParams, normalizeBySorting, normalizePairs, normalizeParams, type SignableParams } from '../../../src/core/signing';

/** The definition: flatten, encode, sort every pair, join. */
const reference = (p: SignableParams): string => normalizePairs(flattenParams(p));

describe('signing: the ordered-write path agrees with sorting every pair', () => {
  const cases: Record<string, SignableParams> = {
    'keys that prefix each other (a, ab, a0)': { ab: '2', a: '1', a0: '3' },
    'a nested key that prefixes a sibling': { user: { name: 'x', name2: 'y', nam: 'z' } },
    'a top-level key holding an object next to a key with a literal bracket': { a: { b: '1' }, 'a[b': '2', 'a[': '3' },
    'a key ending in ] inside an object (x and x]y)': { o: { x: { z: '1' }, 'x]y': '2' } },
    'arrays of objects (the webhook shape)': { bills: [{ id: 'B', amount: '2' }, { id: 'A', amount: '10' }], action: 'paid' },
    'a webhook\'s bills: fields that prefix each other (amount, amount_minus_fees), members with other fields':
      { bills: [{ id: 'B', amount: '2.00', amount_minus_fees: '1.90', paid_at: null }, { id: 'A', amount: '10.00', amount_minus_fees: '9.50', source_type: 'subscription' }], action: 'paid', resource_type: 'bill' },
    'a webhook\'s bills in no order, values needing encoding (a handful: sorted in place)': {
      bills: ['C', 'a b', 'A', 'é', 'B', 'a-b', 'a~b'].map((id, i) => ({ id, amount: String(7 - i), uri: `https://x/${id}` })), action: 'paid',
    },
    'a webhook with many bills in no order (past the in-place sort)': {
      bills: Array.from({ length: 40 }, (_, i) => ({ id: `B${(i * 17) % 40}`, amount: String((i * 13) % 7), paid_at: i % 3 === 0 ? null : '2026-01-01T00:00:00Z' })),
    },
    'an array of flat objects with equal values, numbers, booleans and undefined': { o: [{ a: 1, b: true }, { a: 1, b: false, c: undefined }, {}] },
    'an array of objects whose field names contain ] (x and x]y: the general path)': { o: [{ x: '1', 'x]y': '2' }, { 'x]': '3' }] },
    'an array of objects holding an object or an array (the general path)': { o: [{ a: { b: '1' } }, { a: ['2'] }] },
    'an array of an object and a plain value': { o: [{ a: '1' }, 'b'], p: ['c', { d: '2' }] },
    'arrays of plain values, mixed types, with null and undefined': { k: ['b', 1, true, null, undefined, 'a', -0.5] },
    'nested arrays': { m: [['x', 'y'], ['a']] },
    'empty key': { '': 'e', a: { '': 'f' } },
    'an empty key holding an object, at the top and nested': { '': { '': false, b: '1' }, c: { '': { d: '2' } } },
    'keys needing encoding, sorted by their encoding': { 'é': '1', 'z': '2', ' ': '3', '~': '4', 'Z': '5' },
    'the same key list twice with different value types': { a: { b: '1' }, c: null },
  };
  for (const [name, params] of Object.entries(cases)) {
    it(name, () => {
      assert.equal(normalizeParams(params), reference(params));
      assert.equal(normalizeBySorting(params), reference(params));
    });
  }

  it('remembers a key list’s order but checks it: same keys, another shape', () => {
    assert.equal(normalizeParams({ a: '1', c: '2' }), 'a=1&c=2');
    assert.equal(normalizeParams({ a: { x: '1' }, c: ['2', '1'] }), 'a%5Bx%5D=1&c%5B%5D=1&c%5B%5D=2');
    // Keys whose joined form collides with another list's must not share its plan.
    assert.equal(normalizeParams({ 'a\u0001b': '1', c: '2' }), reference({ 'a\u0001b': '1', c: '2' }));
    assert.equal(normalizeParams({ a: '1', 'b\u0001c': '2' }), reference({ a: '1', 'b\u0001c': '2' }));
  });
});

describe('signing: large or many key lists', () => {
  it('signs objects with more keys than are remembered, and long keys, the same as sorting', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`k${(i * 7919) % 1000}`] = String(i);
    const longKeys = { ['x'.repeat(5000)]: '1', ['y'.repeat(5000)]: '2' };
    for (const p of [many, longKeys, { nested: many }]) {
      assert.equal(normalizeParams(p), reference(p));
      assert.equal(normalizeParams(p), reference(p)); // second call: nothing stale was kept
    }
  });
});
