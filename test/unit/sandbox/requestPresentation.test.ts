// What the Requests view shows of a record: the filter, the document (values
// from the network only inside code fences) and "Copy as curl" (credentials as
// shell variables, never values).
import assert from 'node:assert/strict';
import { matchesRequestFilter, REDACTED, requestDocument, requestToCurl, type RequestRecord } from '../../../src/core/sandbox';
import { api, startTestSandbox } from './sandboxFixtures';

function aRecord(over: Partial<RequestRecord> = {}): RequestRecord {
  return { id: 'r1', time: '2026-01-01T00:00:00.000Z', method: 'GET', path: '/api/v1/merchants/M1/bills', query: 'paid=true', status: 200, durationMs: 2.5, area: 'api', source: 'sandbox', ...over };
}

describe('request presentation', () => {
  it('filters by errors, resource and path text', () => {
    const ok = aRecord();
    const failed = aRecord({ id: 'r2', path: '/connect/bills/new', status: 400, error: 'Signature is invalid' });
    assert.deepEqual([ok, failed].filter((r) => matchesRequestFilter(r, { errorsOnly: true })).map((r) => r.id), ['r2']);
    assert.deepEqual([ok, failed].filter((r) => matchesRequestFilter(r, { resource: 'bills' })).map((r) => r.id), ['r1']);
    assert.deepEqual([ok, failed].filter((r) => matchesRequestFilter(r, { resource: 'connect' })).map((r) => r.id), ['r2']);
    assert.deepEqual([ok, failed].filter((r) => matchesRequestFilter(r, { text: 'CONNECT/' })).map((r) => r.id), ['r2']);
    const redirect = aRecord({ id: 'r3', path: '/return', query: 'resource_uri=http%3A%2F%2Fx%2Fapi%2Fv1%2Fbills%2FB1&resource_uri_plain=/bills/B1' });
    assert.deepEqual([ok, redirect].filter((r) => matchesRequestFilter(r, { text: '/bills' })).map((r) => r.id), ['r1'], 'the path only, not a query naming one');
    assert.deepEqual([ok, failed].filter((r) => matchesRequestFilter(r, {})).map((r) => r.id), ['r1', 'r2']);
  });

  it('puts network text inside fences it cannot close, and the spec explanation as text', () => {
    const hostile = 'x\n```\n# [click](https://evil.example)\n````';
    const doc = requestDocument(aRecord({ status: 400, error: 'Signature is invalid', path: '/connect/bills/new', request: { headers: { 'x-note': hostile } }, response: { headers: {}, body: hostile } }));
    const outside = doc.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    assert.ok(!outside.includes('evil.example'), `hostile text escaped its fence:\n${outside}`);
    assert.match(outside, /The API reference \(Troubleshooting, The payment page says 400 error: "Signature is invalid"\): Assuming that you're using a client library/);
  });

  it('says when a successful read\'s answer was not kept, and when there was no body', () => {
    const doc = requestDocument(aRecord({ request: { headers: {} }, response: { headers: { 'content-type': 'application/json' }, bodyNotKept: true } }));
    assert.match(doc, /## Response\n\nHeaders:[\s\S]*Body not kept: the log keeps no successful read's answer \("Send again" fetches it anew\)\./);
    assert.match(requestDocument(aRecord({ request: { headers: {} }, response: { headers: {} } })), /## Response\n\nNo body\./);
  });

  it('copies a real sandbox request as curl with the token as $GOCARDLESS_ACCESS_TOKEN', async () => {
    const sb = await startTestSandbox({ requestLog: true });
    try {
      const seen = new Promise<RequestRecord>((resolve) => sb.onRequest(resolve));
      await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}?x=1`);
      const record = await seen;
      const curl = requestToCurl(record, sb.url);
      assert.ok(!curl.includes(sb.credentials.access_token) && !curl.includes(REDACTED), curl);
      assert.match(curl, /-H "Authorization: Bearer \$GOCARDLESS_ACCESS_TOKEN"/);
      assert.match(curl, /-H 'accept: application\/json'/);
      assert.ok(curl.endsWith(`'${sb.url}/api/v1/merchants/${sb.credentials.merchant_id}?x=1'`), curl);
      const basic = requestToCurl(aRecord({ method: 'POST', path: '/api/v1/confirm', request: { headers: { authorization: `Basic ${REDACTED}`, 'content-type': 'application/json' }, body: `{"resource_id":"it's"}` } }), 'http://127.0.0.1:1');
      assert.match(basic, /-u "\$GOCARDLESS_APP_ID:\$GOCARDLESS_APP_SECRET"/);
      assert.match(basic, /--data-binary '\{"resource_id":"it'\\''s"\}'/, 'single quotes in a body are shell-escaped');
    } finally {
      await sb.dispose();
    }
  });
});
