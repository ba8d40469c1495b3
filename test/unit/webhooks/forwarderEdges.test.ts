import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { MockAgent } from 'undici';
import { WEBHOOK_RESPONSE_DEADLINE_MS, WebhookForwarder } from '../../../src/core/webhooks';
import { aDelivery } from './builders';
import { startApp } from './loopback';

type App = Awaited<ReturnType<typeof startApp>>;

/** A clock that gives `readings` in turn: the first is the start of a send, the second its end. */
function clock(...readings: number[]): () => number {
  return () => readings.shift() ?? assert.fail('the forwarder read the clock more than twice');
}

/** The numbers 0… as text, so a cut-off answer shows where it was cut. */
function counting(length: number): string {
  let s = '';
  for (let i = 0; s.length < length; i++) s += `${i},`;
  return s.slice(0, length);
}

describe('WebhookForwarder: edges', () => {
  const apps: App[] = [];
  const forwarders: WebhookForwarder[] = [];
  const app = async (handler: Parameters<typeof startApp>[0]): Promise<App> => {
    const a = await startApp(handler);
    apps.push(a);
    return a;
  };
  const forwarder = (options: ConstructorParameters<typeof WebhookForwarder>[0]): WebhookForwarder => {
    const f = new WebhookForwarder(options);
    forwarders.push(f);
    return f;
  };
  afterEach(async () => {
    for (const f of forwarders.splice(0)) f.dispose();
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  it('passes on the content type, user agent and accept headers and the delivery id, nothing else; a replay says so', async () => {
    const target = await app((_req, _body, res) => res.end('ok'));
    const d = aDelivery({ headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'gc/1', accept: '*/*', 'x-other': 'no', cookie: '[redacted]' } });
    const f = forwarder({ url: target.url });
    await f.forward(d);
    await f.forward(d, true);
    const [first, replay] = target.requests;
    assert.equal(first!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(first!.headers['user-agent'], 'gc/1');
    assert.equal(first!.headers['accept'], '*/*');
    assert.equal(first!.headers['x-gcdev-delivery-id'], d.id);
    assert.equal(first!.headers['x-other'], undefined);
    assert.equal(first!.headers['cookie'], undefined);
    assert.equal(first!.headers['x-gcdev-replay'], undefined, 'a forward is not a replay');
    assert.equal(replay!.headers['x-gcdev-replay'], '1');
    assert.equal(first!.body, d.body);
  });

  it('sends a delivery that had no content type as application/json', async () => {
    // Spec: "The POST request will contain JSON data in the body".
    const target = await app((_req, _body, res) => res.end('ok'));
    await forwarder({ url: target.url }).forward(aDelivery({ headers: {} }));
    assert.equal(target.requests[0]!.headers['content-type'], 'application/json');
  });

  it('records the app\'s answer with the URL, an ISO time and the latency to a tenth of a millisecond', async () => {
    const target = await app((_req, _body, res) => { res.writeHead(202); res.end('accepted'); });
    const f = forwarder({ url: target.url, now: clock(10, 11.26) });
    const r = await f.send('{}', {}, false);
    assert.deepEqual({ ...r, at: undefined }, { url: target.url, at: undefined, status: 202, latencyMs: 1.3, slow: false, body: 'accepted', bodyTruncated: false, replay: false });
    assert.equal(new Date(r.at).toISOString(), r.at);
  });

  it('flags an answer as slow only past the spec\'s 5 seconds', async () => {
    // Spec: "If the API server does not get a 200 OK response within 5 seconds, it will retry".
    assert.equal(WEBHOOK_RESPONSE_DEADLINE_MS, 5000);
    const target = await app((_req, _body, res) => res.end('ok'));
    assert.equal((await forwarder({ url: target.url, now: clock(0, 5000) }).send('{}', {}, false)).slow, false, 'exactly 5 s is within');
    const late = await forwarder({ url: target.url, now: clock(0, 5000.01) }).send('{}', {}, false);
    assert.equal(late.slow, true);
    assert.equal(late.latencyMs, 5000);
  });

  it('keeps an answer of exactly maxResponseBytes whole and cuts a longer one there, across chunks', async () => {
    const full = counting(150);
    const target = await app((req, _body, res) => {
      const length = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      res.write(full.slice(0, 60));
      setImmediate(() => res.end(full.slice(60, length)));
    });
    const exact = await forwarder({ url: `${target.url}?n=100`, maxResponseBytes: 100 }).send('{}', {}, false);
    assert.deepEqual([exact.body, exact.bodyTruncated], [full.slice(0, 100), false]);
    const longer = await forwarder({ url: `${target.url}?n=150`, maxResponseBytes: 100 }).send('{}', {}, false);
    assert.deepEqual([longer.body, longer.bodyTruncated], [full.slice(0, 100), true]);
  });

  it('keeps 64 KiB of an answer by default', async () => {
    const target = await app((req, _body, res) => res.end('a'.repeat(Number(new URL(req.url!, 'http://x').searchParams.get('n')))));
    const exact = await forwarder({ url: `${target.url}?n=65536` }).send('{}', {}, false);
    assert.deepEqual([exact.body.length, exact.bodyTruncated], [65536, false]);
    const longer = await forwarder({ url: `${target.url}?n=65537` }).send('{}', {}, false);
    assert.deepEqual([longer.body.length, longer.bodyTruncated], [65536, true]);
  });

  it('waits 30 s by default before giving up', async () => {
    const target = await app((_req, _body, res) => res.end('ok'));
    const asked: number[] = [];
    await forwarder({ url: target.url, timeoutSignal: (ms) => { asked.push(ms); return new AbortController().signal; } }).send('{}', {}, false);
    assert.deepEqual(asked, [30_000]);
  });

  it('says an app that refuses the connection is probably not running, with the latency and slowness of the attempt', async () => {
    const closed = await app(() => undefined);
    const url = closed.url;
    await closed.close();
    apps.splice(apps.indexOf(closed), 1);
    const r = await forwarder({ url, now: clock(0, 6000) }).send('{}', {}, true);
    assert.deepEqual({ ...r, at: undefined }, { url, at: undefined, error: 'Connection refused: is your app running?', latencyMs: 6000, slow: true, body: '', bodyTruncated: false, replay: true });
    // A failed attempt is timed from its own start, and exactly 5 s is within the deadline there too.
    const edge = await forwarder({ url, now: clock(1000, 6000) }).send('{}', {}, false);
    assert.equal(edge.latencyMs, 5000);
    assert.equal(edge.slow, false);
  });

  it('records another failure in the transport\'s own words', async () => {
    // An app that hangs up without answering.
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const r = await forwarder({ url: `http://127.0.0.1:${port}/` }).send('{}', {}, false);
      assert.equal(r.status, undefined);
      assert.ok(r.error && r.error !== 'Connection refused: is your app running?' && !r.error.startsWith('No answer'), r.error);
      assert.match(r.error, /closed|reset|socket/i);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('on dispose, ends a forward in flight without calling it a timeout', async () => {
    const sent: { by?: WebhookForwarder } = {};
    const target = await app(() => { sent.by?.dispose(); /* never answers */ });
    sent.by = forwarder({ url: target.url });
    const r = await sent.by.send('{}', {}, false);
    assert.equal(r.status, undefined);
    assert.ok(r.error !== undefined && !/No answer within/.test(r.error), r.error);
  });

  it('sends through the dispatcher it is given', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get('http://app.invalid').intercept({ path: '/hooks', method: 'POST' }).reply(204, '');
    try {
      const r = await forwarder({ url: 'http://app.invalid/hooks', dispatcher: agent }).send('{}', {}, false);
      assert.equal(r.status, 204);
    } finally {
      await agent.close();
    }
  });

  it('takes http and https URLs, normalized, and refuses any other scheme by name', () => {
    assert.equal(new WebhookForwarder({ url: 'HTTP://LocalHost:3000' }).url, 'http://localhost:3000/');
    assert.equal(new WebhookForwarder({ url: 'https://app.example/hooks' }).url, 'https://app.example/hooks');
    assert.throws(() => new WebhookForwarder({ url: 'ftp://app.example/' }), { name: 'RangeError', message: 'The forward URL must be http or https, not ftp:' });
  });
});
