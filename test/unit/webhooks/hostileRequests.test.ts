import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createAgent } from '../../../src/core/api/undici';
import { sendHttp } from '../../../src/core/integrationCheck/sendHttp';
import { WebhookSender, type SandboxWebhookDelivery } from '../../../src/core/sandbox/WebhookSender';
import { hmacHex, normalizeParams, withoutSignature } from '../../../src/core/signing';
import {
  buildTestWebhook, isSelfTarget, WebhookForwarder, WebhookListener, type WebhookAccount, type WebhookDelivery,
} from '../../../src/core/webhooks';
import { hostsFor } from '../../../src/core/webhooks/WebhookListener';
import { next, post, rawClient, startApp } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc', name: 'Sandbox merchant', secret: 'hostile-test-secret' };

function genuine(): string {
  return buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: ACCOUNT.secret }).json;
}

/** One raw HTTP/1.1 request over a real socket, exactly as written; the whole answer as text. */
async function raw(port: number, head: string, body: string): Promise<{ status: number; text: string }> {
  const { socket, closed } = await rawClient(port);
  socket.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  const text = await closed;
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]), text };
}

describe('Listener: requests a web page can send are refused (issue 16, item 2)', () => {
  let listener: WebhookListener;
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeEach(async () => {
    app = await startApp((_req, _body, res) => { res.writeHead(200); res.end('ok'); });
    listener = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: app.url });
  });
  afterEach(async () => { await listener.close(); await app.close(); });

  it("refuses fetch(url, {method: 'POST', mode: 'no-cors', body}) from a page: Origin and text/plain, 403 with the reason, not forwarded", async () => {
    const port = listener.address.port;
    const delivered = next<WebhookDelivery>((l) => listener.onDelivery(l));
    // What Chromium sends for a no-cors POST of a string body from https://evil.example.
    const answer = await raw(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\nContent-Type: text/plain;charset=UTF-8\r\n`
      + 'Sec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: cross-site\r\nReferer: https://evil.example/\r\n', genuine());
    assert.equal(answer.status, 403);
    const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as { error: string; message: string };
    assert.equal(body.error, 'forbidden');
    assert.match(body.message, /Origin header/);
    const d = await delivered;
    assert.equal(d.verification.status, 'not-checked');
    assert.equal(d.body, '', 'a refused body is not read into the record');
    await listener.settled();
    assert.equal(app.requests.length, 0, 'a refused request is never forwarded');
  });

  it('refuses an Origin even with a JSON body and a valid signature', async () => {
    const answer = await post(listener.url, genuine(), { 'content-type': 'application/json', origin: 'http://localhost:3000' });
    assert.equal(answer.status, 403);
    assert.match(answer.body, /Origin/);
  });

  it('refuses a POST that is not JSON (form, text/plain, none), which a page can send without an Origin from a form', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/jsonp', undefined]) {
      const answer = await raw(listener.address.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${listener.address.port}\r\n${type ? `Content-Type: ${type}\r\n` : ''}`, genuine());
      assert.equal(answer.status, 403, `Content-Type ${type ?? '(none)'}`);
      assert.match(answer.text, /Content-Type: application\/json/);
    }
  });

  it('refuses a Host that is not its loopback address (DNS rebinding), and accepts one allowed explicitly', async () => {
    const port = listener.address.port;
    const rebinding = await raw(port, `POST / HTTP/1.1\r\nHost: attacker.example:${port}\r\nContent-Type: application/json\r\n`, genuine());
    assert.equal(rebinding.status, 403);
    assert.match(rebinding.text, /Host header/);
    const noHost = await raw(port, 'POST / HTTP/1.0\r\nContent-Type: application/json\r\n', genuine());
    assert.equal(noHost.status, 403);
    const tunnel = await WebhookListener.start({ accounts: [ACCOUNT], allowedHosts: ['abc.tunnel.example'] });
    try {
      const viaTunnel = await raw(tunnel.address.port, 'POST / HTTP/1.1\r\nHost: abc.tunnel.example\r\nContent-Type: application/json\r\n', genuine());
      assert.equal(viaTunnel.status, 200);
    } finally {
      await tunnel.close();
    }
  });

  it('accepts what GoCardless-shaped senders send: the sandbox WebhookSender, the integration check, gcdev webhook send, and curl', async () => {
    const answered = (): number[] => listener.store.list().map((d) => d.response.status);
    // The sandbox's sender (fetch), to localhost and to 127.0.0.1.
    const sender = new WebhookSender({ timeoutMs: 5000, retryScale: 1, realNow: () => Date.now() });
    try {
      for (const url of [listener.url, `http://localhost:${listener.address.port}/hooks`]) {
        const done = next<SandboxWebhookDelivery>((l) => sender.onDelivery(l), (d) => d.state !== 'pending');
        sender.send({ merchantId: 'M1', url, secret: ACCOUNT.secret, resourceType: 'bill', action: 'paid', objects: [{ id: 'B9', status: 'paid' }] });
        assert.equal((await done).state, 'delivered');
      }
    } finally {
      sender.dispose();
    }
    // The integration check's sender, with its headers.
    const dispatcher = createAgent();
    try {
      const exchange = await sendHttp({ method: 'POST', url: listener.url, headers: { 'content-type': 'application/json', 'user-agent': 'gcdev-integration-check' }, body: genuine(), timeoutMs: 5000, dispatcher });
      assert.equal(exchange.status, 200);
    } finally {
      await dispatcher.close();
    }
    // gcdev webhook send and the extension's "Send test webhook" post through WebhookForwarder.send.
    const forwarder = new WebhookForwarder({ url: listener.url });
    assert.equal((await forwarder.send(genuine(), { 'content-type': 'application/json', 'user-agent': 'gcdev-webhook' }, false)).status, 200);
    // curl, as the docs show it.
    const { stdout } = await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Content-Type: application/json', '--data-binary', genuine(), listener.url]);
    assert.equal(stdout, '200');
    assert.deepEqual(answered(), [200, 200, 200, 200, 200]);
  });
});

describe('Listener: no forward loop (issue 16, item 7)', () => {
  it('refuses a forward target that is the listener itself, in every spelling', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    const port = listener.address.port;
    try {
      for (const url of [listener.url, `http://localhost:${port}/webhooks`, `http://127.0.0.1:${port}`, `http://127.0.0.2:${port}/`, `http://[::1]:${port}/`,
        `http://LOCALHOST.:${port}/`, `http://0.0.0.0:${port}/`, `https://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://app.localhost:${port}/`]) {
        assert.throws(() => listener.setForwardTo(url), /this webhook listener itself/, url);
        await assert.rejects(listener.replay('none', url), /No delivery|itself/);
      }
      assert.equal(listener.forwardTo, undefined, 'a refused target leaves forwarding off');
      listener.setForwardTo(`http://127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}/`);
      assert.ok(listener.forwardTo, 'another port on loopback is fine');
    } finally {
      await listener.close();
    }
    // Given at start, on a fixed port: refused, and the port is released again.
    await assert.rejects(WebhookListener.start({ accounts: [ACCOUNT], port, forwardTo: `http://localhost:${port}/` }), /this webhook listener itself/);
    const again = await WebhookListener.start({ accounts: [ACCOUNT], port });
    await again.close();
    assert.equal(isSelfTarget(new URL('http://localhost/'), { address: '127.0.0.1', family: 'IPv4', port: 80 }), true, 'default port 80');
    assert.equal(isSelfTarget(new URL('http://example.com:8787/'), { address: '127.0.0.1', family: 'IPv4', port: 8787 }), false);
  });

  it('answers a request forwarded by a gcdev listener but never forwards it again (two listeners forwarding to each other)', async () => {
    const a = await WebhookListener.start({ accounts: [ACCOUNT] });
    const b = await WebhookListener.start({ accounts: [ACCOUNT], forwardTo: a.url });
    a.setForwardTo(b.url);
    try {
      const answer = await post(a.url, genuine());
      assert.equal(answer.status, 200);
      await a.settled();
      await b.settled();
      await a.settled();
      // a → b once; b sees the forwarding header and stops.
      assert.equal(a.store.list().length, 1);
      assert.equal(b.store.list().length, 1);
      assert.equal(b.store.list()[0]!.response.status, 200, 'the forwarded request is answered normally');
      assert.equal(b.store.list()[0]!.forward, undefined, 'and not forwarded');
      assert.equal(a.store.list()[0]!.forward?.status, 200);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('Listener: an empty app secret is refused (issue 16, item 4)', () => {
  it('at start and when accounts change', async () => {
    await assert.rejects(WebhookListener.start({ accounts: [{ id: 'x', name: 'Empty', secret: '' }] }), /app secret of Empty is empty/);
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      assert.throws(() => listener.setAccounts([ACCOUNT, { id: 'y', name: 'Blank', secret: '' }]), /app secret of Blank is empty/);
      // The accounts in force are unchanged: a body signed with the empty key is still a forgery.
      const payload = withoutSignature(buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B2'], secret: 'x' }).body.payload);
      const emptyKeyed = { ...payload, signature: hmacHex(normalizeParams(payload), '') };
      assert.equal((await post(listener.url, JSON.stringify({ payload: emptyKeyed }))).status, 403);
    } finally {
      await listener.close();
    }
  });
});

describe('Listener: the Host values a loopback listener accepts (survivors of the webhooks mutation run)', () => {
  it('judges a request without Host as one with an empty Host: refused, unless an empty Host is allowed explicitly', async () => {
    const strict = await WebhookListener.start({ accounts: [ACCOUNT] });
    const lenient = await WebhookListener.start({ accounts: [ACCOUNT], allowedHosts: [''] });
    try {
      // HTTP/1.0 lets a client leave Host out; Node refuses that only for HTTP/1.1.
      const noHost = 'POST / HTTP/1.0\r\nContent-Type: application/json\r\n';
      const refused = await raw(strict.address.port, noHost, genuine());
      assert.equal(refused.status, 403);
      assert.match(refused.text, /the Host header is not this listener's address/);
      assert.equal((await raw(lenient.address.port, noHost, genuine())).status, 200);
      assert.equal((await raw(lenient.address.port, 'POST / HTTP/1.1\r\nHost:\r\nContent-Type: application/json\r\n', genuine())).status, 200, 'as an empty Host');
    } finally {
      await strict.close();
      await lenient.close();
    }
  });

  it('on port 80, accepts its address and localhost without the port too', () => {
    // Binding port 80 needs privileges a test run may not have: the Host values are checked where they are made.
    // Clients leave the port out of Host when it is http's default, 80.
    const hosts = hostsFor({ address: '127.0.0.1', family: 'IPv4', port: 80 }, undefined);
    assert.deepEqual([...hosts ?? []].sort(), ['127.0.0.1', '127.0.0.1:80', 'localhost', 'localhost:80']);
    const v6 = hostsFor({ address: '::1', family: 'IPv6', port: 80 }, ['App.Example:80']);
    assert.deepEqual([...v6 ?? []].sort(), ['[::1]', '[::1]:80', 'app.example:80', 'localhost', 'localhost:80']);
    const other = hostsFor({ address: '127.0.0.1', family: 'IPv4', port: 8080 }, undefined);
    assert.deepEqual([...other ?? []].sort(), ['127.0.0.1:8080', 'localhost:8080'], 'without the port only on port 80');
    assert.equal(hostsFor({ address: '0.0.0.0', family: 'IPv4', port: 80 }, undefined), undefined, 'not bound to loopback: any Host');
  });

  it('names in its URL the loopback address it is bound to', async () => {
    // Linux routes all of 127.0.0.0/8 to loopback; 127.0.0.1 is only the default.
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], host: '127.0.0.2' });
    try {
      assert.equal(listener.url, `http://127.0.0.2:${listener.address.port}/`);
      assert.equal((await post(listener.url, genuine())).status, 200, 'reached at that URL, with it as Host');
    } finally {
      await listener.close();
    }
  });
});
