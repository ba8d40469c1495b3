import { strict as assert } from 'node:assert';
import type { Bill } from '../../../src/core/api/models';
import { aBill, aUser } from './builders';
import { MERCHANT_ID, useClientFixture } from './clientFixture';
import type { RecordedRequest, Reply } from './fakeGoCardless';

/** Serves `all` the way the spec's Pagination section describes (headers only when page or per_page is given). */
function paginate<T>(all: T[], request: RecordedRequest, base: string): Reply {
  const page = request.query.get('page');
  const perPageParam = request.query.get('per_page');
  if (page === null && perPageParam === null) return { json: all };
  const perPage = Number(perPageParam ?? 100);
  const current = Number(page ?? 1);
  const pages = Math.ceil(all.length / perPage);
  const link = (n: number, rel: string): string => `<${base}?page=${n}&per_page=${perPage}>; rel="${rel}"`;
  const links: Record<string, number> = {};
  const linkHeader: string[] = [];
  if (current < pages) {
    links['next'] = current + 1;
    links['last'] = pages;
    linkHeader.push(link(current + 1, 'next'), link(pages, 'last'));
  }
  if (current > 1) {
    links['previous'] = current - 1;
    links['first'] = 1;
    linkHeader.push(link(current - 1, 'prev'), link(1, 'first'));
  }
  return {
    json: all.slice((current - 1) * perPage, current * perPage),
    headers: {
      'x-pagination': JSON.stringify({ records: all.length, pages, links }),
      // The spec prints Link over two lines; on the wire it is one (undici, per RFC 9112 §5.2, refuses obs-fold).
      ...(linkHeader.length > 0 ? { link: linkHeader.join(', ') } : {}),
    },
  };
}

describe('GoCardlessClient: pagination', () => {
  const f = useClientFixture();
  const bills: Bill[] = Array.from({ length: 25 }, (_, i) => aBill({ id: `BILL${String(i).padStart(3, '0')}` }));
  const billsPath = `/api/v1/merchants/${MERCHANT_ID}/bills`;
  beforeEach(() => {
    f.fake.on('GET', billsPath, (r) => paginate(bills, r, `https://gocardless.com${billsPath}`));
  });

  it('sends page and per_page, and reads Link and X-Pagination into the page', async () => {
    const page = await f.client.listBills({ status: 'pending' }, { page: 2, perPage: 10 });
    assert.equal(f.fake.requests[0]?.url, `${billsPath}?status=pending&page=2&per_page=10`);
    assert.deepEqual(page.records.map((b) => b.id), bills.slice(10, 20).map((b) => b.id));
    assert.deepEqual({ ...page, records: undefined }, {
      records: undefined, page: 2, perPage: 10, paginated: true, totalRecords: 25, totalPages: 3, next: 3, last: 3, previous: 1, first: 1,
    });
  });

  it('the last page has no next', async () => {
    const page = await f.client.listBills({}, { page: 3, perPage: 10 });
    assert.equal(page.records.length, 5);
    assert.equal(page.next, undefined);
    assert.equal(page.previous, 2);
  });

  it('per_page alone asks for page 1', async () => {
    const page = await f.client.listBills(undefined, { perPage: 20 });
    assert.equal(f.fake.requests[0]?.url, `${billsPath}?per_page=20`);
    assert.equal(page.page, 1);
    assert.equal(page.next, 2);
  });

  it('without page parameters the whole list is one complete page', async () => {
    const page = await f.client.listBills();
    assert.equal(page.paginated, false);
    assert.equal(page.records.length, 25);
    assert.equal(page.totalPages, 1);
    assert.equal(page.next, undefined);
  });

  it('the async iterator walks every page, filter kept, one request per page', async () => {
    const seen: string[] = [];
    for await (const bill of f.client.iterateBills({ paid: false }, 10)) seen.push(bill.id);
    assert.deepEqual(seen, bills.map((b) => b.id));
    assert.deepEqual(f.fake.requests.map((r) => r.url), [1, 2, 3].map((n) => `${billsPath}?paid=false&page=${n}&per_page=10`));
  });

  it('the iterator fetches lazily: breaking early stops requesting', async () => {
    let count = 0;
    for await (const _bill of f.client.iterateBills(undefined, 10)) {
      if (++count === 3) break;
    }
    assert.equal(f.fake.requests.length, 1);
  });

  it('the iterator follows Link alone when X-Pagination is missing', async () => {
    const users = Array.from({ length: 5 }, (_, i) => aUser({ id: `U${i}` }));
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/users`, (r) => {
      const reply = paginate(users, r, 'https://gocardless.com/users');
      if (typeof reply === 'object') delete reply.headers?.['x-pagination'];
      return reply;
    });
    const ids: string[] = [];
    for await (const user of f.client.iterateUsers(undefined, 2)) ids.push(user.id);
    assert.deepEqual(ids, ['U0', 'U1', 'U2', 'U3', 'U4']);
    assert.equal(f.fake.requests.length, 3);
  });

  it('the iterator stops when a server\'s next does not move forward', async () => {
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/payouts`, () => ({
      json: [], headers: { 'x-pagination': '{"records":10,"pages":2,"links":{"next":1}}' },
    }));
    const all = [];
    for await (const payout of f.client.iteratePayouts()) all.push(payout);
    assert.equal(all.length, 0);
    assert.equal(f.fake.requests.length, 1);
  });
});
