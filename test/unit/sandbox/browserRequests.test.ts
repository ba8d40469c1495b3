// Issue 16, item 2: "apply the sandbox's existing admin rules (Host, Origin,
// JSON) to its /api/v1 as well" — while every GoCardless client keeps working
// (officialClient.test.ts drives the Node library; the legacy PHP library
// posts curl form bodies, which are accepted here).
import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/core/sandbox';
import { addressedToSandbox } from '../../../src/core/sandbox/foreignRequests';
import { rawRequest, type RawAnswer } from '../extension/browserRequests';
import { asBills, api, startTestSandbox } from './sandboxFixtures';

describe('sandbox: requests from web pages', () => {
  let sb: RunningSandbox;
  let m: string;
  let bearer: Record<string, string>;
  let basic: Record<string, string>;
  before(async () => {
    sb = await startTestSandbox();
    m = sb.credentials.merchant_id;
    bearer = { accept: 'application/json', authorization: `bearer ${sb.credentials.access_token}` };
    basic = { accept: 'application/json', authorization: `Basic ${Buffer.from(`${sb.credentials.app_id}:${sb.credentials.app_secret}`).toString('base64')}` };
  });
  after(() => sb.dispose());

  const error = (a: RawAnswer): string => String((JSON.parse(a.body) as { error: string[] }).error[0]);

  it('refuses what a page can send without a preflight: Origin + text/plain POST (403, with the reason)', async () => {
    const before = asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=200`)).length;
    const answer = await rawRequest(`${sb.url}/api/v1/bills`, {
      method: 'POST',
      headers: { ...bearer, origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ bill: { amount: '10.00', pre_authorization_id: 'X' } }),
    });
    assert.equal(answer.status, 403);
    assert.match(error(answer), /Origin/);
    assert.equal(asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=200`)).length, before, 'nothing was created');
  });

  it('refuses text/plain and multipart bodies even without Origin (415), and a body of no declared type', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', undefined]) {
      const answer = await rawRequest(`${sb.url}/api/v1/confirm`, { method: 'POST', headers: { ...basic, ...(type ? { 'content-type': type } : {}) }, body: '{"resource_id":"B1","resource_type":"bill"}' });
      assert.equal(answer.status, 415, String(type));
      assert.match(error(answer), /application\/json/);
    }
  });

  it('refuses a DNS-rebound Host and a browser\'s cross-site GET (403)', async () => {
    const port = new URL(sb.url).port;
    const rebound = await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, host: `rebound.evil.example:${port}` } });
    assert.equal(rebound.status, 403);
    assert.match(error(rebound), /Host/);
    const crossSite = await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } });
    assert.equal(crossSite.status, 403);
    assert.match(error(crossSite), /Sec-Fetch-Site/);
  });

  it('still answers what GoCardless clients send: JSON, the PHP client\'s form body, bodiless POST/PUT, IP-literal and localhost Hosts', async () => {
    const port = new URL(sb.url).port;
    // Confirming an unknown id reaches the handler (404), so the body was accepted and read.
    const json = await rawRequest(`${sb.url}/api/v1/confirm`, { method: 'POST', headers: { ...basic, 'content-type': 'application/json' }, body: '{"resource_id":"NOPE","resource_type":"bill"}' });
    assert.equal(json.status, 404, json.body);
    const form = await rawRequest(`${sb.url}/api/v1/confirm`, { method: 'POST', headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'resource_id=NOPE&resource_type=bill' });
    assert.equal(form.status, 404, form.body);
    const retriable = asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=200`)).find((b) => b.can_be_retried);
    const active = ((await api(sb, `/api/v1/merchants/${m}/subscriptions?per_page=50`)).json as Array<{ id: string; status: string }>).find((s) => s.status === 'active');
    assert.ok(retriable && active, 'the seed has a retriable bill and an active subscription');
    const cancel = await rawRequest(`${sb.url}/api/v1/subscriptions/${active.id}/cancel`, { method: 'PUT', headers: { ...bearer, 'content-length': '0' } });
    assert.equal(cancel.status, 200, cancel.body);
    const retry = await rawRequest(`${sb.url}/api/v1/bills/${retriable.id}/retry`, { method: 'POST', headers: bearer });
    assert.equal(retry.status, 201, retry.body);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      assert.equal((await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, host } })).status, 200, host);
    }
  });

  it('keeps the browser-facing pages working: the payment page form posts with its own Origin', async () => {
    const page = await rawRequest(`${sb.url}/`, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'none' } });
    assert.equal(page.status, 200);
    // A form on the sandbox's own Connect page: the browser sends Origin; the Connect handler answers, not the API gate.
    const pay = await rawRequest(`${sb.url}/connect/pay`, { method: 'POST', headers: { origin: sb.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=unknown' });
    assert.notEqual(pay.status, 403);
    assert.notEqual(pay.status, 415);
  });

  it('says which part refused a foreign Host: the API\'s message names the API endpoints', async () => {
    const port = new URL(sb.url).port;
    const rebound = await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, host: `rebound.evil.example:${port}` } });
    assert.equal(error(rebound), 'API endpoints only answer requests addressed to the sandbox itself (the Host header names another server: DNS rebinding is refused).');
  });

  it('refuses any Origin on the API, even the sandbox\'s own; /admin takes its own pages\' Origin', async () => {
    // No GoCardless client sends Origin; the admin page's own forms do.
    const api = await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, origin: sb.url } });
    assert.equal(api.status, 403);
    assert.equal(error(api), 'API endpoints refuse requests with an Origin header: they come from a script on a web page, not from a GoCardless client.');
    const admin = await rawRequest(`${sb.url}/admin/clock`, { headers: { origin: sb.url } });
    assert.equal(admin.status, 200, admin.body);
    assert.equal((await rawRequest(`${sb.url}/admin/clock`, { headers: { origin: 'https://evil.example' } })).status, 403);
  });

  it('answers what a browser marks as same-origin or user-typed (Sec-Fetch-Site same-origin, none)', async () => {
    for (const site of ['same-origin', 'none']) {
      const answer = await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, 'sec-fetch-site': site } });
      assert.equal(answer.status, 200, site);
    }
    assert.equal((await rawRequest(`${sb.url}/api/v1/merchants/${m}`, { headers: { ...bearer, 'sec-fetch-site': 'same-site' } })).status, 403, 'another site on the same domain');
  });

  it('reads the body\'s media type case-insensitively and with spaces before its parameters', async () => {
    // RFC 9110 §8.3.1: "The type and subtype tokens are case-insensitive."
    const answer = await rawRequest(`${sb.url}/api/v1/confirm`, { method: 'POST', headers: { ...basic, 'content-type': 'Application/JSON ; charset=utf-8' }, body: '{"resource_id":"NOPE","resource_type":"bill"}' });
    assert.equal(answer.status, 404, answer.body);
  });

  it('refuses a text/plain body sent in chunks (no Content-Length) as one with a length', async () => {
    const answer = await rawRequest(`${sb.url}/api/v1/confirm`, { method: 'POST', headers: { ...basic, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, body: '{"resource_id":"B1","resource_type":"bill"}' });
    assert.equal(answer.status, 415);
  });
});

describe('addressedToSandbox (the Host header check against DNS rebinding)', () => {
  const base = 'http://127.0.0.1:4567';

  it('takes the sandbox\'s own host, localhost in any case, and any IP literal on its port', () => {
    for (const host of ['127.0.0.1:4567', 'localhost:4567', 'LocalHost:4567', '10.0.0.5:4567', '[::1]:4567', '[::ffff:192.168.1.2]:4567']) {
      assert.equal(addressedToSandbox(host, base), true, host);
    }
  });

  it('refuses no Host, a name, another port, and hosts that only contain an address', () => {
    for (const host of [undefined, 'rebound.evil.example:4567', '10.0.0.5:4568', '10.0.0.5', '[::1]:80', 'evil:10.0.0.5:4567', '10.0.0.5:4567.evil.example', '[[::1]:4567', '[::1]x:4567', 'a.b:4567']) {
      assert.equal(addressedToSandbox(host, base), false, String(host));
    }
  });
});
