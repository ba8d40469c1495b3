import { strict as assert } from 'node:assert';
import { pageFromResponse } from '../../../src/core/api/Page';
import { pageRequest } from '../../../src/core/api/pageRequest';
import { ValidationError } from '../../../src/core/validation/ValidationError';

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

  it('paginated as soon as page or per_page alone was asked for', () => {
    // Spec, Pagination: "To enable pagination, simply include either of these query string parameters in a request."
    // "If pagination is enabled, but page is not provided, it will default to 1 (the first page). per_page defaults to 100."
    assert.deepEqual(pageFromResponse([1], {}, { page: 2 }), { records: [1], page: 2, perPage: 100, paginated: true });
    assert.deepEqual(pageFromResponse([1], {}, { perPage: 5 }), { records: [1], page: 1, perPage: 5, paginated: true });
  });

  it('takes per_page from whichever link there is, and page numbers from Link alone; no total without X-Pagination', () => {
    // Spec, Pagination: "Paginated responses include extra headers, Link and X-Pagination, which indicate the total number
    // of records and pages, and link to neighbouring pages."
    for (const rel of ['next', 'last', 'prev', 'previous', 'first']) {
      const page = pageFromResponse(['a'], { link: `<https://x.test/bills?page=2&per_page=7>; rel="${rel}"` }, { page: 3 });
      const number = rel === 'prev' ? 'previous' : rel;
      assert.deepEqual(page, { records: ['a'], page: 3, perPage: 7, paginated: true, [number]: 2 }, rel);
    }
  });
});

describe('pageRequest', () => {
  it('refuses a page or per_page that is not a whole number from 1, naming the query parameter', () => {
    assert.throws(() => pageRequest({ page: 0, perPage: 0 }), (e: unknown) => e instanceof ValidationError && e.issues.map((i) => i.field).join() === 'page,per_page');
    assert.throws(() => pageRequest({ perPage: 2.5 }), (e: unknown) => e instanceof ValidationError && e.message === 'per_page must be a whole number, 1 or more');
    assert.deepEqual(pageRequest({ page: 1, perPage: 1 }), { page: 1, perPage: 1 });
  });
});
