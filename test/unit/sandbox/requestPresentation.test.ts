// What the Requests view shows of a record: the filter, the document (values
// from the network only inside code fences) and "Copy as curl" (credentials as
// shell variables, never values).
import assert from 'node:assert/strict';
import {
  describeRequestFilter, explanationLine, isErrorRecord, matchesRequestFilter, REDACTED, requestDocument, requestSummary, requestToCurl, statusText,
  type RequestRecord,
} from '../../../src/core/sandbox';
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

  it('counts a request that got no answer (status 0) as an error, and says "no answer"', () => {
    const lost = aRecord({ id: 'r0', status: 0, source: 'client' });
    assert.equal(isErrorRecord(lost), true);
    assert.equal(isErrorRecord(aRecord({ status: 399 })), false);
    assert.equal(isErrorRecord(aRecord({ status: 400 })), true);
    assert.deepEqual([aRecord(), lost].filter((r) => matchesRequestFilter(r, { errorsOnly: true })).map((r) => r.id), ['r0']);
    assert.equal(statusText(lost), 'no answer');
    assert.equal(statusText(aRecord({ status: 401 })), '401');
  });

  it('describes the filter in the words the view shows', () => {
    assert.equal(describeRequestFilter({ errorsOnly: true, resource: 'bills', text: 'B1' }), 'errors only, bills, path contains "B1"');
    assert.equal(describeRequestFilter({ text: 'connect' }), 'path contains "connect"');
    assert.equal(describeRequestFilter({}), '', 'no filter: nothing to say');
  });

  it('summarizes a record on one line: status, duration (one decimal under 10 ms) and merchant', () => {
    assert.equal(requestSummary(aRecord({ status: 401, durationMs: 3, merchantId: '0123ABC' })), '401 · 3.0 ms · merchant 0123ABC');
    assert.equal(requestSummary(aRecord({ durationMs: 9.94 })), '200 · 9.9 ms');
    assert.equal(requestSummary(aRecord({ durationMs: 10 })), '200 · 10 ms', '10 ms and over: whole milliseconds');
    assert.equal(requestSummary(aRecord({ durationMs: 12.6 })), '200 · 13 ms');
    assert.equal(requestSummary(aRecord({ status: 0, durationMs: 30000 })), 'no answer · 30000 ms');
  });

  it('explains an error by its status code when the spec has no troubleshooting entry for its message', () => {
    // The spec: "401 — Unauthorized. The client has not provided a valid Authentication HTTP header."
    assert.equal(explanationLine(aRecord({ status: 401, error: 'The access token is not valid' })),
      'The API reference (HTTP response codes, 401): Unauthorized. The client has not provided a valid Authentication HTTP header.');
    assert.equal(explanationLine(aRecord({ status: 200 })), '', 'a success has nothing to explain');
    assert.equal(explanationLine(aRecord({ status: 409, error: 'x' })), '', 'the spec lists no 409');
  });

  it('writes an error record\'s document: request line, facts, error with its explanation, headers and pretty JSON bodies', () => {
    const doc = requestDocument(aRecord({
      id: 'r7', method: 'POST', path: '/api/v1/bills', query: '', status: 422, durationMs: 4.2, merchantId: 'M``1', error: 'amount is required',
      request: { headers: { accept: 'application/json', authorization: `bearer ${REDACTED}` }, body: '{"bill":{"amount":""}}' },
      response: { headers: { 'content-type': 'application/json' }, body: '{"error":["amount is required"]}' },
    }));
    assert.equal(doc, [
      '# Request r7', '',
      '```', 'POST /api/v1/bills', '```', '',
      '- Time: 2026-01-01T00:00:00.000Z',
      '- Status: 422',
      '- Duration: 4.2 ms',
      '- Served by: the local sandbox',
      '- Merchant: ``` M``1 ```', // backticks in a value cannot close its inline code
      '',
      '## Error', '',
      '```', 'amount is required', '```', '',
      'The API reference (HTTP response codes, 422): Unprocessable Entity. Could not process a POST request because the request is invalid. The response body will contain more details in the form of an array.', '',
      '## Request', '',
      'Headers:', '',
      '```http', 'accept: application/json', `authorization: bearer ${REDACTED}`, '```', '',
      'Body:', '',
      '```json', '{', '  "bill": {', '    "amount": ""', '  }', '}', '```', '',
      '## Response', '',
      'Headers:', '',
      '```http', 'content-type: application/json', '```', '',
      'Body:', '',
      '```json', '{', '  "error": [', '    "amount is required"', '  ]', '}', '```', '',
      `Secrets (Authorization, cookies, tokens, app secrets, OAuth codes) are shown as ${REDACTED}; they are never recorded.`,
      '',
    ].join('\n'));
  });

  it('writes a success\'s document: query on the request line, no Error section, a cut text body, no body', () => {
    const doc = requestDocument(aRecord({
      id: 'r2', method: 'POST', path: '/connect/pay', query: 'a=1', status: 302, durationMs: 0.25, area: 'connect',
      request: { headers: {}, body: `first_name=A&token=${REDACTED}`, bodyTruncated: true },
      response: { headers: { location: 'https://merchant.example/return?x=1' } },
    }));
    assert.equal(doc, [
      '# Request r2', '',
      '```', 'POST /connect/pay?a=1', '```', '',
      '- Time: 2026-01-01T00:00:00.000Z',
      '- Status: 302',
      '- Duration: 0.25 ms',
      '- Served by: the local sandbox',
      '',
      '## Request', '',
      'Body (cut: only its start is kept):', '',
      '```', `first_name=A&token=${REDACTED}`, '```', '',
      '## Response', '',
      'Headers:', '',
      '```http', 'location: https://merchant.example/return?x=1', '```', '',
      'No body.', '',
      `Secrets (Authorization, cookies, tokens, app secrets, OAuth codes) are shown as ${REDACTED}; they are never recorded.`,
      '',
    ].join('\n'));
  });

  it('writes the document of the extension\'s own request that got no answer: served remotely, nothing recorded', () => {
    const doc = requestDocument(aRecord({ id: 'c1', path: '/api/v1/merchants/M1', query: '', status: 0, durationMs: 12, source: 'client', origin: 'https://sandbox.gocardless.com', merchantId: 'M1' }));
    const notRecorded = 'Not recorded: the extension\'s client reports method, path, status and duration only.';
    assert.equal(doc, [
      '# Request c1', '',
      '```', 'GET /api/v1/merchants/M1', '```', '',
      '- Time: 2026-01-01T00:00:00.000Z',
      '- Status: no answer',
      '- Duration: 12 ms',
      '- Served by: a remote GoCardless (the extension\'s own request)',
      '- Merchant: ` M1 `',
      '',
      '## Error', '', // no message and no explanation: the heading alone
      '## Request', '', notRecorded, '',
      '## Response', '', notRecorded, '',
      `Secrets (Authorization, cookies, tokens, app secrets, OAuth codes) are shown as ${REDACTED}; they are never recorded.`,
      '',
    ].join('\n'));
  });

  it('shows an error record\'s Error section even without a message, and none for a success', () => {
    assert.match(requestDocument(aRecord({ status: 404 })), /## Error\n\nThe API reference \(HTTP response codes, 404\): Not Found\./);
    assert.doesNotMatch(requestDocument(aRecord({ status: 200 })), /## Error/);
    assert.match(requestDocument(aRecord({ status: 200, error: 'kept from an older log' })), /## Error\n\n```\nkept from an older log\n```\n\n## Request/,
      'a record that carries a message shows it, whatever its status');
  });

  it('ends a response whose body was not kept with that sentence, then the secrets note', () => {
    const doc = requestDocument(aRecord({ request: { headers: {} }, response: { headers: {}, bodyNotKept: true } }));
    assert.ok(doc.endsWith([
      '## Response', '',
      'Body not kept: the log keeps no successful read\'s answer ("Send again" fetches it anew).', '',
      `Secrets (Authorization, cookies, tokens, app secrets, OAuth codes) are shown as ${REDACTED}; they are never recorded.`, '',
    ].join('\n')), doc);
  });

  it('copies a recorded request as curl: credentials as variables, no header curl sets itself, no redacted value', () => {
    const curl = requestToCurl(aRecord({
      method: 'POST', path: '/api/v1/bills', query: '',
      request: {
        headers: {
          host: '127.0.0.1:1234', 'content-length': '26', authorization: `bearer ${REDACTED}`, accept: 'application/json',
          'content-type': 'application/json', 'x-app-secret': REDACTED, 'user-agent': 'node',
        },
        body: '{"bill":{"amount":"1.00"}}',
      },
    }), 'http://127.0.0.1:1234//');
    assert.equal(curl, [
      'curl -sS -X POST',
      '-H "Authorization: Bearer $GOCARDLESS_ACCESS_TOKEN"',
      '-H \'accept: application/json\'',
      '-H \'content-type: application/json\'',
      '--data-binary \'{"bill":{"amount":"1.00"}}\'',
      '\'http://127.0.0.1:1234/api/v1/bills\'', // the origin's trailing slashes go
    ].join(' \\\n  '));
  });

  it('copies the extension\'s own API request (no headers recorded) with a bearer token and JSON accept; others bare', () => {
    // The spec: "To access the API, simply pass an Authorization header containing bearer for the merchant".
    const own = aRecord({ path: '/api/v1/merchants/M1', query: 'x=1', source: 'client', area: 'api' });
    assert.equal(requestToCurl(own, 'https://sandbox.gocardless.com'), [
      'curl -sS -X GET',
      '-H "Authorization: Bearer $GOCARDLESS_ACCESS_TOKEN"',
      '-H \'accept: application/json\'',
      '\'https://sandbox.gocardless.com/api/v1/merchants/M1?x=1\'',
    ].join(' \\\n  '));
    const page = aRecord({ path: '/connect/bills/new', query: '', source: 'client', area: 'connect' });
    assert.equal(requestToCurl(page, 'https://sandbox.gocardless.com'), ['curl -sS -X GET', '\'https://sandbox.gocardless.com/connect/bills/new\''].join(' \\\n  '));
  });

  it('gives no credential variable for a scheme that is neither Bearer nor Basic', () => {
    const curl = requestToCurl(aRecord({ request: { headers: { authorization: 'Digest realm="basic bearer"' } } }), 'http://127.0.0.1:1');
    assert.ok(!curl.includes('GOCARDLESS_'), curl);
  });
});
