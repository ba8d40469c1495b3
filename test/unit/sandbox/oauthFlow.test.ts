// The Partner guide's OAuth flow as the sandbox serves it: the authorize page a user sees, what approving or
// denying sends back to the app, and every refusal of /oauth/access_token (the partner-OAuth tests in
// oauthAdminPersistence.test.ts walk the happy path).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeHtml } from '../../../src/core/http/escapeHtml';
import { CODE_TTL_MS } from '../../../src/core/sandbox/oauthFlow';
import { rawRequest } from '../extension/browserRequests';
import { exchange, OAUTH_REDIRECT } from './oauthSteps';
import { api, startTestSandbox } from './sandboxFixtures';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
const MINUTE = 60_000;

function authorizeUrl(sb: TestSandbox, extra: Record<string, string> = {}): string {
  return `${sb.url}/oauth/authorize?${new URLSearchParams({
    client_id: sb.credentials.app_id, redirect_uri: OAUTH_REDIRECT, scope: 'manage_merchant', response_type: 'code', ...extra,
  }).toString()}`;
}

async function openPage(url: string): Promise<{ status: number; html: string; headers: Headers; token: string }> {
  const res = await fetch(url);
  const html = await res.text();
  return { status: res.status, html, headers: res.headers, token: /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

function post(sb: TestSandbox, form: Record<string, string>): Promise<Response> {
  return fetch(`${sb.url}/oauth/authorize`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });
}

/** The text between two markers of a page (markup included). */
function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  assert.ok(from >= 0, `the page has ${start}`);
  const to = html.indexOf(end, from + start.length);
  assert.ok(to >= 0, `the page has ${end} after ${start}`);
  return html.slice(from + start.length, to);
}

/** The error page's texts: the message and, when there is one, the advice under it. */
function errorTexts(html: string): string[] {
  return [...html.matchAll(/<p class="(?:error|muted)"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]!);
}

describe('sandbox partner OAuth: the authorize page', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.dispose());

  it('answers only GET and POST /oauth/authorize and POST /oauth/access_token; other requests are 404', async () => {
    for (const [method, path] of [['GET', '/oauth/access_token'], ['PUT', '/oauth/authorize'], ['POST', '/oauth/token'], ['GET', '/oauth/other']] as const) {
      const res = await fetch(`${sb.url}${path}`, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: [`No such endpoint: ${method} ${path}.`] });
    }
  });

  it('refuses a scope other than manage_merchant and a response_type other than code', async () => {
    // The Partner guide: "scope — this should be set to manage_merchant"; "response_type — this should be set to code".
    const scope = await openPage(authorizeUrl(sb, { scope: 'read_only' }));
    assert.equal(scope.status, 400);
    assert.equal(scope.headers.get('x-gocardless-error'), 'scope must be manage_merchant');
    assert.deepEqual(errorTexts(scope.html), ['scope must be manage_merchant'], 'no advice paragraph under this one');
    assert.ok(scope.html.includes('<h1>400 error</h1><p class="error" id="gocardless-error">scope must be manage_merchant</p></main>'), 'the message ends the page');
    const type = await openPage(authorizeUrl(sb, { response_type: 'token' }));
    assert.equal(type.status, 400);
    assert.equal(type.headers.get('x-gocardless-error'), 'response_type must be code');
    assert.deepEqual(errorTexts(type.html), ['response_type must be code']);
  });

  it('says why a redirect_uri or a merchant_type is refused, under the message', async () => {
    const redirect = await openPage(authorizeUrl(sb, { redirect_uri: 'https://elsewhere.example/cb' }));
    assert.deepEqual(errorTexts(redirect.html), [
      'Redirect uri does not match the uri registered in the developer panel',
      'The Partner API needs a redirect URI registered for the app; redirect_uri must match its scheme, host and port.',
    ]);
    const type = await openPage(authorizeUrl(sb, { 'merchant[merchant_type]': 'corporation' }));
    assert.deepEqual(errorTexts(type.html), [
      'merchant[merchant_type] must be one of business, charity, individual',
      'The Partner guide: &quot;The variable merchant[&#39;merchant_type&#39;] can be set to one of the following values: &#39;business&#39; | &#39;charity&#39; | &#39;individual&#39;&quot;.',
    ]);
  });

  it('is a self-contained page titled "Authorize app": no scripts, never framed, never cached', async () => {
    const page = await openPage(authorizeUrl(sb));
    assert.equal(page.status, 200);
    assert.match(page.html, /<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Authorize app<\/title><style nonce="([^"]+)">/);
    const nonce = /<style nonce="([^"]+)">/.exec(page.html)![1]!;
    assert.equal(page.headers.get('content-security-policy'), `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  });

  it('without a merchant[…] prefill: no "Details from the app", and every field empty, labelled and named', async () => {
    const page = await openPage(authorizeUrl(sb));
    assert.ok(!page.html.includes('Details from the app'), 'no prefill list');
    assert.equal(between(page.html, '(scope <code>manage_merchant</code>).</p>', '<form').trim(), '', 'nothing between the intro and the form');
    for (const [name, label] of [
      ['name', 'Merchant name'], ['first_name', 'First name'], ['last_name', 'Last name'], ['email', 'Email'], ['phone_number', 'Phone number'],
      ['description', 'Description'], ['company_name', 'Company name'], ['company_registration', 'Company registration'], ['bank_reference', 'Bank reference'],
    ]) {
      assert.ok(page.html.includes(`<label for="${name}">${label}</label><input id="${name}" name="${name}" value="">`), name);
    }
    assert.equal(between(page.html, '<select id="merchant_type" name="merchant_type">', '</select>'),
      '<option value="business">business</option><option value="charity">charity</option><option value="individual">individual</option>', 'no type is chosen');
  });

  it('shows the prefill as a list of label and value, and chooses only the merchant_type given', async () => {
    const page = await openPage(authorizeUrl(sb, { 'merchant[name]': 'Dr Roy', 'merchant[merchant_type]': 'individual', 'merchant[user][email]': 'roy@example.com' }));
    assert.equal(between(page.html, '<dl class="prefill">', '</dl>'),
      '<dt>Merchant name</dt><dd data-field="name">Dr Roy</dd><dt>Email</dt><dd data-field="email">roy@example.com</dd><dt>Merchant type</dt><dd data-field="merchant_type">individual</dd>');
    assert.equal(between(page.html, '<select id="merchant_type" name="merchant_type">', '</select>'),
      '<option value="business">business</option><option value="charity">charity</option><option value="individual" selected>individual</option>');
  });

  it('lists every existing merchant by name (as text) and id, the first chosen, "Create a new merchant" not', async () => {
    const merchants = sb.merchants();
    assert.ok(merchants.length >= 2, 'the seed has more than one merchant');
    const page = await openPage(authorizeUrl(sb));
    const expected = merchants.map((m, i) => `<label><input type="radio" name="merchant" value="${m.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(m.name)} <span class="muted">(${m.id})</span></label>`).join('');
    assert.equal(between(page.html, '<h2>Use an existing merchant</h2>', '<h2>').trim(), expected);
    assert.ok(page.html.includes('<label><input type="radio" name="merchant" value="new"> Create a new merchant</label>'), '"Create a new merchant" is offered, not chosen');
    assert.equal(page.html.match(/ checked/g)?.length, 1, 'one choice is made for the user');
  });

  it('with no merchant to offer (a saved state without any), "Create a new merchant" is chosen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gc-oauth-'));
    try {
      await sb.dispose();
      sb = await startTestSandbox({ dataDir: dir });
      await sb.dispose();
      const file = join(dir, 'sandbox-state.json');
      const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      for (const key of ['merchants', 'users', 'bills', 'subscriptions', 'preAuthorizations', 'payouts']) saved[key] = [];
      await writeFile(file, JSON.stringify(saved));
      sb = await startTestSandbox({ dataDir: dir });
      const page = await openPage(authorizeUrl(sb));
      assert.equal(page.status, 200);
      assert.equal(between(page.html, '<h2>Use an existing merchant</h2>', '<h2>').trim(), '', 'no merchant listed');
      assert.ok(page.html.includes('<label><input type="radio" name="merchant" value="new" checked> Create a new merchant</label>'), 'the only choice is made');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox partner OAuth: approving and denying', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.dispose());

  it('deny sends the user back with error=access_denied and the state, and ends the page', async () => {
    const page = await openPage(authorizeUrl(sb, { state: 'user-42' }));
    const denied = await post(sb, { token: page.token, decision: 'deny', merchant: sb.credentials.merchant_id });
    assert.equal(denied.status, 302);
    const location = new URL(denied.headers.get('location')!);
    assert.equal(location.origin + location.pathname, OAUTH_REDIRECT);
    assert.deepEqual([...location.searchParams], [['error', 'access_denied'], ['state', 'user-42']], 'no code');
    const again = await post(sb, { token: page.token, decision: 'approve', merchant: sb.credentials.merchant_id });
    assert.equal(again.status, 400, 'a denied page cannot be approved afterwards');
  });

  it('approving sends the code (and the state) back uncached, and the page can be used once only', async () => {
    // The Partner guide: "If the user approves the request, they will be redirected to the redirect_uri provided in
    // the request with an authorization code passed in the URL … The state variable will also be returned".
    const page = await openPage(authorizeUrl(sb, { state: 'user-42' }));
    const approved = await post(sb, { token: page.token, decision: 'approve', merchant: sb.credentials.merchant_id });
    assert.equal(approved.status, 302);
    assert.equal(approved.headers.get('cache-control'), 'no-store', 'the code is not kept in a cache');
    const location = new URL(approved.headers.get('location')!);
    assert.deepEqual([...location.searchParams.keys()], ['code', 'state']);
    assert.equal(location.searchParams.get('state'), 'user-42');
    const again = await post(sb, { token: page.token, decision: 'approve', merchant: sb.credentials.merchant_id });
    assert.equal(again.status, 400);
    assert.equal(again.headers.get('x-gocardless-error'), 'This authorization page has expired or was already used');
    assert.deepEqual(errorTexts(await again.text()), ['This authorization page has expired or was already used', 'Start again from /oauth/authorize.']);
  });

  it('keeps the page open for an hour, then refuses it', async () => {
    const early = await openPage(authorizeUrl(sb));
    const late = await openPage(authorizeUrl(sb));
    sb.clock.ms += 60 * MINUTE - 1000;
    assert.equal((await post(sb, { token: early.token, decision: 'approve', merchant: sb.credentials.merchant_id })).status, 302, 'just under an hour');
    sb.clock.ms += 1000;
    const expired = await post(sb, { token: late.token, decision: 'approve', merchant: sb.credentials.merchant_id });
    assert.equal(expired.status, 400);
    assert.equal(expired.headers.get('x-gocardless-error'), 'This authorization page has expired or was already used');
  });

  it('asks again, keeping what was typed, when a new merchant has no name or no email', async () => {
    const page = await openPage(authorizeUrl(sb, { 'merchant[phone_number]': '07500000000' }));
    const res = await post(sb, { token: page.token, decision: 'approve', merchant: 'new', name: '  ', email: 'roy@example.com', last_name: 'Roy' });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.deepEqual(errorTexts(html).filter((t) => t.startsWith('A new')), ['A new merchant needs a name and an email.']);
    assert.match(html, /<p class="error" role="alert">A new merchant needs a name and an email\.<\/p>/);
    assert.ok(html.includes('name="email" value="roy@example.com"'), 'the typed email is kept');
    assert.ok(html.includes('name="last_name" value="Roy"'), 'the typed last name is kept');
    assert.ok(html.includes('name="phone_number" value="07500000000"'), 'the app\'s prefill is kept');
    assert.ok(html.includes(`name="token" value="${page.token}"`), 'the same page, still usable');
    assert.equal((await post(sb, { token: page.token, decision: 'approve', merchant: 'new', name: 'Roy', email: '' })).status, 422, 'no email');
  });

  it('refuses an existing merchant that is not there', async () => {
    const page = await openPage(authorizeUrl(sb));
    for (const form of [{ merchant: 'NO_SUCH_MERCHANT' }, {}] as Array<Record<string, string>>) {
      const res = await post(sb, { token: page.token, decision: 'approve', ...form });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /<p class="error" role="alert">Choose a merchant\.<\/p>/);
      assert.ok(html.includes(`name="token" value="${page.token}"`), 'the same page, still usable');
    }
  });

  it('creates the new merchant from the trimmed form: created now, no description when blank, every switch off', async () => {
    const page = await openPage(authorizeUrl(sb));
    const res = await post(sb, { token: page.token, decision: 'approve', merchant: 'new', name: '  Roy\'s Burgers ', email: ' roy@example.com ', first_name: ' Roy ', last_name: ' Ro ', description: '   ' });
    const { json } = await exchange(sb, new URL(res.headers.get('location')!).searchParams.get('code')!);
    const { access_token: token, scope } = json as { access_token: string; scope: string };
    const id = scope.replace('manage_merchant:', '');
    const merchant = (await api(sb, `/api/v1/merchants/${id}`, { token })).json as Record<string, unknown>;
    assert.deepEqual(
      [merchant['name'], merchant['email'], merchant['first_name'], merchant['last_name'], merchant['description'], merchant['hide_variable_amount']],
      ['Roy\'s Burgers', 'roy@example.com', 'Roy', 'Ro', null, false],
    );
    assert.equal(merchant['created_at'], new Date(sb.clock.ms).toISOString().replace('.000Z', 'Z'), 'created at the sandbox time');
    const summary = sb.merchants().find((m) => m.id === id)!;
    assert.deepEqual([summary.refunds_enabled, summary.international_payments, summary.hide_variable_amount], [false, false, false]);
  });

  it('a new merchant\'s names are empty when the form leaves them out, and its description is kept', async () => {
    const page = await openPage(authorizeUrl(sb));
    const res = await post(sb, { token: page.token, decision: 'approve', merchant: 'new', name: 'Shop', email: 'shop@example.com', description: ' Burgers and mash ' });
    const { json } = await exchange(sb, new URL(res.headers.get('location')!).searchParams.get('code')!);
    const { access_token: token, scope } = json as { access_token: string; scope: string };
    const merchant = (await api(sb, `/api/v1/merchants/${scope.replace('manage_merchant:', '')}`, { token })).json as Record<string, unknown>;
    assert.deepEqual([merchant['first_name'], merchant['last_name'], merchant['description']], ['', '', 'Burgers and mash']);
  });
});

describe('sandbox partner OAuth: /oauth/access_token refusals', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(() => sb.dispose());

  async function code(merchant = sb.credentials.merchant_id): Promise<string> {
    const page = await openPage(authorizeUrl(sb));
    const res = await post(sb, { token: page.token, decision: 'approve', merchant });
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }

  const basic = (secret = sb.credentials.app_secret): string => `Basic ${Buffer.from(`${sb.credentials.app_id}:${secret}`).toString('base64')}`;

  async function refusal(res: Response): Promise<[number, string, string, string | null]> {
    const body = (await res.json()) as { error: string; error_description: string };
    return [res.status, body.error, body.error_description, res.headers.get('cache-control')];
  }

  it('answers the token uncached', async () => {
    const res = await fetch(`${sb.url}/oauth/access_token`, {
      method: 'POST', headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.credentials.app_id, code: await code(), redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('reads a form body sent without a Content-Type', async () => {
    const body = new URLSearchParams({ client_id: sb.credentials.app_id, code: await code(), redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }).toString();
    const answer = await rawRequest(`${sb.url}/oauth/access_token`, { method: 'POST', headers: { authorization: basic(), 'content-length': String(Buffer.byteLength(body)) }, body });
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { scope: string }).scope, `manage_merchant:${sb.credentials.merchant_id}`);
  });

  it('a wrong app secret is invalid_client (401), uncached, saying how to authenticate', async () => {
    const res = await fetch(`${sb.url}/oauth/access_token`, {
      method: 'POST', headers: { authorization: basic('wrong'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.credentials.app_id, code: await code(), redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }).toString(),
    });
    // The guide: "This request should be authenticated by passing the app identifier and app secret via HTTP Basic Authorization."
    assert.deepEqual(await refusal(res), [401, 'invalid_client',
      'Authenticate with HTTP Basic: your app ID as the user name and the app secret as the password (or client_id and client_secret in the body).', 'no-store']);
  });

  it('a client_id other than the Basic user is invalid_client', async () => {
    const { status, json } = await exchange(sb, await code(), { client_id: 'SOMEONE_ELSE' });
    assert.deepEqual([status, json], [401, { error: 'invalid_client', error_description: 'client_id does not match the Basic authentication user.' }]);
  });

  it('a client_id that is not a string is missing, not compared', async () => {
    const res = await fetch(`${sb.url}/oauth/access_token`, {
      method: 'POST', headers: { authorization: basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: { id: sb.credentials.app_id }, code: await code(), redirect_uri: OAUTH_REDIRECT, grant_type: 'authorization_code' }),
    });
    const [status, error, description] = await refusal(res);
    assert.deepEqual([status, error], [400, 'invalid_request']);
    assert.match(description, /^client_id is required/);
  });

  it('grant_type must be authorization_code', async () => {
    // The guide: "grant_type — this should be set to authorization_code".
    const { status, json } = await exchange(sb, await code(), { grant_type: 'password' });
    assert.deepEqual([status, json], [400, { error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code.' }]);
  });

  it('an unknown or expired code is invalid_grant, saying to start again; a code lives exactly 10 minutes', async () => {
    const unknown = await exchange(sb, 'not-a-code');
    assert.deepEqual([unknown.status, unknown.json], [400, {
      error: 'invalid_grant', error_description: 'The authorization code is unknown, expired or already used; send the user through /oauth/authorize again.',
    }]);
    assert.equal(CODE_TTL_MS, 10 * MINUTE);
    const early = await code();
    const late = await code();
    sb.clock.ms += CODE_TTL_MS - 1;
    assert.equal((await exchange(sb, early)).status, 200, 'just inside 10 minutes');
    sb.clock.ms += 1;
    assert.equal((await exchange(sb, late)).status, 400, 'at 10 minutes the code is gone');
  });

  it('redirect_uri must match the authorize request\'s exactly', async () => {
    // The guide: "redirect_uri — this must match the original URI exactly".
    const { status, json } = await exchange(sb, await code(), { redirect_uri: `${OAUTH_REDIRECT}?again=1` });
    assert.deepEqual([status, json], [400, { error: 'invalid_grant', error_description: 'redirect_uri must match the one given to /oauth/authorize exactly.' }]);
  });

  it('a code for a merchant that no longer exists (the sandbox was reset) is invalid_grant', async () => {
    const page = await openPage(authorizeUrl(sb));
    const res = await post(sb, { token: page.token, decision: 'approve', merchant: 'new', name: 'Gone', email: 'gone@example.com' });
    const issued = new URL(res.headers.get('location')!).searchParams.get('code')!;
    await sb.reset();
    const { status, json } = await exchange(sb, issued);
    assert.deepEqual([status, json], [400, { error: 'invalid_grant', error_description: 'The merchant no longer exists.' }]);
  });
});
