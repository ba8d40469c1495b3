import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { ApiError } from '../../../src/core/api/ApiError';
import type { ApiRequestEvent } from '../../../src/core/api/GoCardlessClient';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { TimeoutError } from '../../../src/core/api/TimeoutError';
import { UnexpectedResponseError } from '../../../src/core/api/UnexpectedResponseError';
import { aBill } from './builders';
import { APP_SECRET, MERCHANT_ID, TOKEN, useClientFixture } from './clientFixture';
import type { Reply } from './fakeGoCardless';

const BILL = '/api/v1/bills/B1';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Replies from the list in turn, repeating the last one. */
function sequence(...replies: Reply[]): () => Reply {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)] ?? 'destroy';
}

function noSecretIn(value: unknown): void {
  const text = value instanceof Error ? `${value.message}\n${value.stack ?? ''}\n${inspect(value, { depth: 6 })}` : JSON.stringify(value);
  assert.ok(!text.includes(TOKEN), `token leaked: ${text.slice(0, 300)}`);
  assert.ok(!text.includes(APP_SECRET), 'app secret leaked');
}

describe('GoCardlessClient: errors, retries and timeouts', () => {
  const events: ApiRequestEvent[] = [];
  const f = useClientFixture({ onRequest: (e) => events.push(e) });
  beforeEach(() => {
    events.length = 0;
  });

  describe('ApiError carries the status and the server\'s message', () => {
    const cases: [number, Reply, string][] = [
      [400, { status: 400, json: ['Amount is required', 'Name is too long'] }, 'Amount is required; Name is too long'],
      [401, { status: 401, json: { error: 'Invalid token' } }, 'Invalid token'],
      [403, { status: 403, json: { error: 'You do not have permission to access this resource' } }, 'You do not have permission to access this resource'],
      [404, { status: 404, json: { error: 'Bill not found' } }, 'Bill not found'],
      [412, { status: 412, json: { message: 'Timestamp is too old' } }, 'Timestamp is too old'],
      [418, { status: 418, text: "I'm a teapot" }, "I'm a teapot"],
      [422, { status: 422, json: { errors: ['Bill cannot be refunded'] } }, 'Bill cannot be refunded'],
      [500, { status: 500, text: '<html><title>We\'re sorry, but something went wrong</title></html>' }, "We're sorry, but something went wrong"],
      [502, { status: 502, text: '' }, 'HTTP 502 with no message'],
    ];
    for (const [status, reply, message] of cases) {
      it(`${status}`, async () => {
        f.fake.on('GET', BILL, () => reply);
        const error = await f.clientWith({ maxRetries: 0 }).getBill('B1').catch((e: unknown) => e);
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, status);
        assert.equal(error.serverMessage, message);
        assert.equal(error.method, 'GET');
        assert.equal(error.path, BILL);
        assert.match(error.message, new RegExp(`GET ${BILL} failed with HTTP ${status}: `));
        assert.ok(error.hint !== undefined, 'the spec explains this status');
      });
    }
    it('keeps each message of an array body', async () => {
      f.fake.on('POST', '/api/v1/bills', () => ({ status: 422, json: { errors: { amount: ['exceeds the remaining amount'], base: ['Pre-authorization is not active'] } } }));
      const error = await f.client.createBill({ pre_authorization_id: 'P', amount: '5' }).catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.deepEqual(error.serverMessages, ['amount exceeds the remaining amount', 'Pre-authorization is not active']);
    });
  });

  describe('retries: GETs only, on 5xx, 418 and network errors', () => {
    it('retries a GET after 503 and succeeds, reporting each attempt', async () => {
      f.fake.on('GET', BILL, sequence({ status: 503, text: 'busy' }, { json: aBill({ id: 'B1' }) }));
      assert.equal((await f.client.getBill('B1')).id, 'B1');
      assert.equal(f.fake.requests.length, 2);
      assert.deepEqual(events.map((e) => [e.attempt, e.status, e.willRetry]), [[1, 503, true], [2, 200, false]]);
    });

    it('gives up after maxRetries on 418 and 500', async () => {
      f.fake.on('GET', BILL, () => ({ status: 418, text: "I'm a teapot" }));
      await assert.rejects(f.client.getBill('B1'), (e: unknown) => e instanceof ApiError && e.status === 418);
      assert.equal(f.fake.requests.length, 3);
      f.fake.on('GET', '/api/v1/bills/B2', () => ({ status: 500, json: { error: 'boom' } }));
      await assert.rejects(f.clientWith({ maxRetries: 4 }).getBill('B2'), (e: unknown) => e instanceof ApiError && e.status === 500);
      assert.equal(f.fake.requests.length, 3 + 5);
    });

    it('does not retry 4xx', async () => {
      for (const status of [400, 401, 403, 404, 412, 422]) {
        f.fake.on('GET', `/api/v1/bills/S${status}`, () => ({ status, json: { error: 'no' } }));
        await assert.rejects(f.client.getBill(`S${status}`), ApiError);
      }
      assert.equal(f.fake.requests.length, 6);
    });

    it('never retries POST or PUT, whatever the failure', async () => {
      f.fake.on('POST', '/api/v1/bills/B1/retry', () => ({ status: 500, json: { error: 'boom' } }));
      f.fake.on('POST', '/api/v1/bills/B1/refund', () => ({ status: 418, text: 'teapot' }));
      f.fake.on('PUT', '/api/v1/bills/B1/cancel', () => ({ status: 503, text: 'busy' }));
      f.fake.on('POST', '/api/v1/bills', () => 'destroy');
      await assert.rejects(f.client.retryBill('B1'), (e: unknown) => e instanceof ApiError && e.status === 500);
      await assert.rejects(f.client.refundBill('B1'), (e: unknown) => e instanceof ApiError && e.status === 418);
      await assert.rejects(f.client.cancelBill('B1'), (e: unknown) => e instanceof ApiError && e.status === 503);
      await assert.rejects(f.client.createBill({ pre_authorization_id: 'P', amount: '1' }), NetworkError);
      assert.deepEqual(f.fake.requests.map((r) => r.method), ['POST', 'POST', 'PUT', 'POST']);
      assert.ok(events.every((e) => !e.willRetry));
    });

    it('retries a GET whose connection was dropped', async () => {
      f.fake.on('GET', BILL, sequence('destroy', { json: aBill({ id: 'B1' }) }));
      assert.equal((await f.client.getBill('B1')).id, 'B1');
      assert.deepEqual(events.map((e) => e.outcome), ['network-error', 'response']);
    });

    it('connection refused → NetworkError after the retries, with its code', async () => {
      const port = await closedPort();
      const client = f.clientWith({ baseUrl: `http://127.0.0.1:${port}` });
      const error = await client.getMerchant().catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.match(error.message, /connection refused/);
      assert.deepEqual(events.map((e) => [e.outcome, e.attempt, e.willRetry]), [['network-error', 1, true], ['network-error', 2, true], ['network-error', 3, false]]);
      noSecretIn(error);
    });

    it('passes the attempt number and Retry-After to the injected delay; too long a Retry-After is not waited for', async () => {
      const delays: [number, number | undefined][] = [];
      const client = f.clientWith({ retryDelay: (retry, retryAfterMs) => (delays.push([retry, retryAfterMs]), 0), maxRetryAfterMs: 5000 });
      f.fake.on('GET', BILL, sequence({ status: 503, headers: { 'retry-after': '2' } }, { status: 500 }, { json: aBill({ id: 'B1' }) }));
      await client.getBill('B1');
      assert.deepEqual(delays, [[1, 2000], [2, undefined]]);
      f.fake.on('GET', '/api/v1/bills/B2', () => ({ status: 503, headers: { 'retry-after': '120' } }));
      await assert.rejects(client.getBill('B2'), (e: unknown) => e instanceof ApiError && e.status === 503);
      assert.equal(f.fake.requests.filter((r) => r.path === '/api/v1/bills/B2').length, 1);
    });

    it('a throwing onRequest does not fail the request', async () => {
      f.fake.on('GET', BILL, () => ({ json: aBill({ id: 'B1' }) }));
      const client = f.clientWith({ onRequest: () => { throw new Error('logger broke'); } });
      assert.equal((await client.getBill('B1')).id, 'B1');
    });
  });

  describe('timeouts', () => {
    it('a server that never answers → TimeoutError, not retried', async () => {
      f.fake.on('GET', BILL, () => 'hang');
      const error = await f.clientWith({ timeoutMs: 150 }).getBill('B1').catch((e: unknown) => e);
      assert.ok(error instanceof TimeoutError, String(error));
      assert.equal(error.timeoutMs, 150);
      assert.equal(f.fake.requests.length, 1);
      assert.deepEqual(events.map((e) => [e.outcome, e.willRetry]), [['timeout', false]]);
      assert.ok((events[0]?.durationMs ?? 0) >= 100);
      noSecretIn(error);
    });

    it('a body that stops arriving → TimeoutError', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, () => 'stall-body');
      await assert.rejects(f.clientWith({ timeoutMs: 150 }).listBills(), TimeoutError);
    });
  });

  describe('unexpected bodies → UnexpectedResponseError naming what was wrong', () => {
    const cases: [string, Reply, RegExp][] = [
      ['an amount that is a number', { json: { ...aBill(), amount: 44 } }, /bill\.amount must be a decimal amount string like "10\.00" \(got 44\)/],
      ['a missing id', { json: { ...aBill(), id: undefined } }, /bill\.id must be a string \(got nothing\)/],
      ['a status the spec does not list', { json: aBill({ status: 'lost' as never }) }, /bill\.status must be one of pending, paid/],
      ['not JSON', { text: 'OK' }, /not JSON/],
      ['an empty body', { text: '' }, /empty/],
      ['an array', { json: [aBill()] }, /bill must be an object/],
    ];
    for (const [name, reply, problem] of cases) {
      it(name, async () => {
        f.fake.on('GET', BILL, () => reply);
        await assert.rejects(f.client.getBill('B1'), (e: unknown) => e instanceof UnexpectedResponseError && problem.test(e.problem) && e.status === 200);
      });
    }

    it('names the record in a list', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, () => ({ json: [aBill(), aBill({ currency: 'USD' as never })] }));
      await assert.rejects(f.client.listBills(), (e: unknown) => e instanceof UnexpectedResponseError && /^bills\[1\]\.currency must be one of GBP, EUR/.test(e.problem));
    });

    it('a list endpoint answering an object', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, () => ({ json: { bills: [] } }));
      await assert.rejects(f.client.listBills(), (e: unknown) => e instanceof UnexpectedResponseError && /array of bill objects/.test(e.problem));
    });

    it('a body larger than maxResponseBytes', async () => {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, () => ({ json: Array.from({ length: 50 }, () => aBill()) }));
      await assert.rejects(f.clientWith({ maxResponseBytes: 4096 }).listBills(), (e: unknown) => e instanceof UnexpectedResponseError && /larger than 4096 bytes/.test(e.problem));
    });
  });

  it('a logged or serialized client shows no credential', () => {
    noSecretIn(inspect(f.client, { depth: 10, showHidden: true }));
    noSecretIn(JSON.stringify(f.client));
  });

  it('never puts the token or app secret in errors or request events, even when the server echoes them', async () => {
    f.fake.on('GET', BILL, (r) => ({ status: 401, json: { error: `Token "${String(r.headers.authorization)}" is not valid` } }));
    f.fake.on('POST', '/api/v1/confirm', (r) => ({ status: 401, text: `bad credentials ${Buffer.from(String(r.headers.authorization).slice(6), 'base64').toString()}` }));
    const apiError = await f.client.getBill('B1').catch((e: unknown) => e);
    assert.ok(apiError instanceof ApiError);
    assert.match(apiError.serverMessage, /Token "bearer \[redacted\]" is not valid/);
    noSecretIn(apiError);
    assert.ok(!(apiError.body ?? '').includes(TOKEN));
    const confirmError = await f.client.confirmResource({ resource_id: 'R', resource_type: 'bill' }).catch((e: unknown) => e);
    assert.ok(confirmError instanceof ApiError);
    assert.match(confirmError.serverMessage, /\[redacted\]/);
    noSecretIn(confirmError);
    noSecretIn(events);
  });
});
