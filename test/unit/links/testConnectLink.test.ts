import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signParams, type SignableParams } from '../../../src/core/signing';
import { CONNECT_REJECTIONS, queryToParams, testConnectLink } from '../../../src/core/links/testConnectLink';
import { normalizeParams } from '../../../src/core/signing';

const SECRET = 'test-app-secret';

/** A link's query from nested params, signed with `secret` (flattened the way the spec normalizes). */
function linkQuery(params: SignableParams, secret = SECRET): string {
  const { normalized, signature } = signParams(params, secret);
  return `${normalized}&signature=${signature}`;
}

function subscriptionParams(): SignableParams {
  return {
    client_id: 'APP1', nonce: 'n0nce+/=', timestamp: '2030-01-01T08:00:00Z',
    subscription: { amount: '10.00', interval_length: 1, interval_unit: 'month', merchant_id: 'M1', name: 'Gold <plan>' },
  };
}

function page(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

describe('testConnectLink', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/ok': return page(res, 200, '<h1>Pay £10.00</h1>');
        case '/header': return page(res, 400, '<p>Something</p>', { 'x-gocardless-error': 'Signature is invalid' });
        case '/meta': return page(res, 400, '<meta content="Merchant not found with the ID provided" name="gocardless-error"><p>error</p>');
        case '/text': return page(res, 400, '<html><body><h1>400 error</h1><p>Timestamp has expired</p></body></html>');
        case '/nonce': return page(res, 400, '', { 'x-gocardless-error': 'Nonce has already been used' });
        case '/redirect': res.writeHead(302, { location: 'https://example.test/login' }); return res.end();
        case '/plain500': return page(res, 500, 'oops');
        case '/ok-but-error': return page(res, 200, '<meta name="gocardless-error" content="Client is invalid">');
        default: return page(res, 404, 'no');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('reports a 200 payment page as accepted', async () => {
    const r = await testConnectLink({ url: `${base}/ok?${linkQuery(subscriptionParams())}` });
    assert.equal(r.outcome, 'accepted');
    assert.equal(r.status, 200);
    assert.equal(r.cause, null);
  });

  it('reads the machine-readable header, and diagnoses a bad signature with the secret', async () => {
    const params = subscriptionParams();
    const r = await testConnectLink({ url: `${base}/header?${linkQuery(params, 'another-secret')}`, appSecret: SECRET });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.message, 'Signature is invalid');
    assert.equal(r.cause, 'signature');
    assert.ok(r.diagnosis);
    assert.equal(r.diagnosis.verdict, 'unexplained');
    assert.equal(r.diagnosis.expectedNormalized, normalizeParams(params));
    assert.equal(r.diagnosis.expectedSignature, signParams(params, SECRET).signature);
    assert.ok(!JSON.stringify(r).includes(SECRET), 'the secret never appears in the result');
  });

  it('reads an upper-case signature as the same hex digest, and says it was upper case', async () => {
    const params = subscriptionParams();
    const { normalized, signature } = signParams(params, SECRET);
    const r = await testConnectLink({ url: `${base}/header?${normalized}&signature=${signature.toUpperCase()}`, appSecret: SECRET });
    assert.equal(r.diagnosis?.verdict, 'valid');
    assert.match(r.diagnosis?.reason ?? '', /upper-case hex/);
  });

  it('gives no diagnosis without the secret', async () => {
    const r = await testConnectLink({ url: `${base}/header?${linkQuery(subscriptionParams())}` });
    assert.equal(r.cause, 'signature');
    assert.equal(r.diagnosis, null);
  });

  it('reads the <meta name="gocardless-error"> tag in either attribute order', async () => {
    const r = await testConnectLink({ url: `${base}/meta?x=1` });
    assert.equal(r.cause, 'merchant');
    assert.equal(r.message, 'Merchant not found with the ID provided');
  });

  it('finds the exact message in the page text, and says how old the timestamp is', async () => {
    const now = Date.parse('2030-01-01T12:30:00Z');
    const r = await testConnectLink({ url: `${base}/text?${linkQuery(subscriptionParams())}`, now: () => now });
    assert.equal(r.cause, 'timestamp');
    assert.equal(r.status, 400);
    assert.match(r.advice, /is 4 h 30 min old/);
  });

  it('classifies every message of the troubleshooting guide', async () => {
    for (const rejection of CONNECT_REJECTIONS) {
      const local = createServer((_req, res) => page(res, 400, `<p>${rejection.message}</p>`));
      await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
      try {
        const r = await testConnectLink({ url: `http://127.0.0.1:${(local.address() as AddressInfo).port}/connect/bills/new` });
        assert.equal(r.cause, rejection.cause, rejection.message);
      } finally {
        await new Promise<void>((r) => local.close(() => r()));
      }
    }
  });

  it('recognizes a replayed nonce', async () => {
    const r = await testConnectLink({ url: `${base}/nonce` });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.cause, 'nonce');
  });

  it('a machine-readable error wins over a 200 status', async () => {
    const r = await testConnectLink({ url: `${base}/ok-but-error` });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.cause, 'client');
  });

  it('calls redirects and other statuses unexpected, naming them', async () => {
    const r = await testConnectLink({ url: `${base}/redirect` });
    assert.equal(r.outcome, 'unexpected');
    assert.match(r.message, /302: redirected to https:\/\/example\.test\/login/);
    const r500 = await testConnectLink({ url: `${base}/plain500` });
    assert.equal(r500.outcome, 'unexpected');
    assert.equal(r500.status, 500);
  });

  it('says unreachable when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await testConnectLink({ url: `http://127.0.0.1:${port}/connect/bills/new` });
    assert.equal(r.outcome, 'unreachable');
    assert.equal(r.status, null);
    assert.match(r.message, /ECONNREFUSED/);
  });

  it('refuses non-http URLs without a request', async () => {
    const r = await testConnectLink({ url: 'javascript:alert(1)' });
    assert.equal(r.outcome, 'unexpected');
  });

  it('reads nested query keys back into the signed params', () => {
    const params = subscriptionParams();
    const q = new URLSearchParams(normalizeParams(params));
    assert.equal(normalizeParams(queryToParams(q)), normalizeParams(params));
    // JSON round trip: the objects have no prototype (issue 16), which deepEqual would otherwise compare.
    assert.deepEqual(JSON.parse(JSON.stringify(queryToParams(new URLSearchParams('a[]=1&a[]=2&b[c][d]=x')))), { a: ['1', '2'], b: { c: { d: 'x' } } });
  });
});
