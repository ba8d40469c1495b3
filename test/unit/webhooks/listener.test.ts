import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { WebhookListener, buildTestWebhook, type WebhookAccount, type WebhookDelivery, type WebhookListenerOptions } from '../../../src/core/webhooks';
import { next, post, rawClient } from './loopback';

const SANDBOX: WebhookAccount = { id: 'acc_sandbox', name: 'Sandbox merchant', secret: 'sandbox-secret-0123456789' };
const LIVE: WebhookAccount = { id: 'acc_live', name: 'Live merchant', secret: 'live-secret-9876543210' };

function twoBills(secret: string, action: 'paid' | 'failed' = 'paid') {
  return buildTestWebhook({ resourceType: 'bill', action, ids: ['AKJ398H8KA', 'AKJ398H8KB'], secret, now: new Date('2011-12-01T12:00:00Z') });
}

describe('WebhookListener', () => {
  let listener: WebhookListener;
  beforeEach(async () => { listener = await WebhookListener.start({ accounts: [SANDBOX, LIVE] }); });
  afterEach(async () => { await listener.close(); });

  it('binds 127.0.0.1 by default', () => {
    assert.equal(listener.address.address, '127.0.0.1');
    assert.match(listener.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers 200 to a valid webhook on any path and records which account signed it', async () => {
    const hook = twoBills(LIVE.secret);
    const delivered = next<WebhookDelivery>((l) => listener.onDelivery(l));
    const answer = await post(listener.url + 'any/path?x=1', hook.json);
    assert.equal(answer.status, 200);
    const d = await delivered;
    assert.equal(d.path, '/any/path?x=1');
    assert.equal(d.verification.status, 'valid');
    assert.deepEqual(d.verification.account, { id: LIVE.id, name: LIVE.name });
    assert.equal(d.resourceType, 'bill');
    assert.equal(d.action, 'paid');
    assert.deepEqual(d.objectIds, ['AKJ398H8KA', 'AKJ398H8KB']);
    assert.equal(d.response.status, 200);
    assert.equal(d.body, hook.json);
    assert.equal(d.attempt, 1);
    assert.equal(d.retryOf, undefined);
    assert.match(answer.body, new RegExp(d.id));
  });

  it('answers 403 to a tampered webhook, with core diagnosis kept but not sent back', async () => {
    const hook = twoBills(SANDBOX.secret);
    const tampered = hook.json.replace('"20.0"', '"2000.0"');
    assert.notEqual(tampered, hook.json);
    const delivered = next<WebhookDelivery>((l) => listener.onDelivery(l));
    const answer = await post(listener.url, tampered);
    assert.equal(answer.status, 403);
    assert.ok(!answer.body.includes(hook.signature), 'the answer never contains a signature');
    const d = await delivered;
    assert.equal((JSON.parse(answer.body) as { id: string }).id, d.id, 'the answer names the delivery to look at');
    assert.equal(d.verification.status, 'invalid');
    assert.equal(d.verification.diagnosis?.verdict, 'unexplained');
    assert.equal(d.verification.diagnosis?.received, hook.signature);
    assert.ok(d.verification.diagnosis?.expected.normalized.includes('bills%5B%5D%5Bamount%5D=2000.0'), 'expected is computed over what was received');
  });

  it('answers 403 to a webhook signed with a secret it does not know', async () => {
    const answer = await post(listener.url, twoBills('some-other-secret').json);
    assert.equal(answer.status, 403);
    assert.equal(listener.store.list().at(-1)?.verification.status, 'invalid');
    assert.ok(!JSON.stringify(listener.store.list()).includes(SANDBOX.secret), 'secrets never reach the record');
  });

  it('answers 403 to an unsigned payload', async () => {
    const answer = await post(listener.url, JSON.stringify({ payload: { resource_type: 'bill', action: 'paid', bills: [] } }));
    assert.equal(answer.status, 403);
    assert.equal(listener.store.list().at(-1)?.verification.status, 'unsigned');
  });

  it('answers 400 to a body that is not JSON, or has no payload', async () => {
    assert.equal((await post(listener.url, 'action=paid&resource_type=bill')).status, 400);
    assert.equal((await post(listener.url, '{"resource_type":"bill"}')).status, 400);
    assert.equal((await post(listener.url, '{"payload":"text"}')).status, 400);
    assert.equal((await post(listener.url, '[1,2]')).status, 400);
    assert.deepEqual(listener.store.list().map((d) => d.verification.status), ['malformed', 'malformed', 'malformed', 'malformed']);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const answer = await post(listener.url, '', {}, 'GET');
    assert.equal(answer.status, 405);
    assert.equal(answer.headers['allow'], 'POST');
    const put = await post(listener.url, twoBills(SANDBOX.secret).json, { 'content-type': 'application/json' }, 'PUT');
    assert.equal(put.status, 405);
  });

  it('answers 200 to everything with acceptAll, still recording the verdict', async () => {
    listener.acceptAll = true;
    assert.equal((await post(listener.url, twoBills('wrong').json)).status, 200);
    assert.equal(listener.store.list().at(-1)?.verification.status, 'invalid');
    assert.equal((await post(listener.url, 'not json')).status, 400, 'a body that is not a webhook is still refused');
  });

  it('uses accounts changed at runtime', async () => {
    const hook = twoBills('rotated-secret');
    assert.equal((await post(listener.url, hook.json)).status, 403);
    listener.setAccounts([{ id: 'acc_new', name: 'New', secret: 'rotated-secret' }]);
    assert.equal((await post(listener.url, hook.json)).status, 200, 'a retry is verified against the new secret');
    assert.equal(listener.store.list().at(-1)?.verification.account?.id, 'acc_new');
  });

  it('redacts credentials in recorded headers', async () => {
    await post(listener.url, twoBills(SANDBOX.secret).json, { 'content-type': 'application/json', authorization: 'Basic c2VjcmV0', cookie: 'session=1' });
    const d = listener.store.list().at(-1)!;
    assert.equal(d.headers['authorization'], '[redacted]');
    assert.equal(d.headers['cookie'], '[redacted]');
    assert.equal(d.headers['content-type'], 'application/json');
  });

  it('marks a retry of the same payload as such, not as a new event', async () => {
    const hook = twoBills(SANDBOX.secret);
    const other = twoBills(SANDBOX.secret, 'failed');
    await post(listener.url, hook.json);
    await post(listener.url, other.json);
    // GoCardless resends the same body; key order or whitespace may differ, the signature does not.
    await post(listener.url, JSON.stringify(JSON.parse(hook.json), null, 2));
    await post(listener.url, hook.json);
    const [first, second, retry1, retry2] = listener.store.list();
    assert.equal(second!.retryOf, undefined);
    assert.equal(retry1!.retryOf, first!.id);
    assert.equal(retry1!.attempt, 2);
    assert.equal(retry2!.retryOf, first!.id);
    assert.equal(retry2!.attempt, 3);
    assert.equal(retry2!.response.status, 200, 'a retry is still acknowledged, or GoCardless would keep retrying');
  });
});

describe('WebhookListener limits', () => {
  // Closed here too, not only in each test's finally: a test that times out never reaches its finally.
  const listeners: WebhookListener[] = [];
  const sockets: Socket[] = [];
  const start = async (options: WebhookListenerOptions): Promise<WebhookListener> => {
    const l = await WebhookListener.start(options);
    listeners.push(l);
    return l;
  };
  const raw = async (port: number): Promise<Awaited<ReturnType<typeof rawClient>>> => {
    const client = await rawClient(port);
    sockets.push(client.socket);
    return client;
  };
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(listeners.splice(0).map((l) => l.close()));
  });

  it('answers 413 beyond the body limit, by declared length and by streamed length', async () => {
    const listener = await start({ accounts: [SANDBOX], maxBodyBytes: 1024 });
    try {
      const big = JSON.stringify({ payload: { pad: 'x'.repeat(2000) } });
      const declared = await post(listener.url, big);
      assert.equal(declared.status, 413);
      assert.equal(declared.headers['connection'], 'close');

      // Chunked, no Content-Length: the listener counts as it reads.
      const { socket, closed } = await raw(listener.address.port);
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      socket.write(`800\r\n${'y'.repeat(0x800)}\r\n`);
      const text = await closed;
      assert.match(text, /^HTTP\/1\.1 413 /);
      assert.deepEqual(listener.store.list().map((d) => d.response.status), [413, 413]);
      // Still answering.
      assert.equal((await post(listener.url, twoBills(SANDBOX.secret).json)).status, 200);
    } finally {
      await listener.close();
    }
  });

  // The timeouts are the listener's parameters, set small here; no elapsed time is asserted. With the defaults
  // (10 s, 15 s) these tests would outlast their own mocha timeout, which is how a listener ignoring them fails.
  it('answers 408 and closes a client that trickles its headers, on the headers timeout', async function () {
    this.timeout(5000);
    // The request timeout is far away: only the headers timeout can answer.
    const listener = await start({ accounts: [SANDBOX], headersTimeoutMs: 200, requestTimeoutMs: 60_000 });
    try {
      const { socket, closed } = await raw(listener.address.port);
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\n`);
      const text = await closed;
      assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.match(text, /\r\nConnection: close\r\n/);
      assert.equal(listener.store.list().length, 0, 'a request without its headers is not a delivery');
    } finally {
      await listener.close();
    }
  });

  it('answers 408 and closes a client that trickles its body, on the request timeout', async function () {
    this.timeout(5000);
    const listener = await start({ accounts: [SANDBOX], headersTimeoutMs: 200, requestTimeoutMs: 400 });
    try {
      const { socket, closed } = await raw(listener.address.port);
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"pay`);
      const text = await closed;
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.equal(listener.store.list().length, 0, 'an unfinished request is not a delivery');
    } finally {
      await listener.close();
    }
  });

  it('closes its sockets on close(), even keep-alive ones', async () => {
    const listener = await start({ accounts: [SANDBOX] });
    const { socket, closed } = await raw(listener.address.port);
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
    await new Promise<void>((r) => socket.once('data', () => r()));
    await listener.close();
    await closed;
    assert.ok(socket.destroyed || socket.readableEnded);
  });
});
