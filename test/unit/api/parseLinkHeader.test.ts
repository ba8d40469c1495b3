import { strict as assert } from 'node:assert';
import { linkQueryNumber, parseLinkHeader } from '../../../src/core/api/parseLinkHeader';

describe('parseLinkHeader', () => {
  it('parses the spec example, spread over two lines', () => {
    const header = '<https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="next",\n'
      + '     <https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="last"';
    const links = parseLinkHeader(header);
    assert.deepEqual([...links.keys()], ['next', 'last']);
    assert.equal(links.get('next'), 'https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10');
    assert.equal(linkQueryNumber(links.get('last'), 'page'), 2);
    assert.equal(linkQueryNumber(links.get('last'), 'per_page'), 10);
  });

  it('reads all four relations, unquoted rel, extra params, several rels in one and repeated headers', () => {
    const links = parseLinkHeader([
      '<https://x.test/b?page=3>; title="a, b; c"; rel=next, <https://x.test/b?page=1>; rel="prev first"',
      '<https://x.test/b?page=9>; REL="Last"',
    ]);
    assert.equal(links.get('next'), 'https://x.test/b?page=3');
    assert.equal(links.get('prev'), 'https://x.test/b?page=1');
    assert.equal(links.get('first'), 'https://x.test/b?page=1');
    assert.equal(links.get('last'), 'https://x.test/b?page=9');
  });

  it('keeps the first link of a relation', () => {
    const links = parseLinkHeader('<https://x.test/?page=2>; rel="next", <https://x.test/?page=5>; rel="next"');
    assert.equal(links.get('next'), 'https://x.test/?page=2');
  });

  it('skips malformed entries and never throws', () => {
    const cases: [string, Record<string, string>][] = [
      ['', {}],
      ['garbage', {}],
      ['https://x.test/?page=2; rel="next"', {}],
      ['<https://x.test/?page=2; rel="next"', {}],
      ['<https://x.test/?page=2>', {}],
      ['<https://x.test/?page=2>; rel=', {}],
      ['<>; rel="next"', {}],
      ['nonsense, <https://x.test/?page=4>; rel="last"', { last: 'https://x.test/?page=4' }],
      ['<https://x.test/?page=2>; rel="next" junk, <https://x.test/?page=4>; rel="last"', { next: 'https://x.test/?page=2', last: 'https://x.test/?page=4' }],
      ['<https://x.test/?page=2>; rel="next', { next: 'https://x.test/?page=2' }],
      [',,, ;;; <<>>', {}],
    ];
    for (const [header, expected] of cases) {
      assert.deepEqual(Object.fromEntries(parseLinkHeader(header)), expected, JSON.stringify(header));
    }
    assert.equal(parseLinkHeader(undefined).size, 0);
  });

  it('linkQueryNumber accepts only positive whole numbers', () => {
    assert.equal(linkQueryNumber('https://x.test/?page=0', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=-1', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=2.5', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=abc', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?per_page=20', 'page'), undefined);
    assert.equal(linkQueryNumber('/relative/bills?page=7', 'page'), 7);
    assert.equal(linkQueryNumber('http://[bad', 'page'), undefined);
    assert.equal(linkQueryNumber(undefined, 'page'), undefined);
  });
});
