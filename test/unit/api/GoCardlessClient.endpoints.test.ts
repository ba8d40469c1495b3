import { strict as assert } from 'node:assert';
import { GoCardlessClient } from '../../../src/core/api/GoCardlessClient';
import { ValidationError } from '../../../src/core/validation/ValidationError';
import { aBill, aMerchant, aPayout, aPreAuthorization, aSubscription, aUser } from './builders';
import { APP_ID, APP_SECRET, MERCHANT_ID, TOKEN, useClientFixture } from './clientFixture';

/** The spec's single-payout example has no app_ids. */
function payoutWithoutAppIds(): object {
  const { app_ids: _appIds, ...payout } = aPayout();
  return payout;
}

describe('GoCardlessClient: endpoints', () => {
  const f = useClientFixture();

  it('sends the bearer token, Accept: application/json and a User-Agent naming the extension and version', async () => {
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}`, () => ({ json: aMerchant() }));
    await f.client.getMerchant();
    const [request] = f.fake.requests;
    assert.equal(request?.headers.authorization, `bearer ${TOKEN}`);
    assert.equal(request?.headers.accept, 'application/json');
    assert.match(request?.headers['user-agent'] ?? '', /^gocardless-devtools\/\d+\.\d+\.\d+ \(\+node v\d+/);
  });

  it('uses a given User-Agent', async () => {
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}`, () => ({ json: aMerchant() }));
    await f.clientWith({ userAgent: 'gocardless-devtools/9.9.9 (vscode)' }).getMerchant();
    assert.equal(f.fake.requests[0]?.headers['user-agent'], 'gocardless-devtools/9.9.9 (vscode)');
  });

  const cases: { name: string; method: string; path: string; reply: unknown; call: (c: GoCardlessClient) => Promise<unknown>; expected?: unknown }[] = [
    { name: 'getMerchant', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}`, reply: aMerchant(), call: (c) => c.getMerchant() },
    { name: 'listBills', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}/bills`, reply: [aBill(), aBill({ id: 'B2' })], call: async (c) => (await c.listBills()).records },
    { name: 'listSubscriptions', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}/subscriptions`, reply: [aSubscription()], call: async (c) => (await c.listSubscriptions()).records },
    { name: 'listPreAuthorizations', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}/pre_authorizations`, reply: [aPreAuthorization()], call: async (c) => (await c.listPreAuthorizations()).records },
    { name: 'listUsers', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}/users`, reply: [aUser(), aUser({ id: 'JKH8HGKL9I', first_name: 'James', last_name: 'Dean' })], call: async (c) => (await c.listUsers()).records },
    { name: 'listPayouts', method: 'GET', path: `/api/v1/merchants/${MERCHANT_ID}/payouts`, reply: [aPayout()], call: async (c) => (await c.listPayouts()).records },
    { name: 'getBill', method: 'GET', path: '/api/v1/bills/0P1AVA0D6A', reply: aBill(), call: (c) => c.getBill('0P1AVA0D6A') },
    { name: 'getSubscription', method: 'GET', path: '/api/v1/subscriptions/AJKH638A99', reply: aSubscription(), call: (c) => c.getSubscription('AJKH638A99') },
    { name: 'getPreAuthorization', method: 'GET', path: '/api/v1/pre_authorizations/1234JKH8KLJ', reply: aPreAuthorization(), call: (c) => c.getPreAuthorization('1234JKH8KLJ') },
    { name: 'getPayout', method: 'GET', path: '/api/v1/payouts/0BKR1AZNJF', reply: payoutWithoutAppIds(), call: (c) => c.getPayout('0BKR1AZNJF') },
    { name: 'retryBill', method: 'POST', path: '/api/v1/bills/123ABCD/retry', reply: aBill({ id: '123ABCD' }), call: (c) => c.retryBill('123ABCD') },
    { name: 'cancelBill', method: 'PUT', path: '/api/v1/bills/0P1AVA0D6A/cancel', reply: aBill({ status: 'cancelled', can_be_cancelled: false, amount_minus_fees: '43.56' }), call: (c) => c.cancelBill('0P1AVA0D6A') },
    { name: 'refundBill', method: 'POST', path: '/api/v1/bills/0P1AVA0D6A/refund', reply: aBill({ status: 'refunded', can_be_refunded: false }), call: (c) => c.refundBill('0P1AVA0D6A') },
    { name: 'cancelSubscription', method: 'PUT', path: '/api/v1/subscriptions/AJKH638A99/cancel', reply: aSubscription({ status: 'cancelled' }), call: (c) => c.cancelSubscription('AJKH638A99') },
    { name: 'cancelPreAuthorization', method: 'PUT', path: '/api/v1/pre_authorizations/1234JKH8KLJ/cancel', reply: aPreAuthorization({ status: 'cancelled' }), call: (c) => c.cancelPreAuthorization('1234JKH8KLJ') },
    { name: 'createBill', method: 'POST', path: '/api/v1/bills', reply: aBill({ id: 'PWSDXRYSCOKA7Z', source_type: 'pre_authorization' }), call: (c) => c.createBill({ pre_authorization_id: 'UQSTF7AMQMYWBL', amount: '10.00' }) },
  ];
  for (const { name, method, path, reply, call } of cases) {
    it(`${name} → ${method} ${path}, returning the parsed body`, async () => {
      f.fake.on(method, path, () => ({ status: method === 'POST' ? 201 : 200, json: reply }));
      const result = await call(f.client);
      assert.deepEqual(result, reply);
      assert.equal(f.fake.requests.length, 1);
      assert.equal(f.fake.requests[0]?.method, method);
      assert.equal(f.fake.requests[0]?.path, path);
      assert.equal(f.fake.requests[0]?.url, path, 'no query string unless filters or pages are asked for');
    });
  }

  it('createBill posts {"bill": {…}} as JSON, with only the fields given; a Date charge day is its UTC date', async () => {
    f.fake.on('POST', '/api/v1/bills', () => ({ status: 201, json: aBill() }));
    await f.client.createBill({ pre_authorization_id: 'UQSTF7AMQMYWBL', amount: 10.5, name: 'Court hire', charge_customer_at: new Date('2030-03-04T23:30:00Z') });
    await f.client.createBill({ pre_authorization_id: 'UQSTF7AMQMYWBL', amount: ' 10.00 ', description: 'd', charge_customer_at: '2030-03-05' });
    const [first, second] = f.fake.requests;
    assert.match(first?.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(first?.body ?? ''), { bill: { amount: '10.5', pre_authorization_id: 'UQSTF7AMQMYWBL', name: 'Court hire', charge_customer_at: '2030-03-04' } });
    assert.deepEqual(JSON.parse(second?.body ?? ''), { bill: { amount: '10.00', pre_authorization_id: 'UQSTF7AMQMYWBL', description: 'd', charge_customer_at: '2030-03-05' } });
  });

  it('createBill refuses bad input with every field named, before sending anything', async () => {
    const bad = [
      [{ pre_authorization_id: '', amount: '10' }, ['bill[pre_authorization_id]']],
      [{ pre_authorization_id: 'P', amount: '0' }, ['bill[amount]']],
      [{ pre_authorization_id: 'P', amount: '10.001' }, ['bill[amount]']],
      [{ pre_authorization_id: 'P', amount: '' }, ['bill[amount]']],
      [{ pre_authorization_id: 'P', amount: '1', charge_customer_at: '2030-02-30' }, ['bill[charge_customer_at]']],
      [{ pre_authorization_id: 'P', amount: '1', charge_customer_at: '1/2/2030' }, ['bill[charge_customer_at]']],
      [{ pre_authorization_id: '', amount: '-1', charge_customer_at: new Date('nope') }, ['bill[pre_authorization_id]', 'bill[amount]', 'bill[charge_customer_at]']],
    ] as const;
    for (const [params, fields] of bad) {
      const error = await f.client.createBill(params as never).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof ValidationError, JSON.stringify(params));
      assert.deepEqual(error.issues.map((i) => i.field), fields);
    }
    assert.equal(f.fake.requests.length, 0);
  });

  it('encodes ids in paths and refuses empty or over-long ids', async () => {
    f.fake.on('GET', /^\/api\/v1\/bills\/(.+)$/, (_r, [id]) => ({ json: aBill({ id: id ?? '' }) }));
    const bill = await f.client.getBill('a/b?c');
    assert.equal(f.fake.requests[0]?.url, '/api/v1/bills/a%2Fb%3Fc');
    assert.equal(bill.id, 'a/b?c');
    await assert.rejects(f.client.getBill(''), (e: unknown) => e instanceof ValidationError && e.field === 'id');
    await assert.rejects(f.client.getBill('X'.repeat(256)), ValidationError);
    assert.equal(f.fake.requests.length, 1);
  });

  it('confirmResource posts resource_id and resource_type with HTTP Basic app_id:app_secret', async () => {
    const expected = `Basic ${Buffer.from(`${APP_ID}:${APP_SECRET}`).toString('base64')}`;
    f.fake.on('POST', '/api/v1/confirm', (r) => (r.headers.authorization === expected
      ? { json: { success: true } }
      : { status: 401, json: { error: 'Invalid app credentials' } }));
    const events: unknown[] = [];
    const result = await f.clientWith({ onRequest: (e) => events.push(e) }).confirmResource({ resource_id: '0NZ71WBMVF', resource_type: 'subscription' });
    assert.equal(result.success, true);
    assert.equal(result.status, 200);
    assert.deepEqual(events.map((e) => ({ ...(e as object), durationMs: 0 })), [
      { method: 'POST', path: '/api/v1/confirm', status: 200, outcome: 'response', durationMs: 0, attempt: 1, willRetry: false },
    ]);
    const [request] = f.fake.requests;
    assert.deepEqual(JSON.parse(request?.body ?? ''), { resource_id: '0NZ71WBMVF', resource_type: 'subscription' });
    assert.ok(!JSON.stringify(request?.headers).includes(TOKEN), 'the bearer token is not sent to /confirm');
    await assert.rejects(
      f.clientWith({ appSecret: 'wrong-secret' }).confirmResource({ resource_id: 'X', resource_type: 'bill' }),
      (e: unknown) => e instanceof Error && e.name === 'ApiError' && e.message.includes('Invalid app credentials'),
    );
  });

  it('confirmResource needs the app id and secret and a known resource type', async () => {
    const noApp = f.clientWith({ appId: undefined, appSecret: undefined });
    await assert.rejects(noApp.confirmResource({ resource_id: 'X', resource_type: 'bill' }), (e: unknown) =>
      e instanceof ValidationError && e.issues.map((i) => i.field).join() === 'appId,appSecret');
    await assert.rejects(f.client.confirmResource({ resource_id: 'X', resource_type: 'payout' as never }), (e: unknown) =>
      e instanceof ValidationError && e.field === 'resource_type');
    assert.equal(f.fake.requests.length, 0);
  });

  it('keeps a base URL path prefix', async () => {
    f.fake.on('GET', `/gc/api/v1/merchants/${MERCHANT_ID}`, () => ({ json: aMerchant() }));
    await f.clientWith({ baseUrl: `${f.fake.url}/gc/` }).getMerchant();
    assert.equal(f.fake.requests[0]?.path, `/gc/api/v1/merchants/${MERCHANT_ID}`);
  });

  it('reuses keep-alive connections', async () => {
    const sockets = new Set<string>();
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}`, (r) => {
      sockets.add(String(r.headers.connection));
      return { json: aMerchant() };
    });
    for (let i = 0; i < 3; i++) await f.client.getMerchant();
    assert.deepEqual([...sockets], ['keep-alive']);
  });

  it('refuses bad options with named fields', () => {
    assert.throws(() => new GoCardlessClient({ baseUrl: 'sandbox', accessToken: '', merchantId: '' }), (e: unknown) =>
      e instanceof ValidationError && e.issues.map((i) => i.field).join() === 'accessToken,merchantId');
    assert.throws(() => new GoCardlessClient({ baseUrl: 'http://example.com', accessToken: 't', merchantId: 'm' }), (e: unknown) =>
      e instanceof ValidationError && e.field === 'baseUrl');
    assert.throws(() => new GoCardlessClient({ baseUrl: 'live', accessToken: 't', merchantId: 'm', timeoutMs: 0 }), ValidationError);
  });

  it('close() closes its pool: later calls fail, and closing twice is fine', async () => {
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}`, () => ({ json: aMerchant() }));
    await f.client.getMerchant();
    await f.client.close();
    await f.client.close();
    await assert.rejects(f.client.getMerchant(), /closed/);
  });
});
