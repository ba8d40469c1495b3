import { strict as assert } from 'node:assert';
import { parsePaginationHeader } from '../../../src/core/api/parsePaginationHeader';

describe('parsePaginationHeader', () => {
  it('parses the spec example', () => {
    assert.deepEqual(parsePaginationHeader('{"records":15,"pages":2,"links":{"next":2,"last":2}}'), {
      records: 15, pages: 2, links: { next: 2, last: 2 },
    });
  });

  it('reads previous (or prev) and first, and numeric strings', () => {
    assert.deepEqual(parsePaginationHeader('{"records":"30","pages":3,"links":{"prev":1,"first":1,"next":3,"last":3}}'), {
      records: 30, pages: 3, links: { previous: 1, first: 1, next: 3, last: 3 },
    });
    assert.deepEqual(parsePaginationHeader('{"records":0,"pages":0,"links":{"previous":4}}'), {
      records: 0, pages: 0, links: { previous: 4 },
    });
  });

  it('returns undefined for a missing or non-object header', () => {
    for (const header of [undefined, '', 'not json', '[1,2]', '"text"', 'null', '42', '{"records":']) {
      assert.equal(parsePaginationHeader(header), undefined, String(header));
    }
  });

  it('drops fields that are not whole numbers in range', () => {
    assert.deepEqual(
      parsePaginationHeader('{"records":-1,"pages":1.5,"links":{"next":0,"last":"x","first":null,"previous":true}}'),
      { links: {} },
    );
    assert.deepEqual(parsePaginationHeader('{"records":3,"links":[2]}'), { records: 3, links: {} });
    assert.deepEqual(parsePaginationHeader('{"records":1e400}'), { links: {} });
    // A numeric string is read only when it is all digits.
    assert.deepEqual(parsePaginationHeader('{"records":"1e3","pages":" 2","links":{"next":"3x"}}'), { links: {} });
  });

  it('takes the first of repeated headers', () => {
    assert.deepEqual(parsePaginationHeader(['{"pages":1}', '{"pages":9}']), { pages: 1, links: {} });
  });
});
