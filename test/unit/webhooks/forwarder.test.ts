import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { DeliveryStore, WebhookForwarder, WebhookListener, buildTestWebhook, type WebhookAccount, type WebhookDelivery } from '../../../src/core/webhooks';
import { next, post, startApp } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc', name: 'Merchant', secret: 'forwarding-secret' };
const hook = () => buildTestWebhook({ resourceType: 'subscription', action: 'cancelled', ids: ['SUB1', 'SUB2'], secret: ACCOUNT.secret });

describe('Forwarding to the user\'s app', () => {
  it('forwards the original body and content type, and records the app\'s answer', async () => {
    const app = await startApp((_req, _body, res) => { res.writeHead(202, { 'content-type': 'text/plain' }); res.end('thanks'); });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      const h = hook();
      const forwarded = next<WebhookDelivery>((l) => listener.onForward(l));
      assert.equal((await post(listener.url, h.json, { 'content-type': 'application/json', authorization: 'Bearer nope' })).status, 200);
      const d = await forwarded;
      assert.equal(app.requests.length, 1);
      assert.equal(app.requests[0]!.body, h.json);
      assert.equal(app.requests[0]!.headers['content-type'], 'application/json');
      assert.equal(app.requests[0]!.headers['authorization'], undefined, 'credentials are not passed on');
      assert.equal(app.requests[0]!.headers['x-gcdev-delivery-id'], d.id);
      assert.equal(d.forward?.status, 202);
      assert.equal(d.forward?.body, 'thanks');
      assert.equal(d.forward?.slow, false);
      assert.equal(d.forward?.replay, false);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('answers GoCardless at once while a slow app is still working, and flags the app as slower than 5 s', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    const held: ServerResponse[] = [];
    const app = await startApp((_req, _body, res) => { held.push(res); void released.then(() => res.end('late')); });
    // An injected clock: each reading is 6 s after the previous one.
    let t = 0;
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url, forward: { now: () => (t += 6000) } });
    try {
      const forwarded = next<WebhookDelivery>((l) => listener.onForward(l));
      const answer = await post(listener.url, hook().json);
      assert.equal(answer.status, 200, 'answered before the app has answered');
      assert.equal(listener.store.list()[0]!.forward, undefined, 'no forward result yet');
      release();
      const d = await forwarded;
      assert.equal(d.forward?.status, 200);
      assert.equal(d.forward?.latencyMs, 6000);
      assert.equal(d.forward?.slow, true);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('records a failing app\'s status and body, and an app that is down', async () => {
    const app = await startApp((_req, _body, res) => { res.writeHead(500); res.end('boom: undefined method'); });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      const forwarded = next<WebhookDelivery>((l) => listener.onForward(l));
      await post(listener.url, hook().json);
      const d = await forwarded;
      assert.equal(d.forward?.status, 500);
      assert.equal(d.forward?.body, 'boom: undefined method');

      await app.close();
      const down = next<WebhookDelivery>((l) => listener.onForward(l));
      await post(listener.url, hook().json);
      const e = await down;
      assert.equal(e.forward?.status, undefined);
      assert.match(e.forward?.error ?? '', /refused|ECONNREFUSED/i);
    } finally {
      await listener.close();
    }
  });

  it('gives up on an app that never answers, after the timeout', async () => {
    // The timeout's signal is the test's: it fires once the app has the request (and will never answer), not after real time.
    const timeUp = new AbortController();
    const asked: number[] = [];
    const app = await startApp(() => { timeUp.abort(); /* never answers */ });
    const forwarder = new WebhookForwarder({ url: app.url, timeoutMs: 60_000, timeoutSignal: (ms) => { asked.push(ms); return timeUp.signal; } });
    try {
      const result = await forwarder.send('{}', { 'content-type': 'application/json' }, false);
      assert.deepEqual(asked, [60_000], 'the timer is set to the configured timeout');
      assert.equal(result.status, undefined);
      assert.equal(app.requests.length, 1);
      assert.match(result.error ?? '', /No answer within 60000 ms/);
    } finally {
      forwarder.dispose();
      await app.close();
    }
  });

  it('bounds the app\'s recorded answer', async () => {
    const app = await startApp((_req, _body, res) => res.end('z'.repeat(10_000)));
    const forwarder = new WebhookForwarder({ url: app.url, maxResponseBytes: 100 });
    try {
      const r = await forwarder.send('{}', {}, false);
      assert.equal(r.body.length, 100);
      assert.equal(r.bodyTruncated, true);
    } finally {
      forwarder.dispose();
      await app.close();
    }
  });

  it('replays a stored delivery, marked as a replay', async () => {
    const app = await startApp((_req, _body, res) => res.end('ok'));
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      const h = hook();
      await post(listener.url, h.json);
      const d = listener.store.list()[0]!;
      await assert.rejects(listener.replay(d.id), /No forward URL/);
      const result = await listener.replay(d.id, app.url);
      assert.equal(result.status, 200);
      assert.equal(result.replay, true);
      assert.equal(app.requests[0]!.body, h.json);
      assert.equal(app.requests[0]!.headers['x-gcdev-replay'], '1');
      assert.equal(listener.store.get(d.id)?.forward?.replay, true);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('refuses a forward URL that is not http(s)', () => {
    assert.throws(() => new WebhookForwarder({ url: 'file:///etc/passwd' }), /http or https/);
  });
});

describe('Listener with a file store across a restart', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-listen-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads deliveries back and still recognises a retry of one seen before the restart', async () => {
    const file = join(dir, 'deliveries.jsonl');
    const h = hook();
    const store1 = await DeliveryStore.open({ file });
    const l1 = await WebhookListener.start({ accounts: [ACCOUNT], store: store1 });
    await post(l1.url, h.json);
    await l1.close();
    await store1.close();

    const store2 = await DeliveryStore.open({ file });
    const l2 = await WebhookListener.start({ accounts: [ACCOUNT], store: store2 });
    try {
      assert.equal(store2.list().length, 1);
      const first = store2.list()[0]!;
      await post(l2.url, h.json);
      const retry = store2.list()[1]!;
      assert.equal(retry.retryOf, first.id);
      assert.equal(retry.attempt, 2);
    } finally {
      await l2.close();
      await store2.close();
    }
  });
});
