// RequestRecorder on a real loopback server it does not own: what a record keeps of
// an answer (by method, status and type), its id, time and duration, and that a failing
// listener is logged without costing the others their record. The sandbox's own
// requests are in requestRecords.test.ts.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendAnswer } from '../../../src/core/sandbox/httpIO';
import { RequestRecorder } from '../../../src/core/sandbox/RequestRecorder';
import { REDACTED, type RequestRecord } from '../../../src/core/sandbox/requestRecord';

/** The time every request "started" at, and how long each "took", as the sandbox would hand them over. */
const STARTED_MS = Date.UTC(2026, 0, 15, 10, 0, 0);

/** What the test server answers: status, headers and body by path, a refusal's message; `plain` answers without sendAnswer. */
interface Reply { status: number; headers?: Record<string, string>; body?: string; error?: string; plain?: boolean }

describe('RequestRecorder', () => {
  let server: Server;
  let origin: string;
  let recorder: RequestRecorder;
  let replies: Map<string, Reply>;
  let durationMs: number;
  /** Runs in the same turn as answered(), right after it. */
  let afterAnswer: (() => void) | undefined;
  const logged: string[] = [];

  beforeEach(async () => {
    replies = new Map();
    durationMs = 1;
    afterAnswer = undefined;
    logged.length = 0;
    recorder = new RequestRecorder((token) => (token === 'tok-A' ? 'MA' : undefined), (line) => logged.push(line));
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => {
        recorder.answered(req, res, STARTED_MS, durationMs);
        afterAnswer?.();
      });
      void (async () => {
        if (req.method === 'POST') await readBody(req);
        const reply = replies.get((req.url ?? '/').split('?')[0]!) ?? { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":["Not found"]}' };
        if (reply.plain) {
          res.statusCode = reply.status;
          for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
          res.end(reply.body);
        } else {
          sendAnswer(res, reply.status, reply.headers ?? {}, reply.body, reply.error);
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));

  /** Sends one request and resolves with its record. */
  async function recordOf(path: string, init: RequestInit = {}): Promise<RequestRecord> {
    const seen = new Promise<RequestRecord>((resolve) => {
      const sub = recorder.onRequest((r) => { sub.dispose(); resolve(r); });
    });
    const res = await fetch(origin + path, init);
    await res.arrayBuffer();
    return seen;
  }

  it('names each record by its start time and a counter, with the start as ISO time', async () => {
    const first = await recordOf('/a');
    const second = await recordOf('/b');
    const base = STARTED_MS.toString(36);
    assert.deepEqual([first.id, second.id], [`${base}-0`, `${base}-1`]);
    assert.equal(first.time, '2026-01-15T10:00:00.000Z');
  });

  it('rounds the duration to a tenth of a millisecond', async () => {
    durationMs = 2.345;
    assert.equal((await recordOf('/a')).durationMs, 2.3);
    durationMs = 0.06;
    assert.equal((await recordOf('/a')).durationMs, 0.1);
  });

  it('records a request without query or body as just its path and headers', async () => {
    const r = await recordOf('/api/v1/bills/B1');
    assert.equal(r.path, '/api/v1/bills/B1');
    assert.equal(r.query, '');
    assert.deepEqual(Object.keys(r.request!), ['headers'], 'no body, not an empty one');
  });

  it('keeps no successful GET or HEAD answer, but says it had a body; an empty answer has none', async () => {
    replies.set('/ok', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"B1"}' });
    replies.set('/empty', { status: 200, headers: { 'content-type': 'application/json' }, body: '' });
    const get = await recordOf('/ok');
    assert.deepEqual([get.response?.body, get.response?.bodyNotKept], [undefined, true]);
    const head = await recordOf('/ok', { method: 'HEAD' });
    assert.deepEqual([head.response?.body, head.response?.bodyNotKept], [undefined, true]);
    const empty = await recordOf('/empty');
    assert.deepEqual(Object.keys(empty.response!), ['headers']);
  });

  it('keeps a GET\'s error answer, 400 included, up to 4 KiB', async () => {
    const long = JSON.stringify({ error: ['x'.repeat(2000)] });
    replies.set('/bad', { status: 400, headers: { 'content-type': 'application/json' }, body: long, error: 'x'.repeat(2000) });
    const r = await recordOf('/bad');
    assert.equal(r.response?.body, long, 'an error\'s answer is what the user needs to read');
    assert.equal(r.response?.bodyTruncated, undefined);
    assert.equal(r.error, 'x'.repeat(2000), 'the message the answer was sent with');
  });

  it('cuts an error answer at 4 KiB and a successful write\'s at 1 KiB, and says so', async () => {
    replies.set('/boom', { status: 500, headers: { 'content-type': 'text/plain' }, body: 'e'.repeat(5000) });
    replies.set('/made', { status: 201, headers: { 'content-type': 'text/plain' }, body: 'm'.repeat(2000) });
    const error = await recordOf('/boom');
    assert.deepEqual([error.response?.body, error.response?.bodyTruncated], ['e'.repeat(4096), true]);
    const made = await recordOf('/made', { method: 'POST', body: 'a=1' });
    assert.deepEqual([made.response?.body, made.response?.bodyTruncated], ['m'.repeat(1024), true]);
  });

  it('redacts the kept start of a long error answer as it was written, not re-serialized', async () => {
    const body = `{"access_token": "tok-A", "detail": "${'d'.repeat(5000)}"}`;
    replies.set('/oauth/access_token', { status: 400, headers: { 'content-type': 'application/json' }, body });
    const r = await recordOf('/oauth/access_token', { method: 'POST', body: 'grant_type=x' });
    assert.equal(r.response?.body, body.replace('"tok-A"', `"${REDACTED}"`).slice(0, 4096));
    assert.equal(r.response?.bodyTruncated, true);
    assert.ok(!JSON.stringify(r).includes('tok-A'));
  });

  it('summarizes an HTML answer by its Content-Length, or "?" without one, even a successful read\'s', async () => {
    replies.set('/page', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': '11' }, body: '<p>page</p>' });
    replies.set('/bare', { status: 200, headers: { 'content-type': 'text/html' }, body: '<p>bare</p>', plain: true });
    assert.equal((await recordOf('/page')).response?.body, '[HTML page, 11 bytes]');
    assert.equal((await recordOf('/bare')).response?.body, '[HTML page, ? bytes]', 'an answer not written by sendAnswer: its set headers only');
  });

  it('records an answer not written by sendAnswer with the headers it set and no body', async () => {
    replies.set('/plain', { status: 200, headers: { 'content-type': 'application/json', 'x-note': 'set' }, body: '{"id":"B1"}', plain: true });
    const r = await recordOf('/plain');
    assert.deepEqual(r.response, { headers: { 'content-type': 'application/json', 'x-note': 'set' } });
  });

  it('stops handing records to a disposed listener', async () => {
    const heard: string[] = [];
    const sub = recorder.onRequest((r) => heard.push(r.path));
    await recordOf('/a');
    sub.dispose();
    await recordOf('/b');
    assert.deepEqual(heard, ['/a']);
  });

  it('hands a listener only the requests answered after it subscribed', async () => {
    const heard: string[] = [];
    const subscribed = new Promise<void>((resolve) => {
      afterAnswer = () => {
        afterAnswer = undefined;
        recorder.onRequest((r) => heard.push(r.path));
        resolve();
      };
    });
    await (await fetch(`${origin}/early`)).arrayBuffer(); // answered while no one listened
    await subscribed;
    await recordOf('/late');
    assert.deepEqual(heard, ['/late']);
  });

  it('logs a failing listener and still hands the record to the others', async () => {
    recorder.onRequest(() => { throw new Error('view gone'); });
    const r = await recordOf('/a');
    assert.equal(r.path, '/a');
    assert.deepEqual(logged, ['request log listener failed: view gone']);
  });

  it('names the merchant of a bearer token only for a well-formed "bearer TOKEN" header', async () => {
    assert.equal((await recordOf('/x', { headers: { authorization: 'Bearer tok-A' } })).merchantId, 'MA');
    assert.equal((await recordOf('/x', { headers: { authorization: 'bearer  tok-A' } })).merchantId, 'MA', 'more than one space');
    assert.equal((await recordOf('/x', { headers: { authorization: 'bearer tok-A extra' } })).merchantId, undefined);
    assert.equal((await recordOf('/x', { headers: { authorization: 'Token bearer tok-A' } })).merchantId, undefined);
    assert.equal((await recordOf('/x', { headers: { authorization: 'bearer unknown' } })).merchantId, undefined);
  });

  it('prefers the token\'s merchant to the one a path names, then the path\'s, then a merchant_id parameter', async () => {
    assert.equal((await recordOf('/api/v1/merchants/MB/bills', { headers: { authorization: 'bearer tok-A' } })).merchantId, 'MA');
    assert.equal((await recordOf('/api/v1/merchants/M%20B1/bills')).merchantId, 'M B1', 'decoded');
    assert.equal((await recordOf('/api/v1/merchants/%E0%A4%A/bills')).merchantId, '%E0%A4%A', 'not decodable: as it came');
    assert.equal((await recordOf('/api/v1/merchants/MB.json')).merchantId, 'MB');
    assert.equal((await recordOf('/static/api/v1/merchants/MB')).merchantId, undefined, 'only an API path names one');
    assert.equal((await recordOf('/connect/bills/new?merchant_id=MC&x=1')).merchantId, 'MC');
    assert.equal((await recordOf('/connect/bills/new?bill%5Bmerchant_id%5D=MD')).merchantId, 'MD');
    assert.equal((await recordOf('/connect/bills/new?merchant_id_hint=ME')).merchantId, undefined);
  });
});
