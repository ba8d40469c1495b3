import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutSignature } from '../../../src/core/signing';
import {
  buildTestWebhook, resignPayload, DeliveryStore, isForwardable, WebhookListener, type WebhookAccount, type WebhookDelivery, type WebhookListenerOptions,
} from '../../../src/core/webhooks';
import { aDelivery } from './builders';
import { next, post, rawClient, startApp } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc_ans', name: 'Answers merchant', secret: 'answers-secret-0123456789' };
const JSON_TYPE = { 'content-type': 'application/json' };

function genuine(ids = ['B1']): ReturnType<typeof buildTestWebhook> {
  return buildTestWebhook({ resourceType: 'bill', action: 'paid', ids, secret: ACCOUNT.secret, now: new Date('2011-12-01T12:00:00Z') });
}

/** A genuine bill webhook whose body is exactly `bytes` bytes long (padded in a field of its own). */
function genuineOfBytes(bytes: number): string {
  const padded = (pad: string): string => JSON.stringify({ payload: resignPayload({ ...withoutSignature(genuine().body.payload), pad }, ACCOUNT.secret) });
  const json = padded('P'.repeat(bytes - padded('').length));
  assert.equal(Buffer.byteLength(json), bytes);
  return json;
}

interface RawAnswer { status: number; head: string; headers: Record<string, string>; body: string; text: string }

/** Writes `request` as it is over a real socket and reads until the listener closes it. */
async function raw(port: number, request: string | Buffer): Promise<RawAnswer> {
  const { socket, closed } = await rawClient(port);
  socket.write(request);
  const text = await closed;
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]), head, headers, body: text.slice(split + 4), text };
}

function sha256Base64(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

describe('WebhookListener: each answer, exactly', () => {
  let listener: WebhookListener;
  beforeEach(async () => { listener = await WebhookListener.start({ accounts: [ACCOUNT], maxBodyBytes: 1024 }); });
  afterEach(async () => { await listener.close(); });

  const lastId = (): string => listener.store.list().at(-1)!.id;

  it('answers a genuine webhook 200 {"received":true,"id"} as JSON that no browser renders or caches', async () => {
    // Spec, Webhooks: "respond with status HTTP/1.1 200 OK within 5 seconds".
    const answer = await post(listener.url, genuine().json);
    assert.equal(answer.status, 200);
    assert.equal(answer.body, `{"received":true,"id":"${lastId()}"}`);
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(answer.headers['content-length'], String(Buffer.byteLength(answer.body)));
    assert.equal(answer.headers['transfer-encoding'], undefined, 'not chunked');
    assert.notEqual(answer.headers['connection'], 'close', 'a genuine sender may keep its connection');
  });

  it('answers a body that is not a webhook 400 bad_request with the reason and the delivery id', async () => {
    const answer = await post(listener.url, '[1]');
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body), { error: 'bad_request', message: 'The body must be a JSON object with a "payload" object.', id: lastId() });
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  });

  it('answers an unsigned payload and a forged one 403 invalid_signature, each with its own message and never a signature', async () => {
    const unsigned = await post(listener.url, JSON.stringify({ payload: { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }] } }));
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.body), { error: 'invalid_signature', message: 'The payload is not signed.', id: lastId() });
    // Spec: the signature "prevents attackers imitating valid web hooks".
    const forged = await post(listener.url, buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: 'attacker' }).json);
    assert.equal(forged.status, 403);
    assert.deepEqual(JSON.parse(forged.body), { error: 'invalid_signature', message: 'The signature does not match any configured app secret.', id: lastId() });
  });

  it('answers a request a web page sent 403 forbidden with the reason, and closes the connection', async () => {
    const answer = await post(listener.url, genuine().json, { ...JSON_TYPE, origin: 'https://evil.example' });
    assert.equal(answer.status, 403);
    assert.deepEqual(JSON.parse(answer.body), {
      error: 'forbidden', id: lastId(),
      message: 'Refused: the request carries an Origin header, so a web page sent it. GoCardless sends webhooks from its servers, without one.',
    });
    assert.equal(answer.headers['connection'], 'close');
    // Refused before the method is looked at.
    assert.equal((await post(listener.url, '', { origin: 'https://evil.example' }, 'GET')).status, 403);
  });

  it('answers another method 405 with Allow: POST and a fixed body, and closes the connection', async () => {
    // Spec: "These are POST requests to your server".
    const answer = await post(listener.url, '', {}, 'GET');
    assert.equal(answer.status, 405);
    assert.equal(answer.body, '{"error":"method_not_allowed","message":"Send webhooks as POST."}');
    assert.equal(answer.headers['allow'], 'POST');
    assert.equal(answer.headers['connection'], 'close');
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
  });

  it('answers a body over the limit 413 payload_too_large naming the limit, and closes the connection', async () => {
    const answer = await post(listener.url, genuineOfBytes(1025));
    assert.equal(answer.status, 413);
    assert.deepEqual(JSON.parse(answer.body), { error: 'payload_too_large', message: 'The body is larger than the listener\'s limit of 1024 bytes.' });
    assert.equal(answer.headers['connection'], 'close');
  });

  it('answers malformed HTTP 400 Bad Request and closes, without recording a delivery', async () => {
    const answer = await raw(listener.address.port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.equal(answer.text, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    assert.equal(listener.store.list().length, 0);
  });
});

describe('WebhookListener: the body limit at its edge', () => {
  let listener: WebhookListener;
  beforeEach(async () => { listener = await WebhookListener.start({ accounts: [ACCOUNT], maxBodyBytes: 1024 }); });
  afterEach(async () => { await listener.close(); });

  it('accepts a body of exactly maxBodyBytes by its Content-Length and refuses one byte more, recording the declared size', async () => {
    assert.equal((await post(listener.url, genuineOfBytes(1024))).status, 200);
    assert.equal((await post(listener.url, genuineOfBytes(1025))).status, 413);
    const [ok, tooLarge] = listener.store.list();
    assert.equal(ok!.bodyBytes, 1024);
    assert.deepEqual({ body: tooLarge!.body, bodyBytes: tooLarge!.bodyBytes, verification: tooLarge!.verification }, {
      body: '', bodyBytes: 1025, verification: { status: 'not-checked', reason: 'The body is larger than the listener\'s limit of 1024 bytes.' },
    });
  });

  it('accepts a chunked body of exactly maxBodyBytes, in two chunks, and refuses one byte more as it reads', async () => {
    const port = listener.address.port;
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const chunked = (body: string): string => {
      const a = body.slice(0, 500);
      const b = body.slice(500);
      return `${head}${a.length.toString(16)}\r\n${a}\r\n${b.length.toString(16)}\r\n${b}\r\n0\r\n\r\n`;
    };
    const exact = genuineOfBytes(1024);
    const ok = await raw(port, chunked(exact));
    assert.equal(ok.status, 200, 'both chunks make up the body: ' + ok.body);
    assert.equal(listener.store.list()[0]!.body, exact);
    assert.equal(listener.store.list()[0]!.bodyBytes, 1024);
    const over = await raw(port, chunked(genuineOfBytes(1025)));
    assert.equal(over.status, 413);
    assert.equal(listener.store.list()[1]!.bodyBytes, 1025, 'the bytes read when the limit was passed');
  });
});

describe('WebhookListener: the record of each delivery', () => {
  let listener: WebhookListener;
  beforeEach(async () => { listener = await WebhookListener.start({ accounts: [ACCOUNT] }); });
  afterEach(async () => { await listener.close(); });

  it('records every field of a genuine delivery, keyed for retries by its signature', async () => {
    const hook = genuine(['AKJ398H8KA', 'AKJ398H8KB']);
    await post(listener.url + 'hooks/gc?x=1', hook.json, { ...JSON_TYPE, 'user-agent': 'gc-test' });
    const d = listener.store.list()[0]!;
    assert.deepEqual(Object.keys(d).sort(), ['action', 'attempt', 'body', 'bodyBytes', 'headers', 'id', 'method', 'objectIds', 'path', 'receivedAt',
      'remoteAddress', 'resourceType', 'response', 'retryKey', 'verification']);
    assert.equal(d.remoteAddress, '127.0.0.1');
    assert.equal(d.method, 'POST');
    assert.equal(d.path, '/hooks/gc?x=1');
    assert.equal(d.headers['user-agent'], 'gc-test');
    assert.equal(d.headers['content-type'], 'application/json');
    assert.equal(d.body, hook.json);
    assert.equal(d.bodyBytes, Buffer.byteLength(hook.json));
    assert.deepEqual(d.verification, { status: 'valid', account: { id: ACCOUNT.id, name: ACCOUNT.name }, reason: 'Signed with the app secret of Answers merchant.' });
    assert.equal(d.resourceType, 'bill');
    assert.equal(d.action, 'paid');
    assert.deepEqual(d.objectIds, ['AKJ398H8KA', 'AKJ398H8KB']);
    assert.deepEqual(d.response, { status: 200 });
    assert.equal(d.attempt, 1);
    assert.equal(d.retryKey, `s:${hook.signature}`);
  });

  it('gives each delivery an id from its arrival time, the listener\'s prefix and a counter, and an ISO receivedAt', async () => {
    for (let i = 0; i < 3; i++) await post(listener.url, genuine([`B${i}`]).json);
    const ids = listener.store.list().map((d) => d.id);
    const parts = ids.map((id) => /^wh_([0-9a-z]+)([0-9a-f]{6})([0-9a-z]{5})$/.exec(id));
    assert.ok(parts.every((p) => p !== null), ids.join(' '));
    assert.equal(new Set(parts.map((p) => p![2])).size, 1, 'one prefix per listener');
    assert.deepEqual(parts.map((p) => parseInt(p![3]!, 36)), [1, 2, 3], 'a counter, padded to five characters');
    for (const [i, d] of listener.store.list().entries()) {
      assert.equal(new Date(d.receivedAt).toISOString(), d.receivedAt);
      // The id is taken once the body is read, receivedAt when the request arrived.
      const idTime = parseInt(parts[i]![1]!, 36);
      assert.ok(idTime >= Date.parse(d.receivedAt), `${d.id} at ${d.receivedAt}`);
    }
  });

  it('records an unsigned delivery without the keys it has no value for, keyed for retries by its body\'s hash', async () => {
    const body = JSON.stringify({ payload: { note: 'no type' } });
    await post(listener.url, body);
    await post(listener.url, body);
    const [first, again] = listener.store.list();
    assert.equal('resourceType' in first!, false);
    assert.equal('action' in first!, false);
    assert.equal('retryOf' in first!, false);
    assert.deepEqual(first!.objectIds, []);
    assert.deepEqual(first!.response, { status: 403 });
    assert.equal(first!.retryKey, `b:${sha256Base64(body)}`);
    assert.equal(again!.retryOf, first!.id, 'the same unsigned body again is a retry');
    assert.equal(again!.attempt, 2);
  });

  it('does not take a forged delivery for a retry of another one with the same signature', async () => {
    const hook = genuine();
    const forgedA = JSON.stringify({ payload: { ...hook.body.payload, action: 'failed' } });
    const forgedB = JSON.stringify({ payload: { ...hook.body.payload, action: 'cancelled' } });
    await post(listener.url, forgedA);
    await post(listener.url, forgedB);
    const [a, b] = listener.store.list();
    assert.equal(b!.retryOf, undefined, 'a signature that does not verify says nothing about the event');
    assert.equal(b!.attempt, 1);
    assert.equal(a!.retryKey, `b:${sha256Base64(forgedA)}`);
  });

  it('records a body that is not UTF-8 as malformed, its size in bytes and its retry key over the bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('{"payload":{"note":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const { socket, closed } = await rawClient(listener.address.port);
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`);
    socket.write(bytes);
    assert.match(await closed, /^HTTP\/1\.1 400 /);
    const d = listener.store.list()[0]!;
    assert.deepEqual(d.verification, { status: 'malformed', reason: 'The body is not valid UTF-8.' });
    assert.equal(d.bodyBytes, bytes.length);
    assert.equal(d.body, bytes.toString('utf8'));
    assert.equal(d.retryKey, `b:${sha256Base64(bytes)}`);
  });

  it('records a request of another method without reading its body, and a refused one alike', async () => {
    await post(listener.url + 'x', '{"a":1}', JSON_TYPE, 'PUT');
    await post(listener.url, genuine().json, { 'content-type': 'text/plain' });
    const [put, refused] = listener.store.list();
    assert.deepEqual({ method: put!.method, path: put!.path, body: put!.body, bodyBytes: put!.bodyBytes, objectIds: put!.objectIds, attempt: put!.attempt, response: put!.response },
      { method: 'PUT', path: '/x', body: '', bodyBytes: 0, objectIds: [], attempt: 1, response: { status: 405 } });
    assert.deepEqual(put!.verification, { status: 'not-checked', reason: 'Only POST is accepted; GoCardless sends webhooks as POST requests.' });
    assert.equal('retryKey' in put!, false);
    assert.deepEqual(refused!.verification, { status: 'not-checked', reason: 'Refused: webhooks are JSON; send them with Content-Type: application/json, as GoCardless does.' });
    assert.equal(refused!.body, '');
  });

  it('redacts every credential header, keeping the others as sent', async () => {
    await post(listener.url, genuine().json, { ...JSON_TYPE, authorization: 'Basic c2VjcmV0', 'proxy-authorization': 'Basic eA==', cookie: 'a=1', 'x-request-id': 'r1' });
    const d = listener.store.list()[0]!;
    assert.equal(d.headers['authorization'], '[redacted]');
    assert.equal(d.headers['proxy-authorization'], '[redacted]');
    assert.equal(d.headers['cookie'], '[redacted]');
    assert.equal(d.headers['x-request-id'], 'r1');
    assert.equal(d.headers['content-type'], 'application/json');
    assert.ok(!JSON.stringify(d).includes('c2VjcmV0'));
  });
});

describe('WebhookListener: which requests it takes', () => {
  const listeners: WebhookListener[] = [];
  const start = async (options: WebhookListenerOptions): Promise<WebhookListener> => {
    const l = await WebhookListener.start(options);
    listeners.push(l);
    return l;
  };
  afterEach(async () => { await Promise.all(listeners.splice(0).map((l) => l.close())); });

  const request = (port: number, host: string, body: string, type = 'application/json'): string =>
    `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

  it('takes JSON with parameters and in any case, as the content type allows', async () => {
    const listener = await start({ accounts: [ACCOUNT] });
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8', 'application/json;charset=utf-8']) {
      assert.equal((await post(listener.url, genuine().json, { 'content-type': type })).status, 200, type);
    }
  });

  it('takes its address and localhost with its port as Host, in any case, and names them when it refuses another', async () => {
    const listener = await start({ accounts: [ACCOUNT], allowedHosts: ['ABC.Tunnel.example'] });
    const port = listener.address.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, 'abc.tunnel.EXAMPLE']) {
      assert.equal((await raw(port, request(port, host, genuine().json))).status, 200, host);
    }
    const refused = await raw(port, request(port, 'localhost', genuine().json));
    assert.equal(refused.status, 403, 'localhost without the port is another origin');
    assert.equal((JSON.parse(refused.body) as { message: string }).message,
      `Refused: the Host header is not this listener's address (127.0.0.1:${port} or localhost:${port}), as after DNS rebinding. A tunnel that keeps its public Host must be allowed explicitly (allowedHosts, gcdev listen --allow-host).`);
  });

  it('on IPv6 loopback, gives a bracketed URL and takes the bracketed address as Host', async () => {
    const listener = await start({ accounts: [ACCOUNT], host: '::1' });
    const port = listener.address.port;
    assert.equal(listener.url, `http://[::1]:${port}/`);
    assert.equal((await post(listener.url, genuine().json)).status, 200);
    assert.equal((await post(listener.url, genuine().json, { ...JSON_TYPE, host: `[::1]:${port}` })).status, 200);
    assert.equal((await post(listener.url, genuine().json, { ...JSON_TYPE, host: `127.0.0.1:${port}` })).status, 403, 'not the address it is bound to');
  });

  it('bound to every interface, takes any Host (names are the user\'s affair) and gives a loopback URL', async () => {
    const listener = await start({ accounts: [ACCOUNT], host: '0.0.0.0' });
    const port = listener.address.port;
    assert.equal(listener.url, `http://127.0.0.1:${port}/`);
    assert.equal((await raw(port, `POST / HTTP/1.1\r\nHost: hooks.example.com\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(genuine().json)}\r\nConnection: close\r\n\r\n${genuine().json}`)).status, 200);
  });

  it('accepts a request timeout shorter than the headers timeout by raising it to the headers timeout', async () => {
    const listener = await start({ accounts: [ACCOUNT], headersTimeoutMs: 2000, requestTimeoutMs: 100 });
    assert.equal((await post(listener.url, genuine().json)).status, 200);
  });

  it('answers 200 to forgeries with acceptAll given at start, and says so', async () => {
    const listener = await start({ accounts: [ACCOUNT], acceptAll: true });
    assert.equal(listener.acceptAll, true);
    assert.equal((await post(listener.url, JSON.stringify({ payload: { resource_type: 'bill' } }))).status, 200);
    listener.acceptAll = false;
    assert.equal((await post(listener.url, JSON.stringify({ payload: { resource_type: 'bill' } }))).status, 403);
    assert.equal((await start({ accounts: [ACCOUNT] })).acceptAll, false, 'off by default');
  });

  it('refuses an account whose secret is missing, naming it', async () => {
    await assert.rejects(WebhookListener.start({ accounts: [{ id: 'n', name: 'No secret', secret: undefined as unknown as string }] }),
      { name: 'RangeError', message: 'The app secret of No secret is empty: a webhook listener cannot verify with an empty secret.' });
  });

  it('keeps its own copy of the accounts it is given', async () => {
    const accounts = [ACCOUNT];
    const listener = await start({ accounts });
    accounts.pop();
    assert.equal((await post(listener.url, genuine().json)).status, 200);
    const rotated = [{ id: 'acc_r', name: 'Rotated', secret: 'rotated-0123456789' }];
    listener.setAccounts(rotated);
    rotated.pop();
    assert.equal((await post(listener.url, buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: 'rotated-0123456789' }).json)).status, 200);
  });

  it('fails to start on a port already taken, with the system\'s error', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as { port: number }).port;
      await assert.rejects(WebhookListener.start({ accounts: [ACCOUNT], port }), { code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });
});

describe('WebhookListener: storage failures do not turn refusals into 503', () => {
  it('still answers 403, 400 and 405 (only a 200 means "stored") when its store is closed', async () => {
    const store = await DeliveryStore.open();
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
    try {
      await store.close();
      assert.equal((await post(listener.url, buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: 'attacker' }).json)).status, 403);
      assert.equal((await post(listener.url, 'not json')).status, 400);
      assert.equal((await post(listener.url, '', {}, 'GET')).status, 405);
      const answer = await post(listener.url, genuine().json);
      assert.equal(answer.status, 503);
      assert.equal(answer.body, '{"error":"not_stored","message":"The delivery could not be stored; retry."}');
    } finally {
      await listener.close();
    }
  });
});

describe('WebhookListener: lifecycle, subscribers, forwarding and replays', () => {
  it('closes once however often asked; closes the store it made itself, not one it was given', async () => {
    const given = await DeliveryStore.open();
    const withGiven = await WebhookListener.start({ accounts: [ACCOUNT], store: given });
    const first = withGiven.close();
    assert.equal(withGiven.close(), first, 'the same close');
    await first;
    await given.append(aDelivery());
    assert.equal(given.list().length, 1, 'the given store still takes deliveries');
    await given.close();

    const owning = await WebhookListener.start({ accounts: [ACCOUNT] });
    await owning.close();
    await assert.rejects(owning.store.append(aDelivery()), /The delivery store is closed\./);
    assert.throws(() => owning.address, /^Error: The webhook listener is not listening\.$/);
  });

  it('keeps answering and calls its other subscribers when one throws; a disposed one is not called', async () => {
    const app = await startApp((_req, _body, res) => res.end('ok'));
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      const seen: string[] = [];
      listener.onDelivery(() => { throw new Error('a subscriber bug'); });
      listener.onForward(() => { throw new Error('a subscriber bug'); });
      const gone = listener.onDelivery(() => seen.push('disposed'));
      gone.dispose();
      const goneForward = listener.onForward(() => seen.push('disposed forward'));
      goneForward.dispose();
      const delivered = next<WebhookDelivery>((l) => listener.onDelivery(l));
      const forwarded = next<WebhookDelivery>((l) => listener.onForward(l));
      assert.equal((await post(listener.url, genuine().json)).status, 200);
      assert.equal((await delivered).response.status, 200);
      assert.equal((await forwarded).forward?.status, 200);
      assert.deepEqual(seen, []);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('forwards every delivery it checked, forged and malformed ones too (the app\'s own check is what is tested)', async () => {
    const app = await startApp((_req, _body, res) => { res.writeHead(403); res.end('no'); });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      const forged = buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: 'attacker' }).json;
      await post(listener.url, forged);
      await post(listener.url, '{"not":"a webhook"}');
      await listener.settled();
      assert.deepEqual(app.requests.map((r) => r.body), [forged, '{"not":"a webhook"}']);
      assert.deepEqual(listener.store.list().map((d) => d.forward?.status), [403, 403]);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('stops forwarding when the forward URL is cleared', async () => {
    const app = await startApp((_req, _body, res) => res.end('ok'));
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      assert.equal(listener.forwardTo, app.url);
      listener.setForwardTo(undefined);
      assert.equal(listener.forwardTo, undefined);
      listener.setForwardTo('');
      assert.equal(listener.forwardTo, undefined);
      await post(listener.url, genuine().json);
      await listener.settled();
      assert.equal(app.requests.length, 0);
    } finally {
      await listener.close();
      await app.close();
    }
  });

  it('replays to the URL asked for rather than the forward URL, and to the forward URL when none is asked', async () => {
    const forwardApp = await startApp((_req, _body, res) => res.end('forward'));
    const otherApp = await startApp((_req, _body, res) => { res.writeHead(201); res.end('other'); });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      await post(listener.url, genuine().json);
      const id = listener.store.list()[0]!.id;
      listener.setForwardTo(forwardApp.url);
      await assert.rejects(listener.replay('wh_nope'), { name: 'RangeError', message: 'No delivery wh_nope is kept in memory.' });
      const forwarded = next<WebhookDelivery>((l) => listener.onForward(l));
      const toOther = await listener.replay(id, otherApp.url);
      assert.deepEqual([toOther.status, toOther.url, toOther.replay], [201, otherApp.url, true]);
      assert.equal(otherApp.requests.length, 1);
      assert.equal(forwardApp.requests.length, 0);
      assert.equal((await forwarded).forward?.status, 201, 'the replay\'s answer is stored on the delivery');
      const toForward = await listener.replay(id);
      assert.equal(toForward.body, 'forward');
      assert.equal(forwardApp.requests.length, 1);
      assert.equal(listener.store.get(id)?.forward?.body, 'forward');
    } finally {
      await listener.close();
      await forwardApp.close();
      await otherApp.close();
    }
  });

  it('isForwardable: not a refused, 405 or 413 request, and not one a gcdev listener forwarded', () => {
    assert.equal(isForwardable(aDelivery()), true);
    assert.equal(isForwardable(aDelivery({ verification: { status: 'invalid', reason: 'x' } })), true);
    assert.equal(isForwardable(aDelivery({ verification: { status: 'not-checked', reason: 'x' } })), false);
    assert.equal(isForwardable(aDelivery({ headers: { 'x-gcdev-delivery-id': 'wh_1' } })), false);
  });
});

describe('WebhookListener: connections and late forward results', () => {
  it('closes an idle keep-alive connection after keepAliveTimeoutMs (set small here; the default 5 s outlasts this test\'s timeout)', async function () {
    this.timeout(3000);
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], keepAliveTimeoutMs: 100 });
    try {
      const { socket, closed } = await rawClient(listener.address.port);
      const body = genuine().json;
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const text = await closed;
      assert.match(text, /^HTTP\/1\.1 200 /, 'answered, then closed by the listener once idle');
    } finally {
      await listener.close();
    }
  });

  it('stops listening as soon as it is disposed', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      listener.dispose();
      assert.throws(() => listener.address, /not listening/);
    } finally {
      await listener.close();
    }
  });

  it('tells nobody of a forward result for a delivery no longer kept (the history was cleared meanwhile)', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let arrived!: () => void;
    const atApp = new Promise<void>((r) => { arrived = r; });
    const app = await startApp((_req, _body, res) => { arrived(); void released.then(() => res.end('late')); });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
    try {
      const told: unknown[] = [];
      listener.onForward((d) => told.push(d));
      assert.equal((await post(listener.url, genuine().json)).status, 200);
      await atApp;
      await listener.store.clear();
      release();
      await listener.settled();
      assert.deepEqual(told, []);
      assert.equal(listener.store.list().length, 0);
    } finally {
      await listener.close();
      await app.close();
    }
  });
});

describe('WebhookListener: defaults and a store closed under it', () => {
  it('started with no options, answers a signed webhook 403: with no app secret nothing can be verified', async () => {
    const listener = await WebhookListener.start();
    try {
      assert.equal(listener.address.address, '127.0.0.1');
      const answer = await post(listener.url, genuine().json);
      assert.equal(answer.status, 403);
      assert.deepEqual(listener.store.list()[0]!.verification, { status: 'invalid', reason: 'No app secret is configured, so the signature cannot be checked.' });
    } finally {
      await listener.close();
    }
  });

  it('still gives a replay\'s result when the store it would record it in was closed meanwhile', async () => {
    const app = await startApp((_req, _body, res) => res.end('ok'));
    const store = await DeliveryStore.open();
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
    try {
      await post(listener.url, genuine().json);
      const id = store.list()[0]!.id;
      await store.close();
      const result = await listener.replay(id, app.url);
      assert.equal(result.status, 200);
    } finally {
      await listener.close();
      await app.close();
    }
  });
});

describe('WebhookListener: refusals that are cheap, records that read back, and forwards at close (survivors of the webhooks mutation run)', () => {
  it('answers 413 to a declared length over the limit before reading any body, recording that declared length', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], maxBodyBytes: 1024 });
    try {
      const port = listener.address.port;
      // The body never comes: only the Content-Length tells the listener, which must not wait for it.
      const answer = await raw(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n`);
      assert.equal(answer.status, 413);
      assert.equal(answer.headers['connection'], 'close');
      assert.equal(listener.store.list()[0]!.bodyBytes, 10_000_000_000);
    } finally {
      await listener.close();
    }
  });

  it('writes the record of a refused, 405 or 413 request so that it reads back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcdev-refused-'));
    const file = join(dir, 'deliveries.jsonl');
    try {
      const store = await DeliveryStore.open({ file });
      const listener = await WebhookListener.start({ accounts: [ACCOUNT], store, maxBodyBytes: 1024 });
      try {
        assert.equal((await post(listener.url, genuine().json, { ...JSON_TYPE, origin: 'https://page.example' })).status, 403);
        assert.equal((await post(listener.url, '', {}, 'GET')).status, 405);
        assert.equal((await post(listener.url, genuineOfBytes(1025))).status, 413);
      } finally {
        await listener.close();
        await store.close();
      }
      const reopened = await DeliveryStore.open({ file });
      assert.deepEqual(reopened.loaded, { deliveries: 3, skippedLines: 0, truncatedBytes: 0 });
      assert.deepEqual(reopened.list().map((d) => [d.response.status, d.body]), [[403, ''], [405, ''], [413, '']]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('at close, waits for the forwards it aborts and records their result in a store it was given', async () => {
    let arrived!: () => void;
    const atApp = new Promise<void>((r) => { arrived = r; });
    // An app that never answers: only close() ends the forward.
    const app = await startApp(() => { arrived(); });
    const store = await DeliveryStore.open();
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store, forwardTo: app.url });
    try {
      assert.equal((await post(listener.url, genuine().json)).status, 200);
      await atApp;
      await listener.close();
      const forward = store.list()[0]!.forward;
      assert.ok(forward?.error !== undefined && forward.status === undefined, `the aborted forward is recorded (${JSON.stringify(forward)})`);
    } finally {
      await listener.close();
      await store.close();
      await app.close();
    }
  });
});
