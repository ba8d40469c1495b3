import { strict as assert } from 'node:assert';
import { getEventListeners, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from '../../../src/core/api/ApiError';
import { GoCardlessClient, type ApiRequestEvent } from '../../../src/core/api/GoCardlessClient';
import { UnexpectedResponseError } from '../../../src/core/api/UnexpectedResponseError';
import { createPool } from '../../../src/core/api/undici';
import { aBill, aMerchant } from './builders';
import { MERCHANT_ID, useClientFixture } from './clientFixture';
import { ValidationError, type ValidationIssue } from '../../../src/core/validation/ValidationError';
import { validationIssues } from '../validation/validationIssues';


class Cancelled extends Error {}

describe('GoCardlessClient: every refusal names its field and says why', () => {
  const events: ApiRequestEvent[] = [];
  const f = useClientFixture({ onRequest: (e) => events.push(e) });
  beforeEach(() => {
    events.length = 0;
  });

  describe('options', () => {
    const client = (more: object): GoCardlessClient => new GoCardlessClient({ baseUrl: 'sandbox', accessToken: 't', merchantId: 'm', ...more });

    it('a missing, blank or non-text access token or merchant id', async () => {
      const required = (field: string): ValidationIssue => ({ field, rule: 'required', message: `${field} is required` });
      assert.deepEqual(await validationIssues(() => client({ accessToken: '   ' })), [required('accessToken')]);
      assert.deepEqual(await validationIssues(() => client({ accessToken: undefined })), [required('accessToken')]);
      assert.deepEqual(await validationIssues(() => client({ merchantId: ' \t' })), [required('merchantId')]);
      assert.deepEqual(await validationIssues(() => client({ merchantId: undefined })), [required('merchantId')]);
    });

    it('a timeout that is not a positive number, and a retry count that is not a whole number from 0', async () => {
      const timeout = { field: 'timeoutMs', rule: 'positive', message: 'timeoutMs must be greater than 0' };
      const retries = { field: 'maxRetries', rule: 'type', message: 'maxRetries must be a whole number, 0 or more' };
      assert.deepEqual(await validationIssues(() => client({ timeoutMs: 0 })), [timeout]);
      assert.deepEqual(await validationIssues(() => client({ timeoutMs: Infinity })), [timeout]);
      assert.deepEqual(await validationIssues(() => client({ maxRetries: -1 })), [retries]);
      assert.deepEqual(await validationIssues(() => client({ maxRetries: 1.5 })), [retries]);
      assert.equal(client({ maxRetries: 0 }).baseUrl, 'https://sandbox.gocardless.com');
    });

    it('allowInsecureHttp lets plain http reach a host other than loopback', () => {
      assert.equal(client({ baseUrl: 'http://10.0.0.5:8080/', allowInsecureHttp: true }).baseUrl, 'http://10.0.0.5:8080');
      assert.throws(() => client({ baseUrl: 'http://10.0.0.5:8080/', allowInsecureHttp: 'yes' }), ValidationError);
    });
  });

  describe('ids in paths', () => {
    it('an empty, blank or missing id names the field "id" for every call that takes one', async () => {
      const calls: ((c: GoCardlessClient, id: string) => Promise<unknown>)[] = [
        (c, id) => c.getBill(id), (c, id) => c.getSubscription(id), (c, id) => c.getPreAuthorization(id), (c, id) => c.getPayout(id),
        (c, id) => c.retryBill(id), (c, id) => c.cancelBill(id), (c, id) => c.refundBill(id),
        (c, id) => c.cancelSubscription(id), (c, id) => c.cancelPreAuthorization(id),
      ];
      for (const call of calls) {
        for (const id of ['', '  ', undefined as unknown as string]) {
          assert.deepEqual(await validationIssues(() => call(f.client, id)), [{ field: 'id', rule: 'required', message: 'id is required' }], String(call));
        }
      }
      assert.equal(f.fake.requests.length, 0);
    });

    it('ids up to 255 characters are sent; a longer one is refused with the limit named', async () => {
      f.fake.on('GET', /^\/api\/v1\/bills\/(.+)$/, (_r, [id]) => ({ json: aBill({ id: id ?? '' }) }));
      assert.equal((await f.client.getBill('X'.repeat(255))).id.length, 255);
      assert.deepEqual(await validationIssues(() => f.client.getBill('X'.repeat(256))), [
        { field: 'id', rule: 'type', message: 'id is longer than 255 characters, the longest id GoCardless issues' },
      ]);
    });

    it('an over-long merchant id is refused by getMerchant and the lists, naming merchantId', async () => {
      const client = f.clientWith({ merchantId: 'M'.repeat(256) });
      const issue = { field: 'merchantId', rule: 'type', message: 'merchantId is longer than 255 characters, the longest id GoCardless issues' };
      assert.deepEqual(await validationIssues(() => client.getMerchant()), [issue]);
      assert.deepEqual(await validationIssues(() => client.listBills()), [issue]);
      assert.equal(f.fake.requests.length, 0);
    });
  });

  describe('confirmResource', () => {
    it('an empty app id or secret, a missing resource id and an unknown type are each named', async () => {
      const client = f.clientWith({ appId: '', appSecret: '' });
      assert.deepEqual(await validationIssues(() => client.confirmResource({ resource_id: '', resource_type: 'payout' as never })), [
        { field: 'appId', rule: 'required', message: 'appId is required to confirm a resource' },
        { field: 'appSecret', rule: 'required', message: 'appSecret is required to confirm a resource' },
        { field: 'resource_id', rule: 'required', message: 'resource_id is required' },
        // Spec, "Confirm a new pre-authorization, bill or subscription": resource_type is one of these three.
        { field: 'resource_type', rule: 'not-allowed', message: 'resource_type must be one of bill, subscription, pre_authorization' },
      ]);
      assert.deepEqual(await validationIssues(() => f.client.confirmResource({ resource_id: undefined as never, resource_type: 'bill' })), [
        { field: 'resource_id', rule: 'required', message: 'resource_id is required' },
      ]);
      assert.equal(f.fake.requests.length, 0);
    });

    it('sends the client\'s own User-Agent', async () => {
      f.fake.on('POST', '/api/v1/confirm', () => ({ json: { success: true } }));
      await f.clientWith({ userAgent: 'gocardless-devtools/9.9.9 (vscode)' }).confirmResource({ resource_id: 'R', resource_type: 'bill' });
      assert.equal(f.fake.requests[0]?.headers['user-agent'], 'gocardless-devtools/9.9.9 (vscode)');
    });

    it('a refusal is reported with its status and how long it took', async () => {
      f.fake.on('POST', '/api/v1/confirm', () => ({ status: 401, json: { error: 'Invalid app credentials' } }));
      const before = performance.now();
      await assert.rejects(f.client.confirmResource({ resource_id: 'R', resource_type: 'bill' }), ApiError);
      const elapsed = performance.now() - before;
      assert.deepEqual(events.map((e) => ({ ...e, durationMs: 0 })), [
        { method: 'POST', path: '/api/v1/confirm', outcome: 'response', status: 401, durationMs: 0, attempt: 1, willRetry: false },
      ]);
      const duration = events[0]?.durationMs ?? -1;
      assert.ok(duration >= 0 && duration <= elapsed, `durationMs ${duration} is within the call's ${elapsed} ms`);
    });

    it('a success reports how long it took', async () => {
      f.fake.on('POST', '/api/v1/confirm', () => ({ json: { success: true } }));
      const before = performance.now();
      await f.client.confirmResource({ resource_id: 'R', resource_type: 'bill' });
      const elapsed = performance.now() - before;
      const duration = events[0]?.durationMs ?? -1;
      assert.ok(duration >= 0 && duration <= elapsed, `durationMs ${duration} is within the call's ${elapsed} ms`);
    });

    it('a closed client refuses with its own message, before any request', async () => {
      await f.client.close();
      await assert.rejects(f.client.confirmResource({ resource_id: 'R', resource_type: 'bill' }), { message: 'GoCardlessClient is closed' });
      await assert.rejects(f.client.getBill('B1'), { message: 'GoCardlessClient is closed' });
      assert.equal(f.fake.requests.length, 0);
    });
  });

  describe('request()', () => {
    it('a path outside /api/v1/ or not text is refused with what was given', async () => {
      assert.deepEqual(await validationIssues(() => f.client.request('GET', '/oauth/access_token')), [
        { field: 'path', rule: 'not-allowed', message: 'path must start with /api/v1/, got "/oauth/access_token"' },
      ]);
      assert.deepEqual(await validationIssues(() => f.client.request('GET', undefined as never)), [
        { field: 'path', rule: 'not-allowed', message: 'path must start with /api/v1/, got undefined' },
      ]);
    });

    it('a GET can be cancelled; a POST or PUT ignores the signal (it may already have reached the server)', async () => {
      f.fake.on('POST', '/api/v1/bills/B1/retry', () => ({ json: aBill({ id: 'B1' }) }));
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ json: aBill({ id: 'B1' }) }));
      const controller = new AbortController();
      controller.abort(new Cancelled('cancelled'));
      assert.deepEqual(await f.client.request('POST', '/api/v1/bills/B1/retry', { signal: controller.signal }), aBill({ id: 'B1' }));
      await assert.rejects(f.client.request('GET', '/api/v1/bills/B1', { signal: controller.signal }), Cancelled);
      assert.deepEqual(f.fake.requests.map((r) => r.method), ['POST']);
    });
  });

  describe('answers', () => {
    it('a GET carries no body and no Content-Type', async () => {
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ json: aBill({ id: 'B1' }) }));
      await f.client.getBill('B1');
      assert.equal(f.fake.requests[0]?.headers['content-type'], undefined);
      assert.equal(f.fake.requests[0]?.body, '');
    });

    it('HTTP 300 is not a success', async () => {
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ status: 300, json: aBill({ id: 'B1' }) }));
      await assert.rejects(f.client.getBill('B1'), (e: unknown) => e instanceof ApiError && e.status === 300);
    });

    it('a blank 2xx body is "empty"; a body that is not JSON is quoted by its first 40 characters', async () => {
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ text: ' \n ' }));
      f.fake.on('GET', '/api/v1/bills/B2', () => ({ text: `OK ${'x'.repeat(100)}` }));
      await assert.rejects(f.client.getBill('B1'), (e: unknown) => e instanceof UnexpectedResponseError && e.problem === 'the body is empty, expected JSON');
      await assert.rejects(f.client.getBill('B2'), (e: unknown) => e instanceof UnexpectedResponseError
        && e.problem === `the body is not JSON (starts with "OK ${'x'.repeat(37)}")`);
    });

    it('an error body is kept up to 4096 characters; with no message the list of messages is empty', async () => {
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ status: 404, text: `<p>${'y'.repeat(5000)}</p>` }));
      f.fake.on('GET', '/api/v1/bills/B2', () => ({ status: 404, text: '' }));
      const long = await f.client.getBill('B1').catch((e: unknown) => e);
      assert.ok(long instanceof ApiError);
      assert.equal(long.body?.length, 4096);
      const empty = await f.client.getBill('B2').catch((e: unknown) => e);
      assert.ok(empty instanceof ApiError);
      assert.equal(empty.serverMessage, 'HTTP 404 with no message');
      assert.deepEqual(empty.serverMessages, []);
    });

    it('a Retry-After of exactly maxRetryAfterMs is waited for', async () => {
      let calls = 0;
      f.fake.on('GET', '/api/v1/bills/B1', () => (++calls === 1 ? { status: 503, headers: { 'retry-after': '5' } } : { json: aBill({ id: 'B1' }) }));
      assert.equal((await f.clientWith({ maxRetryAfterMs: 5000 }).getBill('B1')).id, 'B1');
      assert.equal(calls, 2);
    });

    it('a body over maxResponseBytes is not reported as a timeout or network error', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, () => ({ json: Array.from({ length: 50 }, () => aBill()) }));
      await assert.rejects(f.clientWith({ maxResponseBytes: 4096 }).listBills(), UnexpectedResponseError);
      assert.deepEqual(events.map((e) => e.outcome), []);
    });

    it('a cancelled request reports how long it ran, and that it will not be retried', async () => {
      const controller = new AbortController();
      f.fake.on('GET', '/api/v1/bills/B1', () => {
        controller.abort(new Cancelled('user cancelled'));
        return 'hang';
      });
      const before = performance.now();
      await assert.rejects(f.client.getBill('B1', { signal: controller.signal }), Cancelled);
      const elapsed = performance.now() - before;
      assert.deepEqual(events.map((e) => [e.outcome, e.willRetry]), [['cancelled', false]]);
      const duration = events[0]?.durationMs ?? -1;
      assert.ok(duration >= 0 && duration <= elapsed, `durationMs ${duration} is within the call's ${elapsed} ms`);
    });

    it('a dropped connection reports how long the attempt ran', async () => {
      f.fake.on('GET', '/api/v1/bills/B1', () => 'destroy');
      const before = performance.now();
      await assert.rejects(f.clientWith({ maxRetries: 0 }).getBill('B1'));
      const elapsed = performance.now() - before;
      assert.deepEqual(events.map((e) => e.outcome), ['network-error']);
      const duration = events[0]?.durationMs ?? -1;
      assert.ok(duration >= 0 && duration <= elapsed, `durationMs ${duration} is within the call's ${elapsed} ms`);
    });
  });

  describe('waiting for a retry', () => {
    it('a cancel during the wait stops it, and leaves no listener on the signal', async () => {
      const controller = new AbortController();
      const client = f.clientWith({
        retryDelay: () => 60_000,
        onRequest: (e) => {
          // After the wait has begun: the wait itself must notice.
          if (e.willRetry) setImmediate(() => controller.abort(new Cancelled('while waiting')));
        },
      });
      f.fake.on('GET', '/api/v1/bills/B1', () => ({ status: 503 }));
      await assert.rejects(client.getBill('B1', { signal: controller.signal }), Cancelled);
      assert.equal(f.fake.requests.length, 1);
      assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    });

    it('a wait that ends leaves no listener on the signal', async () => {
      const controller = new AbortController();
      let calls = 0;
      f.fake.on('GET', '/api/v1/bills/B1', () => (++calls === 1 ? { status: 503 } : { json: aBill({ id: 'B1' }) }));
      await f.client.getBill('B1', { signal: controller.signal });
      assert.equal(calls, 2);
      assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    });
  });

  describe('iterating', () => {
    it('stops when the server\'s next page does not move forward, or a page is empty', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, (r) => {
        const page = Number(r.query.get('page'));
        // Page 1 says next is 2; page 2 says next is 2 again.
        return { json: [aBill({ id: `P${page}` })], headers: { 'x-pagination': JSON.stringify({ records: 9, pages: 9, links: { next: 2 } }) } };
      });
      const seen: string[] = [];
      for await (const bill of f.client.iterateBills({}, 1)) seen.push(bill.id);
      assert.deepEqual(seen, ['P1', 'P2']);
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/users`, () => ({ json: [], headers: { 'x-pagination': JSON.stringify({ records: 9, pages: 9, links: { next: 2 } }) } }));
      const users: unknown[] = [];
      for await (const user of f.client.iterateUsers({}, 1)) users.push(user);
      assert.deepEqual(users, []);
      assert.equal(f.fake.requests.filter((r) => r.path.endsWith('/users')).length, 1);
    });
  });

  describe('its connection pool', () => {
    it('opens at most 8 connections: a ninth concurrent request waits for one of them', async () => {
      const held: (() => void)[] = [];
      const sockets = new Set<Socket>();
      const server = createServer((req, res) => {
        sockets.add(req.socket);
        const answer = (): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(aMerchant()));
        // Answers wait until 8 requests are in: with no bound, a ninth connection would be open by then.
        if (held.length >= 8) answer();
        else {
          held.push(answer);
          if (held.length === 8) held.forEach((a) => a());
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      const client = new GoCardlessClient({ baseUrl: `http://127.0.0.1:${address.port}`, accessToken: 't', merchantId: MERCHANT_ID });
      try {
        await Promise.all(Array.from({ length: 9 }, () => client.getMerchant()));
        assert.equal(sockets.size, 8);
      } finally {
        await client.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('close()', () => {
    let server: Server;
    let url: string;
    const sockets: Socket[] = [];
    beforeEach(async () => {
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(aMerchant())));
      // undici keeps an idle connection for what the server's Keep-Alive header allows: a long one, so only close() ends it.
      server.keepAliveTimeout = 60_000;
      server.on('connection', (socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      url = `http://127.0.0.1:${address.port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.length = 0;
    });

    it('closes the keep-alive connections of its own pool', async () => {
      const client = new GoCardlessClient({ baseUrl: url, accessToken: 't', merchantId: MERCHANT_ID });
      await client.getMerchant();
      const [socket] = sockets;
      assert.ok(socket !== undefined);
      const closed = socket.closed ? Promise.resolve() : once(socket, 'close');
      await client.close();
      await closed;
    });

    it('leaves a dispatcher it was given open', async () => {
      const pool = createPool(url);
      try {
        const client = new GoCardlessClient({ baseUrl: url, accessToken: 't', merchantId: MERCHANT_ID, dispatcher: pool });
        await client.getMerchant();
        await client.close();
        const response = await pool.request({ origin: url, path: `/api/v1/merchants/${MERCHANT_ID}`, method: 'GET' });
        assert.equal(response.statusCode, 200);
        await response.body.text();
      } finally {
        await pool.close();
      }
    });
  });
});
