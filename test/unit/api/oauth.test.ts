import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/core/api/ApiError';
import { buildAuthorizeUrl, exchangeAuthorizationCode, parseAuthorizeRedirect } from '../../../src/core/api/oauth';
import { UnexpectedResponseError } from '../../../src/core/api/UnexpectedResponseError';
import { ValidationError } from '../../../src/core/validation/ValidationError';
import { startFakeGoCardless, type FakeGoCardless } from './fakeGoCardless';

const CLIENT_ID = 'XXX';
const CLIENT_SECRET = 'client-secret-value/+=';
const REDIRECT = 'http://example.com/';

describe('partner OAuth', () => {
  describe('buildAuthorizeUrl', () => {
    it('builds the spec\'s authorize URL', () => {
      assert.equal(
        buildAuthorizeUrl({ baseUrl: 'live', clientId: CLIENT_ID, redirectUri: REDIRECT }),
        'https://gocardless.com/oauth/authorize?client_id=XXX&redirect_uri=http%3A%2F%2Fexample.com%2F&scope=manage_merchant&response_type=code',
      );
    });

    it('adds state and the merchant prefill, nested keys encoded as in signing', () => {
      const url = buildAuthorizeUrl({
        baseUrl: 'sandbox', clientId: CLIENT_ID, redirectUri: REDIRECT, state: 'id_9SX5G36 ok',
        merchant: {
          user: { email: 'roy@example.com', first_name: 'Roy', last_name: 'Roy' },
          name: 'Dr Roy', phone_number: '07500000000', description: 'Burgers and mash', merchant_type: 'business',
          company_name: "Roy's Burger Emporium", company_registration: '0112358132134', bank_reference: 'ROYSBURGERS',
        },
      });
      assert.ok(url.startsWith('https://sandbox.gocardless.com/oauth/authorize?client_id=XXX&redirect_uri=http%3A%2F%2Fexample.com%2F&scope=manage_merchant&response_type=code&state=id_9SX5G36%20ok&'));
      assert.ok(url.includes('&merchant%5Buser%5D%5Bemail%5D=roy%40example.com&'));
      assert.ok(url.includes('&merchant%5Bcompany_name%5D=Roy%27s%20Burger%20Emporium'));
      const query = new URL(url).searchParams;
      assert.equal(query.get('merchant[merchant_type]'), 'business');
      assert.equal(query.get('merchant[user][last_name]'), 'Roy');
      assert.equal(query.get('merchant[bank_reference]'), 'ROYSBURGERS');
    });

    it('accepts a local base URL with a path', () => {
      assert.ok(buildAuthorizeUrl({ baseUrl: 'http://127.0.0.1:4567/gc/', clientId: 'A', redirectUri: REDIRECT })
        .startsWith('http://127.0.0.1:4567/gc/oauth/authorize?client_id=A&'));
    });

    it('refuses bad input naming each field', () => {
      assert.throws(
        () => buildAuthorizeUrl({ baseUrl: 'live', clientId: '', redirectUri: 'example.com', merchant: { merchant_type: 'company' as never, colour: 'red' } as never }),
        (e: unknown) => e instanceof ValidationError
          && e.issues.map((i) => i.field).join() === 'client_id,redirect_uri,merchant[merchant_type],merchant[colour]',
      );
      assert.throws(() => buildAuthorizeUrl({ baseUrl: 'live', clientId: 'A', redirectUri: REDIRECT, merchant: { user: { age: '3' } } as never }),
        (e: unknown) => e instanceof ValidationError && e.field === 'merchant[user][age]');
      assert.throws(() => buildAuthorizeUrl({ baseUrl: 'ftp://x', clientId: 'A', redirectUri: REDIRECT }), (e: unknown) => e instanceof ValidationError && e.field === 'baseUrl');
    });
  });

  describe('exchangeAuthorizationCode', () => {
    let fake: FakeGoCardless;
    beforeEach(async () => {
      fake = await startFakeGoCardless();
    });
    afterEach(() => fake.close());

    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    function tokenEndpoint(body: unknown = { access_token: 'MvYX0i6snRh3gevXWbE5a56blveHqPLpLFjfOuZoWusd5AewvXuhcMU/1PXfPoc6', token_type: 'bearer', scope: 'manage_merchant:VSXU7HPAY7OZN6' }): void {
      fake.on('POST', '/oauth/access_token', (r) => {
        if (r.headers.authorization !== basic) return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
        const form = new URLSearchParams(r.body);
        if (form.get('code') !== 'good-code') return { status: 400, json: { error: 'invalid_grant', error_description: `The code ${form.get('code') ?? ''} is invalid or expired` } };
        return { json: body };
      });
    }

    it('posts the form with Basic client_id:secret and reads the merchant id from scope', async () => {
      tokenEndpoint();
      const token = await exchangeAuthorizationCode({ baseUrl: fake.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: 'good-code', redirectUri: REDIRECT });
      assert.deepEqual(token, {
        accessToken: 'MvYX0i6snRh3gevXWbE5a56blveHqPLpLFjfOuZoWusd5AewvXuhcMU/1PXfPoc6', tokenType: 'bearer',
        scope: 'manage_merchant:VSXU7HPAY7OZN6', merchantId: 'VSXU7HPAY7OZN6',
      });
      const [request] = fake.requests;
      assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(request?.headers.accept, 'application/json');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(request?.body)), {
        client_id: CLIENT_ID, code: 'good-code', redirect_uri: REDIRECT, grant_type: 'authorization_code',
      });
      assert.ok(!(request?.body ?? '').includes(CLIENT_SECRET), 'the secret travels only in the Authorization header');
    });

    it('wrong secret → ApiError 401 with the server\'s description', async () => {
      tokenEndpoint();
      const error = await exchangeAuthorizationCode({ baseUrl: fake.url, clientId: CLIENT_ID, clientSecret: 'wrong', code: 'good-code', redirectUri: REDIRECT }).catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 401);
      assert.equal(error.serverMessage, 'Client authentication failed (invalid_client)');
    });

    it('a bad code → ApiError 400, the code redacted from the message', async () => {
      tokenEndpoint();
      const error = await exchangeAuthorizationCode({ baseUrl: fake.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: 'stolen-code', redirectUri: REDIRECT }).catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.equal(error.serverMessage, 'The code [redacted] is invalid or expired (invalid_grant)');
    });

    const malformed: [string, unknown, RegExp][] = [
      ['a scope without a merchant', { access_token: 't', token_type: 'bearer', scope: 'manage_merchant' }, /names no merchant/],
      ['no access_token', { token_type: 'bearer', scope: 'manage_merchant:M1' }, /access_token/],
      ['another token type', { access_token: 't', token_type: 'mac', scope: 'manage_merchant:M1' }, /token_type must be "bearer"/],
      ['no scope', { access_token: 't', token_type: 'bearer' }, /scope must be a string/],
      ['an array', [], /must be an object/],
    ];
    for (const [name, body, problem] of malformed) {
      it(`${name} → UnexpectedResponseError`, async () => {
        tokenEndpoint(body);
        await assert.rejects(
          exchangeAuthorizationCode({ baseUrl: fake.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: 'good-code', redirectUri: REDIRECT }),
          (e: unknown) => e instanceof UnexpectedResponseError && problem.test(e.problem),
        );
      });
    }

    it('refuses missing input before sending', async () => {
      await assert.rejects(exchangeAuthorizationCode({ baseUrl: fake.url, clientId: '', clientSecret: '', code: '', redirectUri: 'nope' }), (e: unknown) =>
        e instanceof ValidationError && e.issues.map((i) => i.field).join() === 'client_id,client_secret,code,redirect_uri');
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('parseAuthorizeRedirect', () => {
    it('reads the code and state', () => {
      assert.deepEqual(parseAuthorizeRedirect('http://example.com/cb?code=abc123&state=s1'), { ok: true, code: 'abc123', state: 's1' });
      assert.deepEqual(parseAuthorizeRedirect('http://example.com/cb?code=abc123'), { ok: true, code: 'abc123' });
    });

    it('reads an OAuth error', () => {
      assert.deepEqual(parseAuthorizeRedirect('http://example.com/cb?error=access_denied&error_description=The+user+denied+access&state=s1', 's1'), {
        ok: false, error: 'access_denied', error_description: 'The user denied access', state: 's1',
      });
    });

    it('refuses a state that is not the one sent, a URL with neither code nor error, and a non-URL', () => {
      assert.throws(() => parseAuthorizeRedirect('http://example.com/cb?code=abc&state=evil', 's1'), (e: unknown) => e instanceof ValidationError && e.field === 'state');
      assert.throws(() => parseAuthorizeRedirect('http://example.com/cb?code=abc', 's1'), (e: unknown) => e instanceof ValidationError && e.field === 'state');
      assert.throws(() => parseAuthorizeRedirect('http://example.com/cb?state=s1'), (e: unknown) => e instanceof ValidationError && e.field === 'code');
      assert.throws(() => parseAuthorizeRedirect('not a url'), (e: unknown) => e instanceof ValidationError && e.field === 'url');
    });
  });
});
