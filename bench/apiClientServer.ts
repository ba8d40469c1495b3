/**
 * The server side of bench/apiClient.bench.ts, in its own process so it does not share an event
 * loop with the clients measured: N bills in pre-serialized pages, with the spec's pagination
 * headers, and one bill at /api/v1/bills/:id. Prints its URL on stdout, exits when stdin closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aBill } from '../test/unit/api/builders';

const total = Number(process.argv[2] ?? 10_000);
const merchant = '06Z06JWQW1';
const bills = Array.from({ length: total }, (_, i) => aBill({ id: `BILL${String(i).padStart(8, '0')}`, amount: `${(i % 500) + 1}.00` }));
const pages = new Map<string, { body: string; pagination: string; link: string }>();
const one = JSON.stringify(bills[0]);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/api/v1/bills/')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(one);
    return;
  }
  const page = Number(url.searchParams.get('page') ?? 1);
  const perPage = Number(url.searchParams.get('per_page') ?? 100);
  const key = `${page}/${perPage}`;
  let cached = pages.get(key);
  if (cached === undefined) {
    const count = Math.ceil(total / perPage);
    const links: Record<string, number> = page < count ? { next: page + 1, last: count } : {};
    const base = `http://127.0.0.1/api/v1/merchants/${merchant}/bills`;
    cached = {
      body: JSON.stringify(bills.slice((page - 1) * perPage, page * perPage)),
      pagination: JSON.stringify({ records: total, pages: count, links }),
      link: page < count ? `<${base}?page=${page + 1}&per_page=${perPage}>; rel="next", <${base}?page=${count}&per_page=${perPage}>; rel="last"` : '',
    };
    pages.set(key, cached);
  }
  res.writeHead(200, { 'content-type': 'application/json', 'x-pagination': cached.pagination, ...(cached.link ? { link: cached.link } : {}) });
  res.end(cached.body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => server.close());
process.stdin.resume();
