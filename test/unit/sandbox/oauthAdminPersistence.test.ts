import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { startSandbox } from '../../../src/core/sandbox';
import { api, asBills, startTestSandbox } from './sandboxFixtures';
import { authorizeNewMerchant, exchange, OAUTH_REDIRECT } from './oauthSteps';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

describe('sandbox partner OAuth', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.dispose());

  it('creates a merchant whose token works on its own resources only', async () => {
    const { id, token } = await authorizeNewMerchant(sb, 'Roy\'s Burger Emporium');
    const merchant = await api(sb, `/api/v1/merchants/${id}`, { token });
    assert.equal(merchant.status, 200);
    assert.equal((merchant.json as { name: string }).name, 'Roy\'s Burger Emporium');
    assert.deepEqual(asBills(await api(sb, `/api/v1/merchants/${id}/bills`, { token })), []);
    assert.equal((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}`, { token })).status, 403);
  });

  it('codes are single-use, bound to the redirect_uri and the app secret', async () => {
    const { code } = await authorizeNewMerchant(sb, 'Shop');
    const reused = await exchange(sb, code);
    assert.equal(reused.status, 400);
    assert.equal((reused.json as { error: string }).error, 'invalid_grant');
    const { code: fresh } = await codeOnly(sb);
    assert.equal((await exchange(sb, fresh, { redirect_uri: `${OAUTH_REDIRECT}/other` })).status, 400);
    const { code: another } = await codeOnly(sb);
    assert.equal((await exchange(sb, another, {}, 'wrong secret')).status, 401);
    const { code: expired } = await codeOnly(sb);
    sb.clock.ms += 11 * 60_000;
    assert.equal((await exchange(sb, expired)).status, 400, 'codes live 10 minutes');
  });

  it('the access token request needs client_id, as the Partner guide lists it', async () => {
    // The spec: "The request should be made with the following parameters: client_id your app identifier,
    // code …, redirect_uri …, grant_type …"
    const { code } = await codeOnly(sb);
    const res = await fetch(new URL('/oauth/access_token', sb.url), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sb.credentials.app_id}:${sb.credentials.app_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }).toString(),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /client_id is required/);
    const { code: other } = await codeOnly(sb);
    assert.equal((await exchange(sb, other, { client_id: 'SOMEONE_ELSE' })).status, 401);
  });

  it('reads the Basic header as "user:password": one without a colon is no credentials, one with an empty user is wrong ones', async () => {
    // The Partner guide: "This request should be authenticated by passing the app identifier and app secret via HTTP Basic Authorization."
    const token = async (authorization: string): Promise<number> => {
      const { code } = await codeOnly(sb);
      const res = await fetch(new URL('/oauth/access_token', sb.url), {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: sb.credentials.app_id, client_secret: sb.credentials.app_secret, code, redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }).toString(),
      });
      return res.status;
    };
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    assert.equal(await token(`Basic ${b64(sb.credentials.app_id + sb.credentials.app_secret)}`), 200, 'no colon: the body\'s client_id and client_secret authenticate');
    assert.equal(await token(`Basic ${b64(`:${sb.credentials.app_secret}`)}`), 401, 'an empty user name is not the app');
  });

  it('redirects with an empty body', async () => {
    const html = await (await fetch(`${sb.url}/oauth/authorize?${new URLSearchParams({ client_id: sb.credentials.app_id, redirect_uri: OAUTH_REDIRECT, scope: 'manage_merchant', response_type: 'code' }).toString()}`)).text();
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const res = await fetch(`${sb.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, decision: 'approve', merchant: sb.credentials.merchant_id }).toString(),
    });
    assert.equal(res.status, 302);
    assert.equal(await res.text(), '');
  });

  it('shows every merchant[…] prefill as text, and refuses a merchant_type the spec does not list', async () => {
    // The spec: "The variable merchant['merchant_type'] can be set to one of the following values:
    // 'business' | 'charity' | 'individual'"
    const authorize = (merchant: Record<string, string>): Promise<Response> => fetch(`${sb.url}/oauth/authorize?${new URLSearchParams({
      client_id: sb.credentials.app_id, redirect_uri: OAUTH_REDIRECT, scope: 'manage_merchant', response_type: 'code',
      ...Object.fromEntries(Object.entries(merchant).map(([k, v]) => [`merchant${k}`, v])),
    }).toString()}`);
    const bad = await authorize({ '[merchant_type]': 'corporation' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-gocardless-error'), 'merchant[merchant_type] must be one of business, charity, individual');
    const prefill = {
      '[name]': 'Dr <b>Roy</b>', '[phone_number]': '07500000000', '[description]': 'Burgers & mash', '[merchant_type]': 'charity',
      '[company_name]': "Roy's Burger Emporium", '[company_registration]': '0112358132134', '[bank_reference]': 'ROYSBURGERS',
      '[user][email]': 'roy@example.com', '[user][first_name]': 'Roy', '[user][last_name]': '<script>x()</script>',
    };
    const page = await authorize(prefill);
    const html = await page.text();
    assert.equal(page.status, 200, html);
    for (const [field, shown] of [
      ['name', 'Dr &lt;b&gt;Roy&lt;/b&gt;'], ['phone_number', '07500000000'], ['description', 'Burgers &amp; mash'], ['merchant_type', 'charity'],
      ['company_name', 'Roy&#39;s Burger Emporium'], ['company_registration', '0112358132134'], ['bank_reference', 'ROYSBURGERS'],
      ['email', 'roy@example.com'], ['first_name', 'Roy'], ['last_name', '&lt;script&gt;x()&lt;/script&gt;'],
    ]) {
      assert.ok(html.includes(`<dd data-field="${field}">${shown}</dd>`), `${field} is shown as text`);
    }
    assert.ok(!html.includes('<b>Roy</b>') && !html.includes('<script>x()'), 'no markup from the link');
    assert.match(html, /<option value="charity" selected>/);
  });

  it('refuses an unknown client and a redirect_uri not matching the registered one', async () => {
    const page = (q: Record<string, string>): Promise<Response> => fetch(`${sb.url}/oauth/authorize?${new URLSearchParams({ scope: 'manage_merchant', response_type: 'code', ...q }).toString()}`);
    const badClient = await page({ client_id: 'nope', redirect_uri: OAUTH_REDIRECT });
    assert.equal(badClient.status, 400);
    assert.equal(badClient.headers.get('x-gocardless-error'), 'Client is invalid');
    const badRedirect = await page({ client_id: sb.credentials.app_id, redirect_uri: 'https://elsewhere.example/cb' });
    assert.equal(badRedirect.headers.get('x-gocardless-error'), 'Redirect uri does not match the uri registered in the developer panel');
  });
});

/** Authorize with an existing merchant and return the code without exchanging it. */
async function codeOnly(sb: TestSandbox): Promise<{ code: string }> {
  const html = await (await fetch(`${sb.url}/oauth/authorize?${new URLSearchParams({ client_id: sb.credentials.app_id, redirect_uri: OAUTH_REDIRECT, scope: 'manage_merchant', response_type: 'code' }).toString()}`)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(`${sb.url}/oauth/authorize`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision: 'approve', merchant: sb.credentials.merchant_id }).toString(),
  });
  return { code: new URL(res.headers.get('location')!).searchParams.get('code')! };
}

describe('sandbox admin endpoints', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.dispose());

  const admin = (path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${sb.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('advances the clock and reports what ran', async () => {
    const before = (await (await admin('/admin/clock')).json()) as { now: string };
    const r = await admin('/admin/clock', 'POST', { days: 2 });
    assert.equal(r.status, 200);
    const report = (await r.json()) as { now: string; advancedMs: number };
    assert.equal(report.advancedMs, 2 * 86_400_000);
    assert.equal(Date.parse(report.now) - Date.parse(before.now), 2 * 86_400_000);
    assert.equal(sb.now().toISOString(), report.now);
    assert.equal((await admin('/admin/clock', 'POST', { days: -1 })).status, 400);
  });

  it('sets the webhook URL and redirect URIs, and refuses cross-site requests', async () => {
    assert.equal((await admin('/admin/webhook-url', 'PUT', { url: 'http://127.0.0.1:1/hook' })).status, 200);
    assert.equal((await admin('/admin/webhook-url', 'PUT', { url: 'ftp://x' })).status, 400);
    assert.equal((await admin('/admin/redirect-uris', 'PUT', { redirect_uri: 'http://localhost:3000/done' })).status, 200);
    assert.equal((await admin('/admin/clock', 'POST', { days: 1 }, { origin: 'https://evil.example' })).status, 403);
    const form = await fetch(`${sb.url}/admin/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(form.status, 415);
  });

  it('reset regenerates the seeded data', async () => {
    const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=withdrawn`))[0]!;
    assert.equal((await admin(`/admin/merchants/${sb.credentials.merchant_id}/settings`, 'PUT', { refunds_enabled: true })).status, 200);
    assert.equal((await api(sb, `/api/v1/bills/${bill.id}/refund`, { method: 'POST' })).status, 201);
    const reset = await admin('/admin/reset', 'POST', {});
    assert.equal(reset.status, 200);
    assert.deepEqual(await reset.json(), { success: true });
    assert.equal(((await api(sb, `/api/v1/bills/${bill.id}`)).json as { status: string }).status, 'withdrawn');
    assert.equal(sb.merchants().find((x) => x.id === sb.credentials.merchant_id)?.refunds_enabled, false, 'the switch is reset too');
  });

  const errorOf = async (r: Response): Promise<string> => ((await r.json()) as { error: string[] }).error[0]!;

  it('moves the clock by ms, hours, days or to a date-time, by zero too, and says exactly what it refuses', async () => {
    const advanced = async (body: unknown): Promise<number> => {
      const r = await admin('/admin/clock', 'POST', body);
      assert.equal(r.status, 200, JSON.stringify(body));
      return ((await r.json()) as { advancedMs: number }).advancedMs;
    };
    assert.equal(await advanced({ ms: 1500 }), 1500);
    assert.equal(await advanced({ hours: 2 }), 2 * 3_600_000);
    assert.equal(await advanced({ ms: 0 }), 0, 'standing still is not moving backwards');
    assert.equal(await advanced({ to: new Date(sb.now().getTime() + 60_000).toISOString() }), 60_000);
    for (const [body, message] of [
      [{}, 'Give how far to move the clock: {"ms": n}, {"hours": n}, {"days": n} or {"to": "<ISO date-time>"}.'],
      [{ to: 'tomorrow' }, 'to must be an ISO 8601 date-time.'],
      [{ days: -1 }, 'The sandbox clock only moves forward.'],
      [{ to: new Date(sb.now().getTime() - 60_000).toISOString() }, 'The sandbox clock only moves forward.'],
      [{ days: 1e308 }, 'The sandbox clock only moves forward.'],
    ] as const) {
      const r = await admin('/admin/clock', 'POST', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(await errorOf(r), message, JSON.stringify(body));
    }
  });

  it('sets a bill\'s outcome now, or scripts it for settlement with when=settle', async () => {
    const pre = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/pre_authorizations?status=active`)).json as Array<{ id: string }>)[0]!;
    const pending: Array<{ id: string }> = [];
    for (let i = 0; i < 2; i++) pending.push((await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00', pre_authorization_id: pre.id } } })).json as { id: string });
    const outcome = (id: string, body: unknown): Promise<Response> => admin(`/admin/bills/${id}/outcome`, 'POST', body);
    const now = await outcome(pending[0]!.id, { outcome: 'paid' });
    assert.equal(now.status, 200);
    assert.equal(((await now.json()) as { status: string }).status, 'paid');
    const scripted = await outcome(pending[1]!.id, { outcome: 'failed', when: 'settle' });
    assert.equal(scripted.status, 200);
    assert.equal(((await scripted.json()) as { status: string }).status, 'pending', 'nothing happens before settlement');
    assert.equal((await admin('/admin/clock', 'POST', { days: 5 })).status, 200);
    assert.equal(((await api(sb, `/api/v1/bills/${pending[1]!.id}`)).json as { status: string }).status, 'failed', 'it settles as scripted');
    for (const [id, body, status, message] of [
      ['NOPE', { outcome: 'paid' }, 404, 'Bill NOPE not found.'],
      [pending[0]!.id, { outcome: 'lost' }, 400, 'outcome must be one of paid, failed, chargedback, refunded, cancelled, retried, withdrawn.'],
      [pending[0]!.id, {}, 400, 'outcome must be one of paid, failed, chargedback, refunded, cancelled, retried, withdrawn.'],
      [pending[0]!.id, { outcome: 'chargedback', when: 'settle' }, 400, 'when=settle takes outcome paid or failed.'],
    ] as const) {
      const r = await outcome(id, body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(await errorOf(r), message);
    }
  });

  it('webhook-url and redirect-uris answer {"success": true}; null clears the webhook URL; bad values are named', async () => {
    for (const [path, body] of [['/admin/webhook-url', { url: 'http://127.0.0.1:1/hook' }], ['/admin/webhook-url', { url: null }], ['/admin/webhook-url', { url: null, merchant_id: sb.credentials.merchant_id }], ['/admin/redirect-uris', { cancel_uri: 'http://localhost:3000/cancel' }]] as const) {
      const r = await admin(path, 'PUT', body);
      assert.equal(r.status, 200, JSON.stringify(body));
      assert.deepEqual(await r.json(), { success: true });
    }
    for (const [path, body, status, message] of [
      ['/admin/webhook-url', { url: 'ftp://x' }, 400, 'url must be an http(s) URL or null.'],
      ['/admin/webhook-url', { url: 'http://127.0.0.1:1/hook', merchant_id: 'NOPE' }, 404, 'Merchant NOPE not found.'],
      ['/admin/redirect-uris', { redirect_uri: 'javascript:alert(1)' }, 400, 'redirect_uri must be an http(s) URL.'],
    ] as const) {
      const r = await admin(path, 'PUT', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(await errorOf(r), message);
    }
  });

  it('names an unknown endpoint and an unknown merchant, pointing at the lists', async () => {
    const endpoint = await admin('/admin/nope');
    assert.equal(endpoint.status, 404);
    assert.equal(await errorOf(endpoint), 'No admin endpoint GET /admin/nope. See GET /admin for the list.');
    const merchant = await admin('/admin/merchants/NOPE/settings');
    assert.equal(merchant.status, 404);
    assert.equal(await errorOf(merchant), 'Merchant NOPE not found (GET /admin/merchants lists them).');
  });

  it('takes requests from its own page\'s origin, refuses other origins naming the admin endpoints', async () => {
    assert.equal((await admin('/admin/clock', 'GET', undefined, { origin: new URL(sb.url).origin })).status, 200);
    const foreign = await admin('/admin/clock', 'GET', undefined, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.match(await errorOf(foreign), /^Admin endpoints refuse requests with an Origin header/);
  });

  it('needs JSON only for a body that has content: charset parameters are fine, blank bodies are no body', async () => {
    const charset = await admin('/admin/redirect-uris', 'PUT', {}, { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(charset.status, 200);
    const blank = await fetch(`${sb.url}/admin/redirect-uris`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '  \n' });
    assert.equal(blank.status, 200);
    const text = await fetch(`${sb.url}/admin/redirect-uris`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(text.status, 415);
    assert.equal(await errorOf(text), 'Admin requests take a JSON body (Content-Type: application/json).');
    // A GET's body is not read at all (node:http, unlike fetch, sends one).
    const get = await new Promise<number>((resolve, reject) => {
      const req = request(`${sb.url}/admin/clock`, { method: 'GET', headers: { 'content-type': 'text/plain' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('not json');
    });
    assert.equal(get, 200);
  });

  it('takes a body of exactly 64 KiB and refuses one byte more (413)', async () => {
    const sized = (bytes: number): string => '{}' + ' '.repeat(bytes - 2);
    const exact = await fetch(`${sb.url}/admin/redirect-uris`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: sized(64 * 1024) });
    assert.equal(exact.status, 200);
    const over = await fetch(`${sb.url}/admin/redirect-uris`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: sized(64 * 1024 + 1) });
    assert.equal(over.status, 413);
    assert.equal(await errorOf(over), 'Request body larger than 65536 bytes.');
  });
});

describe('sandbox data and persistence', () => {
  it('the same seed gives the same data', async () => {
    const clock = Date.UTC(2026, 0, 1);
    const a = await startSandbox({ seed: 42, now: () => new Date(clock) });
    const b = await startSandbox({ seed: 42, now: () => new Date(clock) });
    const c = await startSandbox({ seed: 43, now: () => new Date(clock) });
    try {
      const bills = async (s: typeof a): Promise<string> => (await api(s, `/api/v1/merchants/${s.credentials.merchant_id}/bills`)).text.replaceAll(s.url, '');
      assert.deepEqual(a.credentials, b.credentials);
      assert.equal(await bills(a), await bills(b));
      assert.notEqual(await bills(a), await bills(c));
    } finally {
      await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
    }
  });

  it('keeps state and clock across a restart with a data directory, written atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gc-sandbox-'));
    try {
      const first = await startTestSandbox({ dataDir: dir, refundsEnabled: true });
      const bill = asBills(await api(first, `/api/v1/merchants/${first.credentials.merchant_id}/bills?status=withdrawn`))[0]!;
      assert.equal((await api(first, `/api/v1/bills/${bill.id}/refund`, { method: 'POST' })).status, 201);
      await first.advanceClock(86_400_000);
      const clock = first.now().toISOString();
      await first.dispose();
      assert.deepEqual((await readdir(dir)).sort(), ['sandbox-state.json'], 'no temporary file left behind');
      const second = await startTestSandbox({ dataDir: dir, seed: 999 });
      try {
        assert.equal(((await api(second, `/api/v1/bills/${bill.id}`, { token: first.credentials.access_token })).json as { status: string }).status, 'refunded');
        assert.equal(second.now().toISOString(), clock);
        assert.equal(second.merchants().find((x) => x.id === first.credentials.merchant_id)?.refunds_enabled, true, 'the refunds switch is saved');
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads a state saved before the merchant settings existed, with both off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gc-sandbox-'));
    try {
      const first = await startTestSandbox({ dataDir: dir, refundsEnabled: true });
      const merchantId = first.credentials.merchant_id;
      await first.dispose();
      const file = join(dir, 'sandbox-state.json');
      const saved = JSON.parse(await readFile(file, 'utf8')) as { merchants: Array<Record<string, unknown>> };
      for (const m of saved.merchants) {
        delete m['refundsEnabled'];
        delete m['internationalPayments'];
      }
      await writeFile(file, JSON.stringify(saved));
      const second = await startTestSandbox({ dataDir: dir });
      try {
        assert.ok(second.merchants().every((m) => !m.refunds_enabled && !m.international_payments));
        const bill = asBills(await api(second, `/api/v1/merchants/${merchantId}/bills?status=withdrawn`, { token: first.credentials.access_token }))[0]!;
        assert.equal((await api(second, `/api/v1/bills/${bill.id}/refund`, { method: 'POST', token: first.credentials.access_token })).status, 403);
      } finally {
        await second.dispose();
      }
      const third = await startTestSandbox({ dataDir: dir, refundsEnabled: true });
      try {
        assert.equal(third.merchants().find((m) => m.id === merchantId)?.refunds_enabled, true, 'the start option switches a saved merchant too');
      } finally {
        await third.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
