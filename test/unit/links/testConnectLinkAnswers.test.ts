import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPool, type Dispatcher } from '../../../src/core/api/undici';
import { CONNECT_REJECTIONS, queryToParams, testConnectLink } from '../../../src/core/links/testConnectLink';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A clock that answers these instants in turn, then the last one. */
function clock(...instants: number[]): () => number {
  let i = 0;
  return () => instants[Math.min(i++, instants.length - 1)]!;
}

describe('testConnectLink answers (issue 21)', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, res) => res.end();
  let seen: IncomingMessage | undefined;
  const pools: Dispatcher[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen = req;
      handler(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    server.closeAllConnections();
  });
  after(async () => {
    server.close();
    await once(server, 'close');
  });

  const answer = (status: number, body: string, headers: Record<string, string | string[]> = {}): void => {
    handler = (_req, res) => res.writeHead(status, { 'content-type': 'text/html', ...headers }).end(body);
  };

  it('refuses what is not an http(s) URL, with what to paste instead', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/connect/bills/new']) {
      const r = await testConnectLink({ url, now: clock(1000, 1007) });
      assert.deepEqual(r, {
        diagnosis: null, outcome: 'unexpected', status: null, cause: null, message: 'Not an http(s) URL',
        advice: 'Paste the full payment link, starting with https://.', elapsedMs: 7,
      }, url);
    }
  });

  it('an accepted link: GETs it as a browser would, says the nonce is now used and how to pay in the sandbox', async () => {
    answer(204, '');
    const r = await testConnectLink({ url: `${base}/connect/bills/new?x=1`, now: clock(1000, 1250) });
    assert.equal(seen?.method, 'GET');
    assert.equal(seen?.url, '/connect/bills/new?x=1');
    assert.equal(seen?.headers.accept, 'text/html,application/xhtml+xml');
    assert.equal(r.outcome, 'accepted');
    assert.equal(r.status, 204);
    assert.equal(r.message, 'The payment page accepted the link.');
    // The spec: "The nonce is stored for a period of 3 hours"; sandbox bank details "Account number : 55779911", "Sort code : 20-00-00".
    assert.equal(r.advice, 'Opening it used its nonce (each nonce works once within 3 hours), so give the customer a freshly built link. In a sandbox, pay with account number 55779911 and sort code 20-00-00.');
    assert.equal(r.elapsedMs, 250);
    assert.equal((await testConnectLink({ url: `${base}/`, now: clock(1000, 900) })).elapsedMs, 0, 'a clock that steps back gives 0, not a negative time');
  });

  it('a 300 without a location, or a 400 with no known message, is unexpected and says its status', async () => {
    answer(300, '');
    const r = await testConnectLink({ url: `${base}/` });
    assert.equal(r.outcome, 'unexpected');
    assert.equal(r.message, 'HTTP 300 without a known payment page error');
    assert.equal(r.advice, 'Is this a Connect link (…/connect/bills|subscriptions|pre_authorizations/new)?');
    assert.equal(r.diagnosis, null);
    answer(400, 'nope', { location: 'https://example.test/' });
    assert.equal((await testConnectLink({ url: `${base}/` })).message, 'HTTP 400 without a known payment page error');
  });

  it('a redirect names at most 300 characters of where it goes', async () => {
    const far = `https://example.test/${'p'.repeat(400)}`;
    answer(302, '', { location: far });
    assert.equal((await testConnectLink({ url: `${base}/` })).message, `HTTP 302: redirected to ${far.slice(0, 300)}`);
    answer(300, '', { location: 'https://example.test/choose' });
    assert.equal((await testConnectLink({ url: `${base}/` })).message, 'HTTP 300: redirected to https://example.test/choose');
  });

  it('reads the first x-gocardless-error header; an empty one is no error', async () => {
    answer(400, '', { 'x-gocardless-error': ['Client is invalid', 'Timestamp has expired'] });
    const r = await testConnectLink({ url: `${base}/`, appSecret: 'S' });
    assert.equal(r.cause, 'client');
    assert.equal(r.message, 'Client is invalid');
    assert.equal(r.advice, CONNECT_REJECTIONS.find((c) => c.cause === 'client')!.advice);
    assert.equal(r.diagnosis, null, 'only a signature rejection is diagnosed, even with the secret');
    answer(200, '<p>ok</p>', { 'x-gocardless-error': '' });
    assert.equal((await testConnectLink({ url: `${base}/` })).outcome, 'accepted');
  });

  it('reads the meta tag named gocardless-error only, in single quotes too, decoding its entities', async () => {
    answer(200, `<meta name="viewport" content="Client is invalid"><META NAME='GoCardless-Error'><meta name='gocardless-error' content='Bad &amp; &lt;worse&gt; &quot;x&quot; &#39;y&apos; &#x41;&#66; &#x110000;'>`);
    const r = await testConnectLink({ url: `${base}/` });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.cause, 'unknown');
    assert.equal(r.message, `Bad & <worse> "x" 'y' AB &#x110000;`);
    assert.equal(r.advice, 'The payment page refused the link; read the message.');
  });

  it('finds the name and content attributes as whole words, with spaces around =, and the highest code point', async () => {
    answer(400, `<meta itemname="gocardless-error" content="Client is invalid"><meta xcontent="Client is invalid" name = "gocardless-error" content = "Odd &#x10FFFF;">`);
    const r = await testConnectLink({ url: `${base}/` });
    assert.equal(r.cause, 'unknown');
    assert.equal(r.message, 'Odd \u{10FFFF}');
  });

  it('a signature rejection diagnosed with the secret shows the signature the link carried, or null when it had none', async () => {
    answer(400, '', { 'x-gocardless-error': 'Signature is invalid' });
    const carried = await testConnectLink({ url: `${base}/?client_id=C&nonce=n&signature=abc123`, appSecret: 'S' });
    assert.equal(carried.diagnosis?.receivedSignature, 'abc123');
    const none = await testConnectLink({ url: `${base}/?client_id=C&nonce=n`, appSecret: 'S' });
    assert.ok(none.diagnosis);
    assert.equal(none.diagnosis.receivedSignature, null);
  });

  it('reads a single-quoted content with spaces around =', async () => {
    answer(400, `<meta name='gocardless-error' content = 'Spaced out'>`);
    assert.equal((await testConnectLink({ url: `${base}/` })).message, 'Spaced out');
  });

  it('adds the link\'s age only to a timestamp rejection, not to another one on a link that has a timestamp', async () => {
    answer(400, '', { 'x-gocardless-error': 'Something else went wrong' });
    const r = await testConnectLink({ url: `${base}/?timestamp=2026-01-01T00:00:00Z`, now: () => Date.parse('2026-01-01T05:00:00Z') });
    assert.equal(r.cause, 'unknown');
    assert.equal(r.advice, 'The payment page refused the link; read the message.');
  });

  it('a message about the nonce, in any case, is a replayed nonce', async () => {
    answer(400, '', { 'x-gocardless-error': 'NONCE already used' });
    const r = await testConnectLink({ url: `${base}/` });
    assert.equal(r.cause, 'nonce');
    assert.equal(r.message, 'NONCE already used');
    assert.equal(r.advice, 'Each nonce may be used once within 3 hours: build a fresh link for every customer.');
  });

  it('an expired link: its age at the edge (0 min), rounded to the minute, in the future, or unknown', async () => {
    answer(400, '<p>Timestamp has expired</p>');
    const advice = CONNECT_REJECTIONS.find((c) => c.cause === 'timestamp')!.advice;
    const at = Date.parse('2030-01-01T08:00:00Z');
    const age = async (query: string, now: number): Promise<string> => (await testConnectLink({ url: `${base}/?${query}`, now: () => now })).advice;
    assert.equal(await age('timestamp=2030-01-01T08:00:00Z', at), `${advice} This link's timestamp (2030-01-01T08:00:00Z) is 0 h 0 min old.`);
    assert.equal(await age('timestamp=2030-01-01T08:00:00Z', at + 59.6 * 60_000), `${advice} This link's timestamp (2030-01-01T08:00:00Z) is 1 h 0 min old.`);
    assert.equal(await age('timestamp=2030-01-01T08:00:00Z', at - 31 * 60_000), `${advice} This link's timestamp (2030-01-01T08:00:00Z) is in the future: check this machine's clock.`);
    assert.equal(await age('x=1', at), advice);
    assert.equal(await age('timestamp=soon', at), advice);
  });

  it('reads at most 512 KiB of a page: an error beyond it is not seen', async () => {
    answer(200, `${'x'.repeat(2 * 1024 * 1024)}<meta name="gocardless-error" content="Client is invalid">`);
    assert.equal((await testConnectLink({ url: `${base}/` })).outcome, 'accepted');
    answer(200, `${'x'.repeat(400 * 1024)}<meta name="gocardless-error" content="Client is invalid">`);
    assert.equal((await testConnectLink({ url: `${base}/` })).cause, 'client');
  });

  it('uses the given dispatcher', async () => {
    answer(200, '<p>ok</p>');
    const pool = createPool(base);
    pools.push(pool);
    // confirm.invalid does not resolve: only the pool reaches the server.
    assert.equal((await testConnectLink({ url: 'http://confirm.invalid/connect/bills/new', dispatcher: pool })).outcome, 'accepted');
  });

  it('unreachable: names the host and the code (or its cause’s), and says what to check for a local or a remote host', async () => {
    handler = () => undefined; // never answers
    const slow = await testConnectLink({ url: `${base}/`, timeoutMs: 100 });
    assert.equal(slow.outcome, 'unreachable');
    assert.equal(slow.message, `Could not reach ${new URL(base).host} (UND_ERR_HEADERS_TIMEOUT)`);
    assert.equal(slow.advice, 'Is the local sandbox running? Start it from the GoCardless view.');

    const failing = (reason: unknown): Dispatcher => ({ request: () => Promise.reject(reason) }) as unknown as Dispatcher;
    const remote = await testConnectLink({ url: 'https://gocardless.com/connect/bills/new', dispatcher: failing(new Error('no route')) });
    assert.equal(remote.message, 'Could not reach gocardless.com');
    assert.equal(remote.advice, 'Check the network connection; this machine may have no access to GoCardless.');
    const nested = await testConnectLink({ url: 'http://localhost:1/', dispatcher: failing(Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } })) });
    assert.equal(nested.message, 'Could not reach localhost:1 (ENOTFOUND)');
    // Whatever a dispatcher rejects with, even null, undefined or a string, is reported, not thrown.
    for (const reason of [null, undefined, 'text', 42]) {
      const odd = await testConnectLink({ url: 'https://gocardless.com/connect/bills/new', dispatcher: failing(reason) });
      assert.equal(odd.outcome, 'unreachable', String(reason));
      assert.equal(odd.message, 'Could not reach gocardless.com');
    }
    assert.equal(nested.advice, 'Is the local sandbox running? Start it from the GoCardless view.');
  });
});

describe('queryToParams (issue 21)', () => {
  it('rebuilds nested hashes and lists of hashes, and keeps a key not in bracket form as it is', () => {
    const params = queryToParams(new URLSearchParams('a[][b]=1&a[][b]=2&x]y=3&bill[user][name]=Ann&c[]=4&c[]=5'));
    assert.deepEqual(JSON.parse(JSON.stringify(params)), {
      a: [{ b: '1' }, { b: '2' }], 'x]y': '3', bill: { user: { name: 'Ann' } }, c: ['4', '5'],
    });
  });

  it('rebuilds a list of lists (a[][]=), and keeps the empty key of `=x` as the signer\'s params had it', () => {
    // flattenParams writes { a: [['1'], ['2']] } as a[][]=1&a[][]=2, and { '': 'x' } as =x.
    const params = queryToParams(new URLSearchParams('a[][]=1&a[][]=2&=x'));
    assert.deepEqual(JSON.parse(JSON.stringify(params)), { a: [['1'], ['2']], '': 'x' });
  });

  it('drops __proto__, bare or inside brackets, and sets nothing on Object.prototype', () => {
    const params = queryToParams(new URLSearchParams('__proto__=x&a[__proto__][polluted]=1&b=2'));
    assert.deepEqual(JSON.parse(JSON.stringify(params)), { b: '2' });
    assert.equal(Object.keys(params).includes('__proto__'), false);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
