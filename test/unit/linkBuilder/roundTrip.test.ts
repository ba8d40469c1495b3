import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';
import { HostMessenger, WebviewMessenger, linkBuilderProtocol, type LinkBuilderProtocol } from '../../../src/core/protocol';
import { signParams, verifySignedParams, withoutSignature } from '../../../src/core/signing';
import { queryToParams } from '../../../src/core/links/testConnectLink';
import { createLinkBuilderHandlers, type LinkBuilderPorts } from '../../../src/extension/links/linkBuilderHandlers';
import { createHash } from 'node:crypto';
import { PaymentRedirectServer } from '../../../src/extension/links/PaymentRedirectServer';
import type { RedirectVerdict } from '../../../src/extension/links/landingPage';
import { navigate, rawRequest, webPageAttacks } from '../extension/browserRequests';
import { payOnPaymentPage } from './payOnPaymentPage';

/**
 * The builder's whole path in plain Node, through the real protocol and the
 * panel's real handlers: build → test against the local sandbox → pay →
 * redirect to the loopback landing page → verify → confirm.
 */
describe('link builder round trip with the local sandbox', () => {
  let sandbox: RunningSandbox;
  let landing: PaymentRedirectServer;
  let webview: WebviewMessenger<LinkBuilderProtocol>;
  const redirects: string[] = [];
  const redirectWaiters: ((url: string) => void)[] = [];
  const confirmed: string[] = [];

  before(async () => {
    landing = await PaymentRedirectServer.start({
      onRedirect: (url) => {
        redirects.push(url);
        redirectWaiters.splice(0).forEach((w) => w(url));
      },
    });
    sandbox = await startSandbox({ seed: 7, scale: { bills: 5, subscriptions: 2, preAuthorizations: 2, users: 3, payouts: 1 } });
    sandbox.setRedirectUris({ redirectUri: landing.redirectUri, cancelUri: landing.cancelUri });
    const c = sandbox.credentials;
    const ports: LinkBuilderPorts = {
      accounts: () => ({ accounts: [{ id: 'local', label: 'Local sandbox', environment: 'local', merchantId: c.merchant_id, isLive: false }], activeAccountId: 'local' }),
      signingAccount: async () => ({ appId: c.app_id, appSecret: c.app_secret, merchantId: c.merchant_id, baseUrl: sandbox.url }),
      writeClipboard: async () => {},
      openExternal: async () => {},
      takePrefill: () => null,
      confirmed: (_id, r) => confirmed.push(r.id),
    };
    const host = new HostMessenger({
      protocol: linkBuilderProtocol, handlers: createLinkBuilderHandlers(ports), readyRequest: 'ready', log: () => {},
      post: (m) => queueMicrotask(() => webview.receive(structuredClone(m))),
    });
    webview = new WebviewMessenger({ protocol: linkBuilderProtocol, post: (m) => queueMicrotask(() => void host.receive(structuredClone(m))) });
    await webview.request('ready', {});
  });

  after(async () => {
    await sandbox?.dispose();
    await landing?.dispose();
  });

  it('builds a subscription link the sandbox accepts, pays it, and confirms the redirected resource', async () => {
    const built = await webview.request('buildLink', {
      accountId: 'local',
      form: { resourceType: 'subscription', fields: { amount: '15.00', interval_length: '1', interval_unit: 'month', name: 'Gold <b>', 'user[first_name]': 'Ada', state: 'order-7' } },
    });
    assert.ok(built.ok, JSON.stringify(built));
    const url = built.link.url;
    assert.ok(verifySignedParams(queryToParams(new URL(url).searchParams), sandbox.credentials.app_secret), 'core verifies the host-signed link');

    const tested = await webview.request('testLink', { accountId: 'local', url });
    assert.equal(tested.outcome, 'accepted', JSON.stringify(tested));
    assert.equal((await payOnPaymentPage(url)).status, 400, 'testing used the nonce: the same link is refused once more');

    const arrived = new Promise<string>((r) => redirectWaiters.push(r));
    const fresh = await webview.request('buildLink', { accountId: 'local', form: { resourceType: 'subscription', fields: { amount: '15.00', interval_length: '1', interval_unit: 'month', name: 'Gold <b>', 'user[first_name]': 'Ada', state: 'order-7' } } });
    assert.ok(fresh.ok);
    const paid = await payOnPaymentPage(fresh.link.url);
    assert.equal(paid.status, 302, paid.page);
    assert.ok(paid.location.startsWith(landing.redirectUri), paid.location);
    const landed = await navigate(paid.location);
    assert.equal(landed.status, 200);
    assert.match(landed.body, /<dt>state<\/dt><dd>order-7<\/dd>/, "the landing page shows the redirect's state, as text");
    const redirectUrl = await arrived;

    const check = await webview.request('verifyRedirect', { accountId: 'local', url: redirectUrl });
    assert.equal(check.valid, true, check.reason);
    assert.equal(check.resource?.type, 'subscription');
    assert.equal(check.resource?.state, 'order-7');

    const reply = await webview.request('confirmResource', { accountId: 'local', resourceId: check.resource!.id, resourceType: 'subscription' });
    assert.equal(reply.ok, true, reply.message);
    assert.deepEqual(confirmed, [check.resource!.id]);

    const res = await fetch(`${sandbox.url}/api/v1/subscriptions/${check.resource!.id}`, {
      headers: { authorization: `bearer ${sandbox.credentials.access_token}`, accept: 'application/json' },
    });
    const body = await res.json() as { status?: string };
    assert.equal(body.status, 'active');

    const again = await webview.request('confirmResource', { accountId: 'local', resourceId: check.resource!.id, resourceType: 'subscription' });
    assert.equal(again.ok, false, 'a second confirm is refused with the server\'s message');
    assert.match(again.message, /^HTTP \d{3}: /);
  });

  it('a tampered redirect is invalid, with the diagnosis reason', async () => {
    const tampered = `${landing.redirectUri}?resource_id=X1&resource_type=bill&resource_uri=${encodeURIComponent(`${sandbox.url}/api/v1/bills/X1`)}&signature=${'0'.repeat(64)}`;
    const check = await webview.request('verifyRedirect', { accountId: 'local', url: tampered });
    assert.equal(check.valid, false);
    assert.match(check.reason, /secret|changed after signing/);
    const missing = await webview.request('verifyRedirect', { accountId: 'local', url: `${landing.redirectUri}?resource_id=X1` });
    assert.equal(missing.valid, false);
    assert.equal(missing.resource, null);
  });

  it('the sandbox rejects a link to another redirect URI, and the test names the cause', async () => {
    const built = await webview.request('buildLink', {
      accountId: 'local', form: { resourceType: 'bill', fields: { amount: '5', redirect_uri: 'https://elsewhere.example/done' } },
    });
    assert.ok(built.ok);
    const tested = await webview.request('testLink', { accountId: 'local', url: built.link.url });
    assert.equal(tested.outcome, 'rejected');
    assert.equal(tested.cause, 'redirect_uri');
    assert.equal(tested.message, 'Redirect uri does not match the uri registered in the developer panel');
  });

  it('a link signed with another secret is rejected as "Signature is invalid" and diagnosed', async () => {
    const built = await webview.request('buildLink', { accountId: 'local', form: { resourceType: 'bill', fields: { amount: '5' } } });
    assert.ok(built.ok);
    const other = signParams(withoutSignature(queryToParams(new URL(built.link.url).searchParams)), 'another secret').signature;
    const forged = built.link.url.replace(/signature=[0-9a-f]{64}/, `signature=${other}`);
    const tested = await webview.request('testLink', { accountId: 'local', url: forged });
    assert.equal(tested.cause, 'signature');
    assert.equal(tested.diagnosis?.verdict, 'unexplained');
  });

  it('accepts a link whose signature is written in upper-case hex (hex is read case-insensitively)', async () => {
    const built = await webview.request('buildLink', { accountId: 'local', form: { resourceType: 'bill', fields: { amount: '5' } } });
    assert.ok(built.ok);
    const upper = built.link.url.replace(/signature=[0-9a-f]{64}/, `signature=${built.link.signature.toUpperCase()}`);
    const tested = await webview.request('testLink', { accountId: 'local', url: upper });
    assert.equal(tested.outcome, 'accepted');
  });

  it('refuses to test a URL outside the account\'s environment', async () => {
    await assert.rejects(webview.request('testLink', { accountId: 'local', url: 'http://169.254.169.254/latest' }), /not on this account's environment/);
  });

  it('returns validation issues naming field and rule instead of a link', async () => {
    const built = await webview.request('buildLink', { accountId: 'local', form: { resourceType: 'pre_authorization', fields: { max_amount: '-1', interval_unit: 'year' } } });
    assert.equal(built.ok, false);
    if (built.ok) return;
    const fields = built.issues.map((i) => `${i.field}:${i.rule}`);
    assert.ok(fields.includes('pre_authorization[interval_unit]:interval-unit'), fields.join());
    assert.ok(fields.includes('pre_authorization[interval_length]:required'), fields.join());
  });
});

describe('PaymentRedirectServer', () => {
  it('only answers GET, bounds the URL, and closes its sockets on dispose', async () => {
    const seen: string[] = [];
    const landing = await PaymentRedirectServer.start({ onRedirect: (u) => { seen.push(u); } });
    assert.match(landing.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await rawRequest(landing.redirectUri, { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await rawRequest(landing.redirectUri, { method: 'HEAD' })).status, 405);
    assert.equal((await navigate(`${landing.redirectUri}?x=${'a'.repeat(9000)}`)).status, 414);
    assert.equal((await navigate(`${landing.origin}/other`)).status, 404);
    const ok = await navigate(`${landing.redirectUri}?resource_id=<script>`);
    assert.equal(ok.status, 200);
    assert.ok(!ok.body.includes('<script>'));
    assert.deepEqual(seen, [`${landing.redirectUri}?resource_id=%3Cscript%3E`]);
    await landing.dispose();
    await assert.rejects(fetch(landing.redirectUri));
  });

  it('shows the redirect and its verdict as escaped text, styled only by a stylesheet its CSP names by hash', async () => {
    let verdict: RedirectVerdict | Promise<never> = { valid: false, reason: 'The signature does not match <b>app</b>.' };
    const landing = await PaymentRedirectServer.start({ onRedirect: () => verdict, verdictTimeoutMs: 200 });
    try {
      const hostile = '<script>alert(1)</script>';
      const answer = await navigate(`${landing.redirectUri}?resource_type=bill&resource_id=${encodeURIComponent(hostile)}&state=${encodeURIComponent('"><img src=x onerror=alert(2)>')}&signature=abc`);
      assert.equal(answer.status, 200);
      const csp = String(answer.headers['content-security-policy']);
      // Nothing runs and nothing loads: no script source at all, and the one style allowed by its hash.
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|script-src/);
      const styles = [...answer.body.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
      assert.equal(styles.length, 1, 'one stylesheet');
      assert.ok(csp.includes(`style-src 'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`), `the CSP names the stylesheet's hash: ${csp}`);
      assert.doesNotMatch(answer.body, /<script|<img|onerror=alert\(2\)>/i, 'no markup from the URL');
      assert.ok(answer.body.includes('<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>'), 'the resource id is shown as text');
      assert.ok(answer.body.includes('<dd>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</dd>'), 'the state is shown as text');
      assert.ok(!answer.body.includes('abc'), 'the signature is not listed');
      assert.match(answer.body, /class="status invalid"><strong>Signature not valid<\/strong>The signature does not match &lt;b&gt;app&lt;\/b&gt;\./);

      verdict = { valid: true, reason: 'Signed by the app of "Local sandbox".' };
      assert.match((await navigate(`${landing.redirectUri}?resource_id=B1`)).body, /class="status valid"><strong>Valid signature<\/strong>Signed by the app of &quot;Local sandbox&quot;\./);
      // No verdict in time: the page still answers, and says the check is in VS Code.
      verdict = new Promise<never>(() => undefined);
      const late = await navigate(`${landing.redirectUri}?resource_id=B1`);
      assert.equal(late.status, 200);
      assert.match(late.body, /Signature not checked here<\/strong>VS Code did not answer in time/);
    } finally {
      await landing.dispose();
    }
  });

  it('refuses what a script on a web page can send (403 with a reason) and hands nothing to the extension', async () => {
    const seen: string[] = [];
    const landing = await PaymentRedirectServer.start({ onRedirect: (u) => { seen.push(u); }, onCancel: (u) => seen.push(u) });
    try {
      for (const url of [`${landing.redirectUri}?resource_id=X`, `${landing.cancelUri}?x=1`]) {
        for (const attack of webPageAttacks(url)) {
          const answer = await attack.send();
          assert.equal(answer.status, attack.name.includes('POST') ? 405 : 403, `${attack.name} on ${url}`);
          if (answer.status === 403) assert.match(answer.body, /Origin|Host|navigation/, `${attack.name}: the page says why`);
        }
      }
      assert.deepEqual(seen, [], 'no refused request reached the extension');
      assert.match(String((await navigate(landing.redirectUri)).headers['content-security-policy']), /frame-ancestors 'none'/);
    } finally {
      await landing.dispose();
    }
  });
});
