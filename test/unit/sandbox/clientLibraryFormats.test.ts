import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { payOnPaymentPage } from '../linkBuilder/payOnPaymentPage';
import { startTestSandbox, type BillJson } from './sandboxFixtures';

/**
 * Issue 23: the sandbox accepts what GoCardless's own legacy client libraries
 * send. Each test sends, over HTTP, exactly the request one library makes
 * (docs/client-libraries.md has the table; the library sources were read, not
 * copied: the Node one is node_modules/gocardless, the others are
 * gocardless-legacy-python 0.5.3, gocardless-legacy-ruby 1.13.0 and
 * gocardless-legacy-php 0.4.2).
 *
 * The links are signed here the way those three sign (flatten to a[b] keys,
 * percent-encode all but A-Z a-z 0-9 - . _ ~, sort by key then value, join
 * with & and =, HMAC-SHA256 hex), written independently of src/core/signing,
 * and their URL query is that same sorted string with the signature in it.
 */

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Tree = { readonly [key: string]: string | Tree };

const LIBRARIES = {
  node: { userAgent: 'gocardless-node/v1.0.0-beta6', bearer: 'bearer' },
  python: { userAgent: 'gocardless-python/0.5.3', bearer: 'bearer' },
  ruby: { userAgent: 'gocardless-ruby/v1.13.0 (ruby 3.1.2 p20; x86_64-linux-gnu)', bearer: 'Bearer' },
  php: { userAgent: 'gocardless-php/v0.4.2', bearer: 'Bearer' },
} as const;
type Library = keyof typeof LIBRARIES;

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function flatten(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}[${k}]` : k;
    return typeof v === 'string' ? [[key, v] as [string, string]] : flatten(v, key);
  });
}

function sortedQuery(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
}

function sign(tree: Tree, secret: string): string {
  return createHmac('sha256', secret).update(sortedQuery(flatten(tree))).digest('hex');
}

/** A link as the Python, Ruby and PHP libraries write it: the sorted, encoded query including the signature. */
function libraryLink(sb: TestSandbox, plural: string, params: Tree): string {
  const signature = sign(params, sb.credentials.app_secret);
  return `${sb.url}/connect/${plural}/new?${sortedQuery([...flatten(params), ['signature', signature]])}`;
}

/** `%Y-%m-%dT%H:%M:%SZ`: Ruby's strftime, PHP's `Y-m-d\TH:i:s\Z`, Python's utcnow().isoformat()[:-7] + "Z". */
function secondsZ(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Bytes whose base64 is full of `+` and `/`; the first byte varies so each test's nonce is its own. */
function base64Nonce(byteCount: number, seed: number): string {
  const bytes = Buffer.alloc(byteCount);
  for (let i = 0; i < byteCount; i++) bytes[i] = i === 0 ? seed : [0xfb, 0xff, 0xbf][i % 3]!;
  return bytes.toString('base64');
}

async function send(sb: TestSandbox, library: Library, method: string, path: string, init: { body?: string; contentType?: string; basic?: boolean } = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': LIBRARIES[library].userAgent };
  headers['authorization'] = init.basic
    ? `Basic ${Buffer.from(`${sb.credentials.app_id}:${sb.credentials.app_secret}`).toString('base64')}`
    : `${LIBRARIES[library].bearer} ${sb.credentials.access_token}`;
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const res = await fetch(sb.url + path, { method, headers, body: init.body });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** Opens the link and pays as the customer; returns the redirect's params. */
async function payThrough(url: string): Promise<Record<string, string>> {
  const paid = await payOnPaymentPage(url);
  assert.equal(paid.status, 302, paid.page.slice(0, 300));
  return Object.fromEntries(new URL(paid.location).searchParams);
}

/** What every library checks before confirming: the redirect's signature over the other params. */
function assertRedirectSigned(sb: TestSandbox, redirect: Record<string, string>): void {
  const { signature, ...rest } = redirect;
  assert.equal(sign(rest, sb.credentials.app_secret), signature, 'the library\'s own signature check passes');
}

/** A request through node:http, for framing fetch does not offer (an empty chunked body). */
function rawRequest(sb: TestSandbox, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(sb.url + path, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function openStatus(url: string): Promise<{ status: number; error: string | null }> {
  const res = await fetch(url);
  await res.text();
  return { status: res.status, error: res.headers.get('x-gocardless-error') };
}

describe('the sandbox accepts what the official client libraries send (issue 23)', () => {
  let sb: TestSandbox;
  let m: string;
  beforeEach(async () => {
    sb = await startTestSandbox({ redirectUri: 'https://merchant.example/confirm' });
    m = sb.credentials.merchant_id;
  });
  afterEach(() => sb.dispose());

  async function activePreAuthorization(): Promise<string> {
    const list = (await send(sb, 'node', 'GET', `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string }>;
    return list[0]!.id;
  }

  async function failedBill(): Promise<string> {
    const bills = (await send(sb, 'node', 'GET', `/api/v1/merchants/${m}/bills?status=failed`)).json as Array<{ id: string }>;
    return bills[0]!.id;
  }

  describe('Python (gocardless 0.5.3)', () => {
    it('a pre-authorization link made as Client.new_pre_authorization_url makes it is accepted, paid and confirmed, and a bill is created under it', async () => {
      // expires_at=datetime(2028, 1, 10, 1, 58, 0, 139109) reaches the query as str(datetime): space, microseconds, no zone.
      const link = libraryLink(sb, 'pre_authorizations', {
        pre_authorization: {
          merchant_id: m, max_amount: '15.0', interval_length: '1', interval_unit: 'month', calendar_intervals: 'True',
          expires_at: '2028-01-10 01:58:00.139109', name: 'Court hire', user: { first_name: 'Ada', email: 'ada@example.com' },
        },
        state: 'order-7', redirect_uri: 'https://merchant.example/confirm', client_id: sb.credentials.app_id,
        timestamp: secondsZ(sb.clock.ms), // datetime.utcnow().isoformat()[:-7] + "Z"
        nonce: base64Nonce(40, 1), // base64.b64encode(os.urandom(40)): 56 characters ending "=="
      });
      assert.ok(link.includes('expires_at%5D=2028-01-10%2001%3A58%3A00.139109'), 'the value is sent exactly as Python writes it');
      assert.match(decodeURIComponent(/nonce=([^&]+)/.exec(link)![1]!), /^[A-Za-z0-9+/]{54}==$/);
      const redirect = await payThrough(link);
      assertRedirectSigned(sb, redirect);
      assert.equal(redirect['state'], 'order-7');

      // confirm_resource: api_post("/confirm", {...}, auth=(app_id, app_secret)) → JSON body, Basic auth.
      const confirmed = await send(sb, 'python', 'POST', '/api/v1/confirm', {
        basic: true, contentType: 'application/json',
        body: JSON.stringify({ resource_id: redirect['resource_id'], resource_type: redirect['resource_type'] }),
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
      assert.deepEqual(confirmed.json, { success: true });

      const pre = (await send(sb, 'python', 'GET', `/api/v1/pre_authorizations/${redirect['resource_id']}`)).json as { status: string; expires_at: string; max_amount: string };
      assert.equal(pre.status, 'active');
      assert.equal(pre.expires_at, '2028-01-10T01:58:00Z', 'a time without a zone is UTC');
      assert.equal(pre.max_amount, '15.00');

      // PreAuthorization.create_bill(10.0): json.dumps puts the float in as a number.
      const bill = await send(sb, 'python', 'POST', '/api/v1/bills', {
        contentType: 'application/json', body: `{"bill": {"amount": 10.0, "pre_authorization_id": "${redirect['resource_id']}"}}`,
      });
      assert.equal(bill.status, 201, JSON.stringify(bill.json));
      assert.equal((bill.json as BillJson).amount, '10.00');
      assert.equal((bill.json as BillJson).source_id, redirect['resource_id']);
    });

    it('a subscription link with start_at and expires_at as isoformat()[:-7] + "Z" is accepted', async () => {
      const link = libraryLink(sb, 'subscriptions', {
        subscription: { merchant_id: m, amount: '10.5', interval_length: '1', interval_unit: 'month', start_at: '2026-03-01T09:30:00Z', expires_at: '2027-03-01T09:30:00Z' },
        client_id: sb.credentials.app_id, timestamp: secondsZ(sb.clock.ms), nonce: base64Nonce(40, 2),
      });
      assert.equal((await openStatus(link)).status, 200);
    });

    it('filters as requests encodes Python values: paid=True, before=str(datetime) with + for the space', async () => {
      const all = (await send(sb, 'python', 'GET', `/api/v1/merchants/${m}/bills`)).json as BillJson[];
      const r = await send(sb, 'python', 'GET', `/api/v1/merchants/${m}/bills?paid=True&before=2026-01-10+01%3A58%3A00.139109`);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const expected = all.filter((b) => (b.status === 'paid' || b.status === 'withdrawn') && Date.parse(b.created_at) < Date.parse('2026-01-10T01:58:00.139Z'));
      assert.ok(expected.length > 0);
      assert.deepEqual((r.json as BillJson[]).map((b) => b.id).sort(), expected.map((b) => b.id).sort());
    });

    it('merchant(): where the library and the spec disagree about a response, the spec wins ("next_payout_date": "2014-08-01")', async () => {
      const pre = await activePreAuthorization();
      await send(sb, 'python', 'POST', '/api/v1/bills', { contentType: 'application/json', body: JSON.stringify({ bill: { amount: '5.00', pre_authorization_id: pre } }) });
      await sb.advanceClock(86_400_000); // a day on: the bill is paid and a payout is due
      const merchant = (await send(sb, 'python', 'GET', `/api/v1/merchants/${m}`)).json as { next_payout_date: string | null };
      assert.match(merchant.next_payout_date ?? '', /^\d{4}-\d{2}-\d{2}$/, 'a date, as the spec\'s merchant example shows');
      // Client.merchant() reads it with strptime(val, "%Y-%m-%dT%H:%M:%SZ"), which this is not: it raises ValueError.
      // The Python snippet and docs/client-libraries.md say so.
      assert.doesNotMatch(merchant.next_payout_date!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('cancel() is a PUT with the JSON body "{}"', async () => {
      const id = await activePreAuthorization();
      const r = await send(sb, 'python', 'PUT', `/api/v1/pre_authorizations/${id}/cancel`, { contentType: 'application/json', body: '{}' });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal((r.json as { status: string }).status, 'cancelled');
    });
  });

  /** /oauth/authorize → approve a new merchant → the code on the redirect (the partner guide's first two steps). */
  async function authorizationCode(redirectUri: string): Promise<string> {
    const authorize = new URL('/oauth/authorize', sb.url);
    authorize.search = new URLSearchParams({ client_id: sb.credentials.app_id, redirect_uri: redirectUri, scope: 'manage_merchant', response_type: 'code' }).toString();
    const html = await (await fetch(authorize)).text();
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const approve = await fetch(new URL('/oauth/authorize', sb.url), {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, decision: 'approve', merchant: 'new', name: 'Library Ltd', email: 'owner@example.com', first_name: 'Roy', last_name: 'Roy' }).toString(),
    });
    assert.equal(approve.status, 302);
    return new URL(approve.headers.get('location')!).searchParams.get('code')!;
  }

  describe('OAuth token exchange (outside /api/v1)', () => {
    const REDIRECT = 'https://merchant.example/confirm';
    it('Python fetch_access_token: the parameters in the query, Basic auth, no body', async () => {
      const code = await authorizationCode(REDIRECT);
      const query = new URLSearchParams({ client_id: sb.credentials.app_id, code, redirect_uri: REDIRECT, grant_type: 'authorization_code' });
      const r = await send(sb, 'python', 'POST', `/oauth/access_token?${query}`, { basic: true });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.match((r.json as { scope: string }).scope, /^manage_merchant:/);
    });

    it('PHP fetch_access_token: http_build_query form body, Basic auth', async () => {
      const code = await authorizationCode(REDIRECT);
      const body = new URLSearchParams({ client_id: sb.credentials.app_id, code, redirect_uri: REDIRECT, grant_type: 'authorization_code' }).toString();
      const r = await send(sb, 'php', 'POST', '/oauth/access_token', { basic: true, contentType: 'application/x-www-form-urlencoded', body });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    });

    it('Ruby (oauth2 gem 1.x) auth_code.get_token: client_id and client_secret in the form body, no Basic header', async () => {
      const token = async (secret: string): Promise<{ status: number; json: unknown }> => {
        const code = await authorizationCode(REDIRECT);
        const res = await fetch(`${sb.url}/oauth/access_token`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Faraday v0.9.2' },
          body: new URLSearchParams({ client_id: sb.credentials.app_id, client_secret: secret, code, redirect_uri: REDIRECT, grant_type: 'authorization_code' }).toString(),
        });
        return { status: res.status, json: await res.json() };
      };
      const r = await token(sb.credentials.app_secret);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.match((r.json as { scope: string }).scope, /^manage_merchant:/);
      // The secret in the body is checked as the Basic one is: a wrong one is refused.
      const wrong = await token('not the app secret');
      assert.equal(wrong.status, 401);
      assert.equal((wrong.json as { error: string }).error, 'invalid_client');
    });
  });

  describe('Ruby (gocardless 1.13.0)', () => {
    it('links: a 60-character nonce without padding, Time as %Y-%m-%dT%H:%M:%SZ, DateTime#to_s with +00:00, Date#to_s, true', async () => {
      const common = { client_id: sb.credentials.app_id, timestamp: secondsZ(sb.clock.ms) };
      const subscription = libraryLink(sb, 'subscriptions', {
        ...common, nonce: base64Nonce(45, 3), // Base64.encode64(45 random bytes).strip
        subscription: { merchant_id: m, amount: '10.00', interval_length: '1', interval_unit: 'week', start_at: '2026-02-01T09:00:00Z', expires_at: '2027-01-10T00:00:00+00:00' },
      });
      assert.match(decodeURIComponent(/nonce=([^&]+)/.exec(subscription)![1]!), /^[A-Za-z0-9+/]{60}$/);
      assert.equal((await openStatus(subscription)).status, 200);
      const pre = libraryLink(sb, 'pre_authorizations', {
        ...common, nonce: base64Nonce(45, 4),
        pre_authorization: { merchant_id: m, max_amount: '50', interval_length: '1', interval_unit: 'month', calendar_intervals: 'true', expires_at: '2027-01-10' },
      });
      const redirect = await payThrough(pre);
      assertRedirectSigned(sb, redirect);
      // confirm_resource: request(:post, "#{api_url}/confirm", data: {...}, headers: {'Authorization' => "Basic …"}) → JSON.
      const confirmed = await send(sb, 'ruby', 'POST', '/api/v1/confirm', {
        basic: true, contentType: 'application/json',
        body: JSON.stringify({ resource_id: redirect['resource_id'], resource_type: redirect['resource_type'] }),
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
      const got = (await send(sb, 'ruby', 'GET', `/api/v1/pre_authorizations/${redirect['resource_id']}`)).json as { status: string; expires_at: string };
      assert.deepEqual([got.status, got.expires_at], ['active', '2027-01-10T00:00:00Z'], 'Date#to_s is midnight UTC');
    });

    it('create_bill posts {"bill": {...}} as JSON; charge_customer_at goes through DateTime.parse and out as a date-time', async () => {
      const id = await activePreAuthorization();
      const r = await send(sb, 'ruby', 'POST', '/api/v1/bills', {
        contentType: 'application/json',
        body: JSON.stringify({ bill: { pre_authorization_id: id, amount: '5.00', name: 'Ruby', charge_customer_at: '2026-02-01T00:00:00+00:00' } }),
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      assert.equal((r.json as BillJson).charge_customer_at, '2026-02-01', 'the date written in the date-time');
    });

    it('retry! is a POST and cancel! a PUT, each with the JSON body "{}"', async () => {
      const bill = await failedBill();
      const retried = await send(sb, 'ruby', 'POST', `/api/v1/bills/${bill}/retry`, { contentType: 'application/json', body: '{}' });
      assert.equal(retried.status, 201, JSON.stringify(retried.json));
      const pre = await activePreAuthorization();
      const cancelled = await send(sb, 'ruby', 'PUT', `/api/v1/pre_authorizations/${pre}/cancel`, { contentType: 'application/json', body: '{}' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.json));
    });

    it('the paginator\'s query: page=1&per_page=30, a Time filter as Time#to_s ("… UTC", with + for spaces)', async () => {
      const r = await send(sb, 'ruby', 'GET', `/api/v1/merchants/${m}/bills?after=2025-12-01+00%3A00%3A00+UTC&paid=true&page=1&per_page=30`);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const bills = r.json as BillJson[];
      assert.ok(bills.length > 0 && bills.length <= 30);
      for (const b of bills) assert.ok(Date.parse(b.created_at) > Date.parse('2025-12-01T00:00:00Z') && (b.status === 'paid' || b.status === 'withdrawn'), b.id);
    });
  });

  describe('PHP (gocardless 0.4.2)', () => {
    it('a link with a base64 nonce of digits, calendar_intervals as 1 and DATE_ISO8601 dates is accepted, paid, and confirmed with a form body', async () => {
      const digits = Array.from({ length: 45 }, (_, i) => String(((i * 37) % 256) + 1)).join(''); // rand(1, 256) × 45, concatenated
      const link = libraryLink(sb, 'pre_authorizations', {
        pre_authorization: { merchant_id: m, max_amount: '20.00', interval_length: '1', interval_unit: 'month', calendar_intervals: '1', expires_at: '2027-01-10T01:58:00+0000' },
        client_id: sb.credentials.app_id, timestamp: secondsZ(sb.clock.ms), nonce: Buffer.from(digits).toString('base64'),
      });
      const redirect = await payThrough(link);
      assertRedirectSigned(sb, redirect);
      // confirm_resource: curl POST, http_build_query fields (a form body), CURLOPT_USERPWD (Basic).
      const confirmed = await send(sb, 'php', 'POST', '/api/v1/confirm', {
        basic: true, contentType: 'application/x-www-form-urlencoded',
        body: `resource_id=${encodeURIComponent(redirect['resource_id']!)}&resource_type=${redirect['resource_type']}`,
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
      const pre = (await send(sb, 'php', 'GET', `/api/v1/pre_authorizations/${redirect['resource_id']}`)).json as { status: string; expires_at: string };
      assert.equal(pre.status, 'active');
      assert.equal(pre.expires_at, '2027-01-10T01:58:00Z');
    });

    it('create_bill posts http_build_query(array("bill" => …)) as a form body', async () => {
      const id = await activePreAuthorization();
      const r = await send(sb, 'php', 'POST', '/api/v1/bills', {
        contentType: 'application/x-www-form-urlencoded', body: `bill%5Bamount%5D=3.50&bill%5Bpre_authorization_id%5D=${encodeURIComponent(id)}&bill%5Bname%5D=PHP+bill`,
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      assert.equal((r.json as BillJson).amount, '3.50');
      assert.equal((r.json as BillJson).name, 'PHP bill');
    });

    it('retry() is a POST with no fields (an empty form body) and cancel() a PUT with an empty upload', async () => {
      const bill = await failedBill();
      const retried = await send(sb, 'php', 'POST', `/api/v1/bills/${bill}/retry`, { contentType: 'application/x-www-form-urlencoded', body: '' });
      assert.equal(retried.status, 201, JSON.stringify(retried.json));
      // libcurl may send a POST of unknown length as an empty chunked body instead of Content-Length: 0.
      const second = (await send(sb, 'node', 'GET', `/api/v1/merchants/${m}/bills?status=failed`)).json as Array<{ id: string }>;
      const chunked = await rawRequest(sb, 'POST', `/api/v1/bills/${second[1]!.id}/retry`, {
        'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked', accept: 'application/json',
        authorization: `Bearer ${sb.credentials.access_token}`, 'user-agent': LIBRARIES.php.userAgent,
      });
      assert.equal(chunked, 201);
      const pre = await activePreAuthorization();
      const cancelled = await send(sb, 'php', 'PUT', `/api/v1/pre_authorizations/${pre}/cancel`, { body: '' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.json));
    });

    it('sub-resource filters through http_build_query: paid=1 is paid=true', async () => {
      const one = await send(sb, 'php', 'GET', `/api/v1/merchants/${m}/bills?paid=1`);
      const yes = await send(sb, 'php', 'GET', `/api/v1/merchants/${m}/bills?paid=true`);
      assert.equal(one.status, 200, JSON.stringify(one.json));
      assert.deepEqual(one.json, yes.json);
      const zero = await send(sb, 'php', 'GET', `/api/v1/merchants/${m}/bills?paid=0`);
      assert.ok((zero.json as BillJson[]).every((b) => b.status !== 'paid' && b.status !== 'withdrawn'));
    });
  });

  describe('Node (gocardless 1.0.0-beta6; the library itself runs in officialClient.test.ts)', () => {
    it('a link stamped by toISOString() (milliseconds) with a 32-byte nonce (one "="), in qs.stringify order', async () => {
      const params = {
        client_id: sb.credentials.app_id, timestamp: new Date(sb.clock.ms + 123).toISOString(), nonce: base64Nonce(32, 5),
        bill: { amount: '10.00', name: 'Node', merchant_id: m },
      };
      assert.match(params.timestamp, /\.123Z$/);
      assert.match(params.nonce, /^[A-Za-z0-9+/]{43}=$/);
      // qs.stringify keeps insertion order and encodes brackets; the signature is over the sorted form.
      const query = new URLSearchParams([...flatten(params), ['signature', sign(params, sb.credentials.app_secret)]]).toString();
      const redirect = await payThrough(`${sb.url}/connect/bills/new?${query}`);
      assertRedirectSigned(sb, redirect);
    });

    it('retry is a POST and cancel a PUT without a body or a Content-Type', async () => {
      const bill = await failedBill();
      assert.equal((await send(sb, 'node', 'POST', `/api/v1/bills/${bill}/retry`)).status, 201);
      assert.equal((await send(sb, 'node', 'PUT', `/api/v1/pre_authorizations/${await activePreAuthorization()}/cancel`)).status, 200);
    });
  });
});
