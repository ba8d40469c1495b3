import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender, whyNotDelivered, type SandboxWebhookDelivery } from '../../../src/core/sandbox/WebhookSender';
import { diagnoseWebhookBody } from '../../../src/core/webhooks/diagnoseWebhookBody';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);

/** A loopback receiver that records each request and lets the test answer it (or not). */
interface AnsweringReceiver {
  url: string;
  requests: Array<{ method: string; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

async function startAnsweringReceiver(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<AnsweringReceiver> {
  const requests: AnsweringReceiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function sendOne(sender: WebhookSender, url: string | null, action = 'paid'): SandboxWebhookDelivery {
  return sender.send({ merchantId: 'M1', url, secret: 'app-secret', resourceType: 'bill', action, objects: [{ id: 'B1', status: action }] });
}

/** The delivery as the first report after an attempt that satisfies `done` gives it. */
function reported(sender: WebhookSender, done: (d: SandboxWebhookDelivery) => boolean): Promise<SandboxWebhookDelivery> {
  return new Promise((resolve) => {
    const sub = sender.onDelivery((d) => {
      if (done(d)) {
        sub.dispose();
        resolve(d);
      }
    });
  });
}

describe('WebhookSender', () => {
  let senders: WebhookSender[] = [];
  let receivers: AnsweringReceiver[] = [];
  function sender(options: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}): WebhookSender {
    const s = new WebhookSender({ timeoutMs: 5000, retryScale: 1, realNow: () => T0, ...options });
    senders.push(s);
    return s;
  }
  async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<AnsweringReceiver> {
    const r = await startAnsweringReceiver(answer);
    receivers.push(r);
    return r;
  }
  afterEach(async () => {
    for (const s of senders) s.dispose();
    for (const r of receivers) await r.close();
    senders = [];
    receivers = [];
  });

  it('posts the signed payload as JSON with its own user agent', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const s = sender();
    const d = sendOne(s, r.url);
    await reported(s, (x) => x.id === d.id && x.state === 'delivered');
    const [request] = r.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.equal(request!.headers['user-agent'], 'gocardless-devtools-sandbox');
    assert.equal(request!.body, d.body);
    assert.equal(diagnoseWebhookBody(request!.body, 'app-secret').valid, true);
  });

  it('logs each attempt with when it started and how long it took, on the clock it is given', async () => {
    const clock = { ms: T0 };
    const r = await receiver((_req, res) => {
      clock.ms += 250; // the receiver takes a quarter of a second
      res.writeHead(200).end();
    });
    const s = sender({ realNow: () => clock.ms });
    const sent = sendOne(s, r.url);
    const d = await reported(s, (x) => x.id === sent.id && x.state === 'delivered');
    assert.deepEqual(d.attempts, [{ at: new Date(T0).toISOString(), status: 200, error: null, durationMs: 250 }]);
    assert.equal(d.nextAttemptAt, null);
  });

  it('schedules the first retry one minute (times the retry scale) after a failed attempt', async () => {
    // The spec: "it will retry up to 10 times at ever-increasing time intervals"; the sandbox starts at a minute.
    let answers = 0;
    const r = await receiver((_req, res) => res.writeHead(answers++ === 0 ? 500 : 200).end());
    const s = sender({ retryScale: 1e-3 });
    const first = reported(s, (x) => x.attempts.length === 1);
    const d = sendOne(s, r.url);
    const afterFirst = await first;
    assert.equal(afterFirst.state, 'pending');
    assert.equal(afterFirst.nextAttemptAt, new Date(T0 + 60).toISOString());
    await reported(s, (x) => x.id === d.id && x.state === 'delivered');
    assert.deepEqual(d.attempts.map((a) => [a.status, a.error]), [[500, 'HTTP 500'], [200, null]]);
  });

  it('leaves no timer running once an attempt has been answered', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    // Closing the connection leaves no keep-alive timer of the receiver's own to count.
    const r = await receiver((_req, res) => res.writeHead(200, { connection: 'close' }).end());
    const s = sender({ timeoutMs: 60_000 });
    const before = timers();
    const d = sendOne(s, r.url);
    await reported(s, (x) => x.id === d.id && x.state === 'delivered');
    assert.ok(timers() <= before, 'the attempt\'s timeout is cleared when the answer comes');
  });

  it('on dispose, aborts an attempt in flight and records nothing more', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let closed!: () => void;
    const aborted = new Promise<void>((resolve) => (closed = resolve));
    const r = await receiver((req) => {
      req.socket.on('close', () => closed());
      arrived(); // and never answers
    });
    const s = sender({ timeoutMs: 60_000, retryScale: 1e-6 });
    const d = sendOne(s, r.url);
    await arrival;
    s.dispose();
    await aborted;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(d.attempts, []);
    assert.equal(d.nextAttemptAt, null);
    assert.equal(r.requests.length, 1, 'no retry after dispose');
  });

  it('logs a webhook without a URL as not sent and tells the listeners; a disposed listener hears nothing more', () => {
    const s = sender();
    const heard: string[] = [];
    const sub = s.onDelivery((d) => heard.push(d.action));
    assert.equal(sendOne(s, null, 'paid').state, 'not_sent');
    sub.dispose();
    sendOne(s, null, 'withdrawn');
    assert.deepEqual(heard, ['paid']);
  });

  it('keeps only the newest deliveries, up to its log size', () => {
    const s = sender({ maxLogSize: 2 });
    sendOne(s, null, 'created');
    sendOne(s, null, 'paid');
    assert.deepEqual(s.deliveries().map((d) => d.action), ['created', 'paid']);
    sendOne(s, null, 'withdrawn');
    assert.deepEqual(s.deliveries().map((d) => d.action), ['paid', 'withdrawn']);
  });

  it('clear() empties the log', () => {
    const s = sender();
    sendOne(s, null);
    s.clear();
    assert.deepEqual(s.deliveries(), []);
  });

  it('says why a status other than 200 is not a delivery: a 2xx is named as not counting', () => {
    // The spec: "respond with status HTTP/1.1 200 OK within 5 seconds".
    for (const status of [201, 204, 299]) {
      assert.equal(whyNotDelivered(status), `HTTP ${status}: only 200 OK counts as received (the spec: "respond with status HTTP/1.1 200 OK"), so it will be retried`);
    }
    for (const status of [300, 404, 500]) assert.equal(whyNotDelivered(status), `HTTP ${status}`);
  });
});
