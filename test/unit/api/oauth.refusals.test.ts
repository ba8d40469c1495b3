import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/core/api/ApiError';
import { buildAuthorizeUrl, exchangeAuthorizationCode, parseAuthorizeRedirect, type AuthorizeUrlParams } from '../../../src/core/api/oauth';
import { UnexpectedResponseError } from '../../../src/core/api/UnexpectedResponseError';
import { startFakeGoCardless, type FakeGoCardless } from './fakeGoCardless';
import { validationIssues } from '../validation/validationIssues';

const REDIRECT = 'http://example.com/';


describe('partner OAuth: each refusal names its field and says why', () => {
  describe('buildAuthorizeUrl', () => {
    const build = (more: Partial<Record<keyof AuthorizeUrlParams, unknown>>): string =>
      buildAuthorizeUrl({ baseUrl: 'live', clientId: 'XXX', redirectUri: REDIRECT, ...more } as AuthorizeUrlParams);

    it('client_id is required, and must be text', async () => {
      // Spec, "Partner guide": "client_id: your app identifier".
      const required = [{ field: 'client_id', rule: 'required', message: 'client_id is required' }];
      assert.deepEqual(await validationIssues(() => build({ clientId: '' })), required);
      assert.deepEqual(await validationIssues(() => build({ clientId: undefined })), required);
    });

    it('state must be text; an empty state is left out of the URL', async () => {
      assert.deepEqual(await validationIssues(() => build({ state: 5 })), [{ field: 'state', rule: 'type', message: 'state must be text' }]);
      assert.equal(new URL(build({ state: '' })).searchParams.has('state'), false);
    });

    it('merchant must be an object, and merchant[user] too', async () => {
      for (const merchant of [null, 'Dr Roy', ['Dr Roy']]) {
        assert.deepEqual(await validationIssues(() => build({ merchant })), [{ field: 'merchant', rule: 'type', message: 'merchant must be an object' }], JSON.stringify(merchant));
      }
      for (const user of [null, 'roy@example.com', ['roy@example.com']]) {
        assert.deepEqual(await validationIssues(() => build({ merchant: { user } })), [
          { field: 'merchant[user]', rule: 'type', message: 'merchant[user] must be an object with email, first_name, last_name' },
        ], JSON.stringify(user));
      }
    });

    it('names an unknown prefill field and lists the ones allowed', async () => {
      // Spec, "Pre-populating information": the merchant fields and merchant[user]'s email, first_name, last_name.
      assert.deepEqual(await validationIssues(() => build({ merchant: { colour: 'red', user: { age: '3' } } })), [
        { field: 'merchant[colour]', rule: 'not-allowed', message: 'merchant[colour] is not a merchant prefill field; use name, phone_number, description, merchant_type, company_name, company_registration, bank_reference, user' },
        { field: 'merchant[user][age]', rule: 'not-allowed', message: 'merchant[user][age] is not a prefill field; use email, first_name, last_name' },
      ]);
    });

    it('prefill values must be text, and merchant_type one of the three', async () => {
      assert.deepEqual(await validationIssues(() => build({ merchant: { name: 5, merchant_type: 'company', user: { email: 5 } } })), [
        { field: 'merchant[name]', rule: 'type', message: 'merchant[name] must be text' },
        { field: 'merchant[merchant_type]', rule: 'not-allowed', message: 'merchant[merchant_type] must be business, charity or individual' },
        { field: 'merchant[user][email]', rule: 'type', message: 'merchant[user][email] must be text' },
      ]);
    });

    it('a field left undefined is skipped, not refused', () => {
      const url = build({ merchant: { name: 'Dr Roy', phone_number: undefined, colour: undefined, user: { email: undefined, age: undefined, first_name: 'Roy' } } });
      assert.deepEqual([...new URL(url).searchParams.keys()].filter((k) => k.startsWith('merchant')), ['merchant[name]', 'merchant[user][first_name]']);
    });

    it('plain http is fine for any host: the browser opens the URL, and no secret is in it', () => {
      assert.ok(build({ baseUrl: 'http://gc.example.com' }).startsWith('http://gc.example.com/oauth/authorize?client_id=XXX&'));
    });
  });

  describe('exchangeAuthorizationCode', () => {
    let fake: FakeGoCardless;
    beforeEach(async () => {
      fake = await startFakeGoCardless();
    });
    afterEach(() => fake.close());

    const exchange = (more: Record<string, unknown> = {}): Promise<unknown> =>
      exchangeAuthorizationCode({ baseUrl: fake.url, clientId: 'XXX', clientSecret: 'secret', code: 'good-code', redirectUri: REDIRECT, ...more } as never);
    const answer = (body: unknown, status = 200): void => {
      fake.on('POST', /oauth\/access_token$/, () => (typeof body === 'string' ? { status, text: body } : { status, json: body }));
    };

    it('client_id, client_secret and code must be non-empty text', async () => {
      assert.deepEqual(await validationIssues(() => exchange({ clientId: undefined, clientSecret: 5, code: undefined })), [
        { field: 'client_id', rule: 'required', message: 'client_id is required' },
        { field: 'client_secret', rule: 'required', message: 'client_secret is required' },
        { field: 'code', rule: 'required', message: 'code is required' },
      ]);
      assert.equal(fake.requests.length, 0);
    });

    it('keeps a base URL\'s path in front of /oauth/access_token', async () => {
      answer({ access_token: 't', token_type: 'bearer', scope: 'manage_merchant:M1' });
      await exchange({ baseUrl: `${fake.url}/gc/` });
      assert.equal(fake.requests[0]?.path, '/gc/oauth/access_token');
    });

    it('a refusal keeps the server\'s messages, the request and up to 4096 characters of the body', async () => {
      answer({ error: 'invalid_client', error_description: `Client authentication failed ${'z'.repeat(5000)}` }, 401);
      const error = await exchange().catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.equal(error.method, 'POST');
      assert.equal(error.path, '/oauth/access_token');
      assert.equal(error.body?.length, 4096);
      assert.equal(error.serverMessages.length, 1);
    });

    it('a refusal with an OAuth error lists it in serverMessages', async () => {
      answer({ error: 'invalid_grant', error_description: 'The code is invalid or expired' }, 400);
      const error = await exchange().catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.deepEqual(error.serverMessages, ['The code is invalid or expired (invalid_grant)']);
    });

    it('a refusal without a message says so; HTTP 300 is a refusal too', async () => {
      answer('', 500);
      const error = await exchange().catch((e: unknown) => e);
      assert.ok(error instanceof ApiError);
      assert.equal(error.serverMessage, 'HTTP 500 with no message');
      assert.deepEqual(error.serverMessages, []);
      const fake300 = await startFakeGoCardless();
      try {
        fake300.on('POST', '/oauth/access_token', () => ({ status: 300, json: { access_token: 't', token_type: 'bearer', scope: 'manage_merchant:M1' } }));
        await assert.rejects(exchange({ baseUrl: fake300.url }), (e: unknown) => e instanceof ApiError && e.status === 300);
      } finally {
        await fake300.close();
      }
    });

    const unexpected: [string, unknown, string][] = [
      ['a body that is not JSON', 'OK', 'the body is not JSON'],
      ['an empty access_token', { access_token: '', token_type: 'bearer', scope: 'manage_merchant:M1' }, 'access_token must be a non-empty string'],
      ['a scope with something before manage_merchant', { access_token: 't', token_type: 'bearer', scope: 'xmanage_merchant:M1' }, 'scope "xmanage_merchant:M1" names no merchant: expected "manage_merchant:<MERCHANT_ID>"'],
      ['a scope with a second word', { access_token: 't', token_type: 'bearer', scope: 'manage_merchant:M1 other' }, 'scope "manage_merchant:M1 other" names no merchant: expected "manage_merchant:<MERCHANT_ID>"'],
    ];
    for (const [name, body, problem] of unexpected) {
      it(`${name} → UnexpectedResponseError naming the problem`, async () => {
        answer(body);
        const error = await exchange().catch((e: unknown) => e);
        assert.ok(error instanceof UnexpectedResponseError, String(error));
        assert.equal(error.problem, problem);
        assert.equal(error.method, 'POST');
      });
    }

    it('reads the merchant id from a scope with spaces around it', async () => {
      // Spec: "scope": "manage_merchant:VSXU7HPAY7OZN6".
      answer({ access_token: 't', token_type: 'bearer', scope: ' manage_merchant:VSXU7HPAY7OZN6 ' });
      assert.equal(((await exchange()) as { merchantId: string }).merchantId, 'VSXU7HPAY7OZN6');
    });
  });

  describe('parseAuthorizeRedirect', () => {
    it('a non-URL is quoted, at most its first 100 characters', async () => {
      const text = `not a url ${'x'.repeat(150)}`;
      assert.deepEqual(await validationIssues(() => parseAuthorizeRedirect(text)), [
        { field: 'url', rule: 'http-url', message: `the redirect URL is not a URL: ${JSON.stringify(text.slice(0, 100))}` },
      ]);
    });

    it('says whether the state is missing or different', async () => {
      assert.deepEqual(await validationIssues(() => parseAuthorizeRedirect('http://example.com/cb?code=abc', 's1')), [
        { field: 'state', rule: 'not-allowed', message: 'the redirect carries no state, but one was sent' },
      ]);
      assert.deepEqual(await validationIssues(() => parseAuthorizeRedirect('http://example.com/cb?code=abc&state=evil', 's1')), [
        { field: 'state', rule: 'not-allowed', message: 'the redirect\'s state does not match the one sent: it is not the answer to this request' },
      ]);
    });

    it('an error without description or state has only the error; an empty error is no error', () => {
      assert.deepEqual(parseAuthorizeRedirect('http://example.com/cb?error=access_denied'), { ok: false, error: 'access_denied' });
      assert.deepEqual(parseAuthorizeRedirect('http://example.com/cb?error=&code=abc'), { ok: true, code: 'abc' });
    });

    it('an empty code is no code', async () => {
      assert.deepEqual(await validationIssues(() => parseAuthorizeRedirect('http://example.com/cb?code=')), [
        { field: 'code', rule: 'required', message: 'the redirect URL carries neither a code nor an error' },
      ]);
    });
  });
});
