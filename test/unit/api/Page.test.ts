import { strict as assert } from 'node:assert';
import { pageFromResponse } from '../../../src/core/api/Page';

describe('pageFromResponse', () => {
  it('treats a response without pagination headers as one complete page', () => {
    assert.deepEqual(pageFromResponse(['a', 'b'], {}, {}), {
      records: ['a', 'b'], page: 1, perPage: 2, paginated: false, totalRecords: 2, totalPages: 1,
    });
  });

  it('combines X-Pagination and Link; X-Pagination wins where both speak', () => {
    const page = pageFromResponse(['a'], {
      'x-pagination': '{"records":15,"pages":2,"links":{"next":2,"last":2}}',
      link: '<https://x.test/bills?page=2&per_page=10>; rel="next", <https://x.test/bills?page=1&per_page=10>; rel="first"',
    }, { page: 1 });
    assert.deepEqual(page, {
      records: ['a'], page: 1, perPage: 10, paginated: true, totalRecords: 15, totalPages: 2, next: 2, last: 2, first: 1,
    });
  });

  it('falls back on Link when X-Pagination is malformed', () => {
    const page = pageFromResponse([], {
      'x-pagination': '{oops',
      link: '<https://x.test/bills?page=4&per_page=5>; rel="next", <https://x.test/bills?page=2&per_page=5>; rel="prev"',
    }, { page: 3, perPage: 5 });
    assert.equal(page.next, 4);
    assert.equal(page.previous, 2);
    assert.equal(page.totalPages, undefined);
    assert.equal(page.page, 3);
  });

  it('knows only the requested page when the server ignored pagination parameters', () => {
    assert.deepEqual(pageFromResponse([1], {}, { page: 2, perPage: 10 }), { records: [1], page: 2, perPage: 10, paginated: true });
  });
});
