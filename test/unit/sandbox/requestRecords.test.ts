// The sandbox's request records (issue 19): one per request served, with
// every secret redacted, the error message the sandbox answered with, and
// the spec's explanation of that error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildConnectLink, confirmResource, verifyRedirect } from '../../../src/core/links';
import { areaOf, explainError, REDACTED, resourceOf, type RequestRecord } from '../../../src/core/sandbox';
import { allErrorExplanations } from '../../../src/core/sandbox/errorExplanations';
import { boundBody, isSecretParam, redactBody, redactHeaders, redactParams, redactUrl } from '../../../src/core/sandbox/requestRecord';
import { SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE } from '../../../src/core/sandbox';
import { authorizeNewMerchant } from './oauthSteps';
import { api, startTestSandbox } from './sandboxFixtures';
import { payOnPaymentPage } from '../linkBuilder/payOnPaymentPage';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
const SPEC = readFileSync('/work/shared/seeds/003_7c5c60c2387795aa.txt', 'utf8');

/** Waits for the record of the next request matching `match`; the listener hears it once the answer is sent. */
function nextRecord(sb: TestSandbox, match: (r: RequestRecord) => boolean): Promise<RequestRecord> {
  return new Promise((resolve) => {
    const sub = sb.onRequest((r) => {
      if (match(r)) { sub.dispose(); resolve(r); }
    });
  });
}

describe('sandbox request records', () => {
  let sb: TestSandbox;
  let records: RequestRecord[];
  beforeEach(async () => {
    sb = await startTestSandbox({ requestLog: true });
    records = [];
    sb.onRequest((r) => records.push(r));
  });
  afterEach(() => sb.dispose());

  it('records a bearer API call: method, path, query, status, duration, merchant, headers and body', async () => {
    const seen = nextRecord(sb, (r) => r.path.endsWith('/bills'));
    const res = await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?per_page=2&page=1`);
    assert.equal(res.status, 200);
    const r = await seen;
    assert.equal(r.method, 'GET');
    assert.equal(r.path, `/api/v1/merchants/${sb.credentials.merchant_id}/bills`);
    assert.equal(r.query, 'per_page=2&page=1');
    assert.equal(r.status, 200);
    assert.equal(r.area, 'api');
    assert.equal(r.source, 'sandbox');
    assert.equal(r.merchantId, sb.credentials.merchant_id);
    assert.ok(r.durationMs >= 0);
    assert.equal(r.error, undefined);
    assert.equal(r.request?.headers['authorization'], `bearer ${REDACTED}`, 'the scheme stays, the token does not');
    assert.equal(r.request?.headers['accept'], 'application/json');
    assert.equal(r.response?.body, undefined, 'a successful read\'s answer is not kept: Send again fetches it anew');
    assert.equal(r.response?.bodyNotKept, true, 'the record says a body was there');
    assert.equal(r.response?.headers['x-pagination'], res.headers.get('x-pagination') ?? undefined);
  });

  it('records an error with the message the sandbox answered with (401) and the spec explains it', async () => {
    const seen = nextRecord(sb, (r) => r.status === 401);
    const res = await api(sb, '/api/v1/merchants/NOPE/bills', { token: 'not-a-token' });
    assert.equal(res.status, 401);
    const r = await seen;
    assert.match(r.error ?? '', /access token is not valid/);
    assert.equal(r.request?.headers['authorization'], `bearer ${REDACTED}`);
    assert.ok(!JSON.stringify(r).includes('not-a-token'), 'even a wrong token is never recorded');
    assert.equal(explainError(r.status, r.error)?.text, 'Unauthorized. The client has not provided a valid Authentication HTTP header.');
  });

  it('records a refused OAuth token request with its error_description, and no error for a success', async () => {
    const refused = nextRecord(sb, (r) => r.path === '/oauth/access_token');
    const res = await fetch(`${sb.url}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${sb.credentials.app_id}:${sb.credentials.app_secret}`).toString('base64')}` },
      body: new URLSearchParams({ client_id: sb.credentials.app_id, grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: 'http://127.0.0.1:1/cb' }).toString(),
    });
    const answered = (await res.json()) as { error: string; error_description: string };
    const r = await refused;
    assert.equal(res.status, r.status);
    assert.ok(r.status >= 400, `${r.status}`);
    assert.equal(r.error, answered.error_description, 'the message the sandbox answered with');
    assert.ok(!JSON.stringify(r).includes('no-such-code'), 'the code is redacted');
    const ok = nextRecord(sb, (x) => x.status === 200);
    await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}`);
    assert.equal((await ok).error, undefined, 'a success has no error message');
  });

  it('records a payment form sent back for its bank details (422) with the message the page shows', async () => {
    const url = buildConnectLink({
      resourceType: 'bill', appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
      resource: { merchant_id: sb.credentials.merchant_id, amount: '10.00' }, clock: () => sb.clock.ms,
    }).url;
    const seen = nextRecord(sb, (r) => r.path === '/connect/pay');
    const paid = await payOnPaymentPage(url, { account_number: '12345678', sort_code: '20-00-00' });
    assert.equal(paid.status, 422);
    const shown = /<p class="error" role="alert">([^<]+)<\/p>/.exec(paid.page)?.[1];
    assert.ok(shown, 'the page says why');
    const r = await seen;
    assert.equal(r.status, 422);
    assert.equal(r.error, shown);
    assert.ok(!JSON.stringify(r).includes('12345678'), 'the account number sent is not in the record');
  });

  it('records a Connect refusal with the troubleshooting message and its explanation', async () => {
    const url = buildConnectLink({
      resourceType: 'bill', appId: sb.credentials.app_id, appSecret: 'the wrong secret', environment: sb.url,
      resource: { merchant_id: sb.credentials.merchant_id, amount: '10.00' }, clock: () => sb.clock.ms,
    }).url;
    const seen = nextRecord(sb, (r) => r.area === 'connect');
    assert.equal((await fetch(url)).status, 400);
    const r = await seen;
    assert.equal(r.error, 'Signature is invalid');
    assert.equal(r.merchantId, sb.credentials.merchant_id, 'the link names its merchant');
    assert.match(r.query, /signature=/, 'the signature is not a secret; the user needs it to debug this');
    assert.match(r.response?.body ?? '', /^\[HTML page, \d+ bytes\]$/);
    const why = explainError(r.status, r.error);
    assert.equal(why?.section, 'Troubleshooting');
    assert.equal(why?.text, "Assuming that you're using a client library, the developer credentials you entered are incorrect; in particular your app secret is incorrect.");
  });

  it('keeps no secret in any record of a real OAuth exchange, a Connect payment, a Basic confirm and bearer calls', async () => {
    // OAuth: authorize page (form token), approve (302 with ?code=), exchange (Basic app secret, code in the body, token in the answer).
    const merchant = await authorizeNewMerchant(sb, 'Secretive Ltd');
    assert.equal((await api(sb, `/api/v1/merchants/${merchant.id}`, { token: merchant.token })).status, 200);
    // Connect: page, pay (form token), redirect, confirm with Basic app_id:app_secret.
    const link = buildConnectLink({
      resourceType: 'bill', appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
      resource: { merchant_id: sb.credentials.merchant_id, amount: '12.00' }, redirectUri: 'https://merchant.example/return', clock: () => sb.clock.ms,
    }).url;
    const html = await (await fetch(link)).text();
    const formToken = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const pay = await fetch(`${sb.url}/connect/pay`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: formToken, first_name: 'A', last_name: 'B', email: 'a@example.com', account_number: SANDBOX_ACCOUNT_NUMBER, sort_code: SANDBOX_SORT_CODE }).toString(),
    });
    const redirect = verifyRedirect(pay.headers.get('location')!, sb.credentials.app_secret);
    assert.equal(redirect.valid, true);
    const confirmed = await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: redirect.resource.resource_id, resourceType: 'bill' });
    assert.equal(confirmed.success, true);
    await api(sb, `/api/v1/bills/${redirect.resource.resource_id}`);
    // A JSON body that names a secret, as a careless client might send.
    await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00' }, app_secret: sb.credentials.app_secret, access_token: sb.credentials.access_token } });

    await new Promise((resolve) => setImmediate(resolve));
    const secrets = { appSecret: sb.credentials.app_secret, accessToken: sb.credentials.access_token, merchantToken: merchant.token, oauthCode: merchant.code, formToken };
    assert.ok(records.length >= 9, `every request was recorded (${records.length})`);
    for (const r of records) {
      const json = JSON.stringify(r);
      for (const [name, value] of Object.entries(secrets)) assert.ok(!json.includes(value), `${name} appears in the record of ${r.method} ${r.path}`);
      const basic = Buffer.from(`${sb.credentials.app_id}:${sb.credentials.app_secret}`).toString('base64');
      assert.ok(!json.includes(basic), `Basic credentials appear in ${r.path}`);
    }
    const exchange = records.find((r) => r.path === '/oauth/access_token')!;
    assert.equal(exchange.request?.headers['authorization'], `Basic ${REDACTED}`);
    assert.match(exchange.request?.body ?? '', /code=REDACTED/);
    assert.equal((JSON.parse(exchange.response!.body!) as { access_token: string }).access_token, REDACTED);
    const approve = records.find((r) => r.path === '/oauth/authorize' && r.method === 'POST')!;
    assert.match(approve.response?.headers['location'] ?? '', /code=REDACTED/, 'the redirect keeps its shape, not the code');
    const confirm = records.find((r) => r.path === '/api/v1/confirm')!;
    assert.equal(confirm.status, 200);
    assert.equal(confirm.request?.headers['authorization'], `Basic ${REDACTED}`);
  });

  it('cuts long bodies and says so; a write keeps its answer', async () => {
    const seen = nextRecord(sb, (r) => r.path === '/api/v1/bills' && r.method === 'POST');
    const description = 'x'.repeat(20_000);
    const res = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00', description } } });
    const r = await seen;
    assert.equal(r.request?.body?.length, 16 * 1024, 'a request keeps the first 16 KiB of its body');
    assert.equal(r.request?.bodyTruncated, true);
    assert.equal(r.response?.bodyNotKept, undefined);
    assert.equal(r.response?.body, res.text.slice(0, r.status < 400 ? 1024 : 4096), 'a write\'s answer is kept (its start)');
  });

  it('builds no records without the requestLog option', async () => {
    const quiet = await startTestSandbox();
    try {
      const heard: RequestRecord[] = [];
      quiet.onRequest((r) => heard.push(r));
      await api(quiet, '/api/v1/merchants/x');
      assert.deepEqual(heard, []);
    } finally {
      await quiet.dispose();
    }
  });
});

describe('request record redaction', () => {
  it('redacts credential headers, secret-named headers and inline credentials', () => {
    const h = redactHeaders({ Authorization: 'Bearer abcdefgh12345', cookie: 'a=b', 'x-app-secret': 's', 'x-trace': 'bearer abcdefgh12345xyz', accept: 'application/json' });
    assert.deepEqual(h, { authorization: `Bearer ${REDACTED}`, cookie: REDACTED, 'x-app-secret': REDACTED, 'x-trace': `bearer ${REDACTED}`, accept: 'application/json' });
  });

  it('redacts secret fields of JSON (nested), forms and cut JSON', () => {
    assert.equal(redactBody('application/json', '{"a":{"client_secret":"x","access_token":"y","token_type":"bearer"},"code":"c"}'),
      `{"a":{"client_secret":"${REDACTED}","access_token":"${REDACTED}","token_type":"bearer"},"code":"${REDACTED}"}`);
    assert.equal(redactBody('application/x-www-form-urlencoded', 'grant_type=authorization_code&code=abc&merchant%5Baccess_token%5D=t'),
      `grant_type=authorization_code&code=${REDACTED}&merchant%5Baccess_token%5D=${REDACTED}`);
    assert.equal(redactBody('application/json', '{"app_secret":"abcdef","name":"x", "access_token": "tok'), `{"app_secret":"${REDACTED}","name":"x", "access_token": "${REDACTED}`);
  });

  it('redacts every secret parameter of a query, however its name is written, and leaves other queries as they came', () => {
    const secret = 'S3cr3tValue';
    const redacted = [
      `token=${secret}`, `per_page=50&code=${secret}`, `CODE=${secret}&a=1`, `merchant[access_token]=${secret}`,
      `merchant%5Baccess_token%5D=${secret}`, `acc%65ss_token=${secret}`, `client_secret=${secret}&x=1`, `app_secret=${secret}`,
      `password&password=${secret}`,
    ];
    for (const query of redacted) {
      const out = redactParams(query);
      assert.ok(!out.includes(secret), `${query} → ${out}`);
      assert.ok(out.includes(REDACTED), `${query} → ${out}`);
    }
    // Names that only contain a secret's name are not secrets; a query without one comes back unchanged, byte for byte.
    for (const query of ['per_page=50', 'page=2&per_page=50', 'tokenizer=1&decode=2', 'source_id=abc&after=2026-01-01T00:00:00Z', 'a=b=c&&d']) {
      assert.equal(redactParams(query), query);
    }
  });

  it('never keeps a payer\'s bank account number, in a form, a query or JSON, while the sort code stays', () => {
    assert.equal(redactParams('token=t&account_number=12345678&sort_code=20-00-00'), `token=${REDACTED}&account_number=${REDACTED}&sort_code=20-00-00`);
    assert.equal(redactBody('application/json', '{"account_number":"12345678","sort_code":"20-00-00"}'), `{"account_number":"${REDACTED}","sort_code":"20-00-00"}`);
    assert.equal(isSecretParam('bill[user][account_number]'), true);
  });

  it('names the resource of a path for the view\'s filter', () => {
    assert.equal(resourceOf('/api/v1/merchants/M1/bills'), 'bills');
    assert.equal(resourceOf('/api/v1/merchants/M1'), 'merchant');
    assert.equal(resourceOf('/api/v1/pre_authorizations/P1/cancel'), 'pre_authorizations');
    assert.equal(resourceOf('/connect/bills/new'), 'connect');
    assert.equal(resourceOf('/oauth/access_token'), 'oauth');
    assert.equal(resourceOf('/admin/clock'), 'admin');
    assert.equal(resourceOf('/api/v1/confirm'), undefined);
  });
});

describe('request record redaction, case by case', () => {
  it('keeps Authorization\'s and Proxy-Authorization\'s scheme only when a credential follows it, and never a schemeless value', () => {
    // The spec: "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" and "Authorization: bearer INSERT_MERCHANT_ACCESS_TOKEN".
    assert.deepEqual(redactHeaders({ 'Proxy-Authorization': 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' }), { 'proxy-authorization': `Basic ${REDACTED}` });
    assert.deepEqual(redactHeaders({ authorization: 'bearer  INSERT_MERCHANT_ACCESS_TOKEN' }), { authorization: `bearer ${REDACTED}` }, 'two spaces still name the scheme');
    assert.deepEqual(redactHeaders({ authorization: ' abcdefgh token' }), { authorization: REDACTED }, 'no scheme first: nothing of the value is kept');
    assert.deepEqual(redactHeaders({ authorization: 'abcdefgh' }), { authorization: REDACTED });
  });

  it('joins a repeated header, redacts every Set-Cookie and leaves out a header with no value', () => {
    assert.deepEqual(redactHeaders({ 'x-list': ['a', 'b'], 'set-cookie': ['s=1', 't=2'], 'x-absent': undefined, 'content-length': 12 }),
      { 'x-list': 'a, b', 'set-cookie': REDACTED, 'content-length': '12' });
  });

  it('redacts a secret parameter by the last segment of its nested name only', () => {
    assert.equal(isSecretParam('merchant[access_token]'), true);
    assert.equal(isSecretParam('filter[code][kind]'), false, 'the value is the kind, not the code');
    assert.equal(redactParams('filter[code][kind]=daily'), 'filter[code][kind]=daily');
  });

  it('keeps a query that only looks encoded byte for byte, and an empty one empty', () => {
    for (const query of ['q=a%20b&after=2026-01-01T00%3A00%3A00Z', 'name=O%27Brien+Ltd']) assert.equal(redactParams(query), query);
    assert.equal(redactParams(''), '');
  });

  it('redacts a Location\'s query but keeps its path, its fragment and a query-only redirect\'s shape', () => {
    assert.equal(redactUrl('https://merchant.example/return?code=abc&state=s#top'), `https://merchant.example/return?code=${REDACTED}&state=s#top`);
    assert.equal(redactUrl('https://merchant.example/return?state=s&code=abc'), `https://merchant.example/return?state=s&code=${REDACTED}`);
    assert.equal(redactUrl('?code=abc&state=s'), `?code=${REDACTED}&state=s`, 'a redirect that is only a query');
    assert.equal(redactUrl('/done&code=1'), '/done&code=1', 'no "?": no query, nothing to redact');
    assert.equal(redactHeaders({ Location: 'https://merchant.example/return?code=abc' })['location'], `https://merchant.example/return?code=${REDACTED}`);
  });

  it('redacts secrets in a Location\'s fragment written as parameters, as an OAuth implicit grant answers', () => {
    assert.equal(redactUrl('https://merchant.example/cb#access_token=tok&state=s'), `https://merchant.example/cb#access_token=${REDACTED}&state=s`);
    assert.equal(redactUrl('https://merchant.example/cb?state=s#token=tok'), `https://merchant.example/cb?state=s#token=${REDACTED}`);
    assert.equal(redactUrl('#access_token=tok'), `#access_token=${REDACTED}`, 'a redirect that is only a fragment');
    assert.equal(redactUrl('/docs#a?b'), '/docs#a?b', 'a "?" inside a plain fragment is no query');
  });

  it('keeps a JSON body that names no secret as it came, and re-writes one that does with its nulls and empty values as they were', () => {
    assert.equal(redactBody('application/json', '{ "amount": "1.00", "name": null }'), '{ "amount": "1.00", "name": null }');
    assert.equal(redactBody('application/json', '{"access_token": "tok123", "payout_id": null, "list": [1, "a"]}'),
      `{"access_token":"${REDACTED}","payout_id":null,"list":[1,"a"]}`);
    assert.equal(redactBody('application/json', '{"access_token":null,"code":"","app_secret":"s"}'), `{"access_token":null,"code":"","app_secret":"${REDACTED}"}`,
      'a missing secret shows as missing: there is nothing to hide');
  });

  it('treats a body that looks like JSON as JSON whatever its type, and a JSON type whatever its start', () => {
    assert.equal(redactBody('text/plain', '{"access_token":"tok123"}'), `{"access_token":"${REDACTED}"}`);
    assert.equal(redactBody(undefined, '\n  [{"refresh_token":"tok123"}]'), `[{"refresh_token":"${REDACTED}"}]`);
    assert.equal(redactBody('application/vnd.api+json', ")]}',\n{\"access_token\": \"tok123\"}"), `)]}',\n{"access_token": "${REDACTED}"}`);
  });

  it('redacts inline credentials in a plain or cut body, keeping the scheme', () => {
    assert.equal(redactBody('text/plain', 'sent Authorization: Bearer abcdefgh12345'), `sent Authorization: Bearer ${REDACTED}`);
    assert.equal(redactBody('application/json', '{"access_token": "tok", "note": "Basic QWxhZGRpbjpvcGVu'),
      `{"access_token": "${REDACTED}", "note": "Basic ${REDACTED}`);
  });

  it('summarizes an HTML body by its size in bytes, whatever the type\'s case and parameters; an empty body stays empty', () => {
    assert.equal(redactBody('Text/HTML ; charset=utf-8', '<p>é</p>'), '[HTML page, 9 bytes]');
    assert.equal(redactBody('text/html', ''), '');
    assert.equal(redactBody('application/json', ''), '');
  });

  it('cuts a body only when it is longer than the bound, and says so', () => {
    assert.deepEqual(boundBody('abc', 3), { body: 'abc', truncated: false });
    assert.deepEqual(boundBody('abcd', 3), { body: 'abc', truncated: true });
  });

  it('names the area of the bare /api/v1 and /admin paths, not of paths that only start alike', () => {
    assert.equal(areaOf('/api/v1'), 'api');
    assert.equal(areaOf('/admin'), 'admin');
    assert.equal(areaOf('/administrator'), 'other');
    assert.equal(areaOf('/api/v10/bills'), 'other');
  });

  it('names a resource only under /api/v1, with or without a .json suffix on its last segment', () => {
    assert.equal(resourceOf('/static/v1/bills'), undefined);
    assert.equal(resourceOf('/api/v1/bills.json'), 'bills');
    assert.equal(resourceOf('/api/v1/merchants/M1/payouts.json'), 'payouts');
    assert.equal(resourceOf('/api/v1/bills.json/x'), undefined, 'only a suffix is a format');
    assert.equal(resourceOf('/api/v1'), undefined);
  });
});

describe('error explanations quote the spec', () => {
  it('every explanation is a line of the spec, under its heading', () => {
    for (const e of allErrorExplanations()) {
      assert.ok(SPEC.includes(e.text), `not in the spec: ${e.text}`);
      if (e.section === 'Troubleshooting') {
        // "The payment page says 400 error: "Client is invalid"" is followed by its explanation.
        const at = SPEC.indexOf(e.heading);
        assert.ok(at >= 0, `heading not in the spec: ${e.heading}`);
        assert.equal(SPEC.indexOf(e.text, at) - at < 400, true, `${e.heading} is explained by: ${e.text}`);
      } else {
        const section = SPEC.indexOf('HTTP response codes');
        assert.ok(SPEC.indexOf(`\n${e.heading}\n\n${e.text}`, section) > section, `${e.heading} means: ${e.text}`);
      }
    }
    assert.equal(allErrorExplanations().filter((e) => e.section === 'Troubleshooting').length, 5, 'the troubleshooting section\'s five messages');
  });

  it('prefers the troubleshooting message, else the status; nothing for a success', () => {
    assert.equal(explainError(400, 'Timestamp has expired')?.text, 'The payment links that you generate are valid for 3 hours for security reasons - this message indicates that it has been longer than 3 hours since the link was generated.');
    assert.equal(explainError(422, 'amount is required')?.text, 'Unprocessable Entity. Could not process a POST request because the request is invalid. The response body will contain more details in the form of an array.');
    assert.equal(explainError(200, undefined), undefined);
    assert.equal(explainError(409, 'x'), undefined, 'the spec lists no 409');
  });

  it('finds the troubleshooting message at the start of a longer one, and never explains a success or a redirect', () => {
    // The payment page says 400 error: "Signature is invalid" — the sandbox's own message goes on to say why.
    assert.equal(explainError(400, 'Signature is invalid: the signature was computed over other parameters')?.heading, 'The payment page says 400 error: "Signature is invalid"');
    assert.equal(explainError(400, 'The Signature is invalid')?.section, 'HTTP response codes', 'only at the start');
    assert.equal(explainError(302, 'Client is invalid'), undefined);
    assert.equal(explainError(399, 'Timestamp has expired'), undefined);
  });
});
