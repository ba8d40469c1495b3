import assert from 'node:assert/strict';
import { startTestSandbox } from './sandboxFixtures';

/** The admin endpoints as the index pages list them: what a developer reads to drive the sandbox. */
const ADMIN_ENDPOINTS: Array<[string, string]> = [
  ['GET /admin/clock', 'the sandbox time and its offset from the real clock'],
  ['POST /admin/clock', '{"days": 3} | {"hours": n} | {"ms": n} | {"to": "ISO"}: advance the clock, run what falls due'],
  ['POST /admin/bills/{id}/outcome', '{"outcome": "paid|failed|chargedback|refunded|cancelled|retried|withdrawn"} now, or {"outcome": "failed", "when": "settle"}'],
  ['PUT /admin/webhook-url', '{"url": "http://…" | null, "merchant_id"?: "…"}'],
  ['PUT /admin/redirect-uris', '{"redirect_uri"?: "…", "cancel_uri"?: "…"}'],
  ['GET /admin/merchants', 'every merchant with its settings (refunds_enabled, international_payments)'],
  ['GET|PUT /admin/merchants/{id}/settings', '{"refunds_enabled"?: true|false, "international_payments"?: true|false, "hide_variable_amount"?: true|false}'],
  ['GET /admin/webhooks', 'the webhook delivery log'],
  ['POST /admin/reset', 'regenerate the seeded data'],
];

const escaped = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('sandbox router: index pages and unknown paths', () => {
  let sb: Awaited<ReturnType<typeof startTestSandbox>>;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.dispose());

  /** The admin list, each endpoint with what it takes, in order. */
  const adminList = `<h2>Admin endpoints</h2><dl>${ADMIN_ENDPOINTS.map(([k, v]) => `<dt><code>${escaped(k)}</code></dt><dd>${escaped(v)}</dd>`).join('')}</dl>`;

  it('GET / says where to point a Basic API client, and lists the admin endpoints', async () => {
    const r = await fetch(`${sb.url}/`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.ok(html.includes('<title>GoCardless local sandbox</title>'), html);
    assert.ok(html.includes(`<h1>GoCardless local sandbox</h1><p>Point your Basic API client at <code>${sb.url}</code>.</p>${adminList}`), html);
  });

  it('GET /admin lists every admin endpoint with what it takes', async () => {
    const r = await fetch(`${sb.url}/admin`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.ok(html.includes('<title>Sandbox admin</title>'), html);
    assert.ok(html.includes(adminList), html);
  });

  it('every endpoint the admin page lists is served: none answers 404 or 405, whatever its body', async () => {
    // Read from the served page, not from the list above: a row for an endpoint that does not exist fails here.
    const html = await (await fetch(`${sb.url}/admin`)).text();
    const listed = [...html.matchAll(/<dt><code>([A-Z|]+) ([^<]+)<\/code><\/dt>/g)].flatMap(([, methods, path]) => methods!.split('|').map((method) => [method, path!] as const));
    assert.equal(listed.length, ADMIN_ENDPOINTS.length + 1, 'one row per endpoint, GET|PUT counting twice');
    const billId = (await (await fetch(`${sb.url}/api/v1/merchants/${sb.credentials.merchant_id}/bills?per_page=1`, { headers: { authorization: `bearer ${sb.credentials.access_token}`, accept: 'application/json' } })).json() as Array<{ id: string }>)[0]!.id;
    const ids: Record<string, string> = { '/admin/bills/{id}/outcome': billId, '/admin/merchants/{id}/settings': sb.credentials.merchant_id };
    // The reset last: it makes the seeded data anew.
    for (const [method, pattern] of [...listed].sort(([, a], [, b]) => Number(a.endsWith('/reset')) - Number(b.endsWith('/reset')))) {
      const path = pattern.replace('{id}', ids[pattern] ?? '');
      const r = await fetch(`${sb.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      assert.ok(r.status !== 404 && r.status !== 405, `${method} ${path} answered ${r.status}`);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
    }
  });

  it('404 names the method and path of anything else, including other methods on the index pages', async () => {
    for (const [method, path] of [['POST', '/'], ['POST', '/admin'], ['GET', '/nope'], ['GET', '/api']]) {
      const r = await fetch(`${sb.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(await r.json(), { error: [`No such endpoint: ${method} ${path}.`] });
    }
  });
});
