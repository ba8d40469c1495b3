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

  describe('edge cases of the grammar (RFC 8288 §3: link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param ))', () => {
    const parse = (header: string): Record<string, string> => Object.fromEntries(parseLinkHeader(header));

    it('returns exactly the relations named by rel, not the values of other parameters', () => {
      assert.deepEqual(parse('<https://x.test/b?page=3>; title="a, b; c"; rel=next'), { next: 'https://x.test/b?page=3' });
      assert.deepEqual(parse('<https://x.test/b?page=3>; title="next"'), {});
    });

    it('trims spaces inside the angle brackets', () => {
      assert.deepEqual(parse('< https://x.test/?page=2 >; rel="next"'), { next: 'https://x.test/?page=2' });
    });

    it('reads a backslash-escaped quote inside a quoted value', () => {
      assert.deepEqual(parse('<https://x.test/?page=2>; title="say \\"hi\\""; rel="next"'), { next: 'https://x.test/?page=2' });
      assert.deepEqual(parse('<https://x.test/?page=2>; rel="n\\ext"'), { next: 'https://x.test/?page=2' });
    });

    it('reads a parameter without a value, or with an unquoted one, and goes on to the next', () => {
      assert.deepEqual(parse('<https://x.test/?page=2>; crossorigin; rel="next"'), { next: 'https://x.test/?page=2' });
      assert.deepEqual(parse('<https://x.test/?page=2>; title=x; rel="next"'), { next: 'https://x.test/?page=2' });
      assert.deepEqual(parse('<https://x.test/?page=2>; =x; rel="next"'), { next: 'https://x.test/?page=2' });
    });

    it('a parameter not introduced by ";" ends the entry', () => {
      assert.deepEqual(parse('<https://x.test/?page=2> xrel="next"'), {});
    });

    it('when skipping a malformed entry, a comma inside quotes (escaped quotes included) does not end it', () => {
      assert.deepEqual(parse('<https://x.test/?page=2>; rel="next" junk "x, <https://evil.test/>; rel=last", <https://x.test/?page=4>; rel="last"'),
        { next: 'https://x.test/?page=2', last: 'https://x.test/?page=4' });
      assert.deepEqual(parse('<https://x.test/?page=2>; rel="next" junk "a\\", <https://evil.test/>; rel=last", <https://x.test/?page=4>; rel="last"'),
        { next: 'https://x.test/?page=2', last: 'https://x.test/?page=4' });
    });

    it('a malformed entry is skipped whole, up to its comma: a link inside it is not read', () => {
      assert.deepEqual(parse('<https://x.test/?page=2>; rel="next" junk <https://evil.test/>; rel="last", <https://x.test/?page=4>; rel="last"'),
        { next: 'https://x.test/?page=2', last: 'https://x.test/?page=4' });
    });

    it('an unclosed "<" after a skipped entry ends the parse', () => {
      assert.deepEqual(parse('junk, <https://x.test/?page=2; rel="next"'), {});
    });
  });

  it('linkQueryNumber accepts only positive whole numbers', () => {
    assert.equal(linkQueryNumber('https://x.test/?page=0', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=-1', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=2.5', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=abc', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=1e3', 'page'), undefined);
    assert.equal(linkQueryNumber('https://x.test/?page=+7', 'page'), undefined, 'a space before the digits');
    assert.equal(linkQueryNumber('https://x.test/?per_page=20', 'page'), undefined);
    assert.equal(linkQueryNumber('/relative/bills?page=7', 'page'), 7);
    assert.equal(linkQueryNumber('http://[bad', 'page'), undefined);
    assert.equal(linkQueryNumber(undefined, 'page'), undefined);
  });
});
