import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../src/core/api/ApiError';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { TimeoutError } from '../../../src/core/api/TimeoutError';
import { confirmResource, parseRedirectUrl, RedirectParseError, verifyRedirect } from '../../../src/core/links';
import { signParams } from '../../../src/core/signing';
import { APP_SECRET, redirectUrl } from './builders';

describe('links: redirects', () => {
  it('parses the four fields and ignores the merchant’s own params', () => {
    const r = parseRedirectUrl(redirectUrl({ state: 'id_9SX5G36' }));
    assert.deepEqual({ ...r, signature: undefined }, {
      resource_id: 'VZUG2SC3PRT5EM', resource_type: 'subscription',
      resource_uri: 'https://sandbox.gocardless.com/api/v1/subscriptions/VZUG2SC3PRT5EM', state: 'id_9SX5G36', signature: undefined,
    });
    assert.match(r.signature, /^[0-9a-f]{64}$/);
  });

  it('verifies over resource_id, resource_type, resource_uri and state only', () => {
    const withState = verifyRedirect(redirectUrl({ state: 'id 9+x' }), APP_SECRET);
    assert.equal(withState.valid, true);
    assert.equal(withState.resource.state, 'id 9+x');
    const withoutState = verifyRedirect(redirectUrl({ resource_type: 'bill', resource_id: 'B1', resource_uri: 'https://gocardless.com/api/v1/bills/B1' }), APP_SECRET);
    assert.equal(withoutState.valid, true);
    assert.equal(withoutState.resource.state, undefined);
    assert.equal(withoutState.diagnosis.expected.normalized, 'resource_id=B1&resource_type=bill&resource_uri=https%3A%2F%2Fgocardless.com%2Fapi%2Fv1%2Fbills%2FB1');
  });

  it('accepts a bare query string or params already read by a framework', () => {
    const url = new URL(redirectUrl());
    assert.equal(verifyRedirect(url.search, APP_SECRET).valid, true);
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    assert.equal(verifyRedirect(query, APP_SECRET).valid, true);
    // A signed key given twice is refused (issue 16): which one a framework hands the app differs.
    assert.throws(() => verifyRedirect({ ...query, resource_id: ['X', query['resource_id']!] }, APP_SECRET), /resource_id appears more than once/);
  });

  it('detects tampering, a wrong secret, and a signer that dropped state', () => {
    const tampered = redirectUrl().replace('VZUG2SC3PRT5EM&', 'OTHER&');
    const t = verifyRedirect(tampered, APP_SECRET);
    assert.equal(t.valid, false);
    assert.equal(t.diagnosis.verdict, 'unexplained');
    assert.equal(verifyRedirect(redirectUrl(), 'wrong-secret').valid, false);

    const fields = { resource_id: 'R', resource_type: 'bill', resource_uri: 'https://x/api/v1/bills/R' };
    const sigWithoutState = signParams(fields, APP_SECRET).signature;
    const q = new URLSearchParams({ ...fields, state: 's', signature: sigWithoutState });
    assert.equal(verifyRedirect(q.toString(), APP_SECRET).valid, false);
  });

  it('names the missing or impossible field', () => {
    for (const key of ['resource_id', 'resource_type', 'resource_uri', 'signature']) {
      const url = new URL(redirectUrl());
      url.searchParams.delete(key);
      assert.throws(() => parseRedirectUrl(url.href), (e: unknown) => e instanceof RedirectParseError && e.field === key);
    }
    assert.throws(() => parseRedirectUrl(redirectUrl({ resource_type: 'payout' })), (e: unknown) => e instanceof RedirectParseError && e.field === 'resource_type');
  });
});

interface Seen { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: string }

async function startServer(handler: (req: IncomingMessage, body: string, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; baseUrl: string; seen: Seen }> {
  const seen: Seen = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('links: confirmResource (POST /api/v1/confirm over loopback HTTP)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      server = undefined;
    }
  });

  it('posts resource_id and resource_type as JSON with HTTP Basic app_id:app_secret', async () => {
    const s = await startServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
    server = s.server;
    const result = await confirmResource({ baseUrl: s.baseUrl + '/', appId: 'Aladdin', appSecret: 'open sesame', resourceId: '1234ABCD', resourceType: 'bill' });
    assert.deepEqual(result, { status: 200, success: true, body: { success: true } });
    assert.equal(s.seen.method, 'POST');
    assert.equal(s.seen.url, '/api/v1/confirm');
    assert.equal(s.seen.headers?.authorization, 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='); // the spec's example header
    assert.equal(s.seen.headers?.accept, 'application/json');
    assert.match(String(s.seen.headers?.['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(s.seen.body!), { resource_id: '1234ABCD', resource_type: 'bill' });
  });

  it('throws an ApiError with the status and the server’s message, never the secret', async () => {
    const s = await startServer((_req, _body, res) => {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":["Invalid app secret top-secret-value"]}');
    });
    server = s.server;
    await assert.rejects(
      confirmResource({ baseUrl: s.baseUrl, appId: 'A', appSecret: 'top-secret-value', resourceId: 'R', resourceType: 'subscription' }),
      (e: unknown) => e instanceof ApiError && e.status === 401 && e.path === '/api/v1/confirm' && e.method === 'POST' &&
        e.serverMessage === 'Invalid app secret [redacted]' && !JSON.stringify({ m: e.message, b: e.body }).includes('top-secret-value'),
    );
  });

  it('throws a NetworkError when nothing listens, and a TimeoutError when the server never answers', async () => {
    const s = await startServer(() => { /* never answers */ });
    server = s.server;
    await assert.rejects(confirmResource({ baseUrl: s.baseUrl, appId: 'A', appSecret: 'S', resourceId: 'R', resourceType: 'bill', timeoutMs: 150 }), TimeoutError);

    const closed = await startServer(() => undefined);
    const deadUrl = closed.baseUrl;
    closed.server.close();
    await once(closed.server, 'close');
    await assert.rejects(confirmResource({ baseUrl: deadUrl, appId: 'A', appSecret: 'S', resourceId: 'R', resourceType: 'bill' }), NetworkError);
  });
});
