import { strict as assert } from 'node:assert';
import { queryPairs, unflattenPairs } from '../../../src/core/links';

/** Null-prototype trees (issue 16) compared as plain JSON. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe('links: queryPairs and unflattenPairs (issue 21)', () => {
  it('splits a query into decoded pairs in order, with or without its ?', () => {
    assert.deepEqual(queryPairs('?a=1&b=x%20y'), [['a', '1'], ['b', 'x y']]);
    assert.deepEqual(queryPairs('a=1&b=x%20y'), [['a', '1'], ['b', 'x y']]);
    assert.deepEqual(queryPairs('?'), []);
    assert.deepEqual(queryPairs(''), []);
  });

  it('skips empty parts, reads a key without = as an empty value, and an empty key before =', () => {
    assert.deepEqual(queryPairs('a=1&&b'), [['a', '1'], ['b', '']]);
    assert.deepEqual(queryPairs('=x&c=d=e'), [['', 'x'], ['c', 'd=e']]);
  });

  it('reads every + as a space, as Rack does, and keeps a malformed escape literally', () => {
    assert.deepEqual(queryPairs('name=my+first+payment&k%2Bey=%2B'), [['name', 'my first payment'], ['k+ey', '+']]);
    assert.deepEqual(queryPairs('a=100%&b=%E0%A4%A&c+d=%zz+x'), [['a', '100%'], ['b', '%E0%A4%A'], ['c d', '%zz x']]);
  });

  it('rebuilds nested params: hashes merge, a[]= lists, and a[][k] starts a new member when k repeats (Rack’s rule)', () => {
    assert.deepEqual(plain(unflattenPairs([['bill[amount]', '10'], ['bill[user][email]', 'a@b.co'], ['bill[user][first_name]', 'Zoë'], ['x', '1']])),
      { bill: { amount: '10', user: { email: 'a@b.co', first_name: 'Zoë' } }, x: '1' });
    assert.deepEqual(plain(unflattenPairs([['a[]', '1'], ['a[]', '2']])), { a: ['1', '2'] });
    assert.deepEqual(plain(unflattenPairs([['a[][b]', '1'], ['a[][c]', '2'], ['a[][b]', '3']])), { a: [{ b: '1', c: '2' }, { b: '3' }] });
  });

  it('a key that is not in bracket form is kept whole; a later plain value replaces a hash', () => {
    assert.deepEqual(plain(unflattenPairs([['a[b', '1'], ['c]', '2']])), { 'a[b': '1', 'c]': '2' });
    // The empty key too (`=x`, read as ['', 'x'] above): flattenParams writes { '': 'x' } as that pair, so a signer signed it.
    assert.deepEqual(plain(unflattenPairs([['', 'x'], ['b', '1']])), { '': 'x', b: '1' });
    assert.deepEqual(plain(unflattenPairs([['a[b]', '1'], ['a', '2']])), { a: '2' });
    assert.deepEqual(plain(unflattenPairs([['a', '2'], ['a[b]', '1']])), { a: { b: '1' } });
  });
});
