import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../src/core/api/ApiError';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { TimeoutError } from '../../../src/core/api/TimeoutError';
import { createPool, type Dispatcher } from '../../../src/core/api/undici';
import { confirmResource } from '../../../src/core/links';

const MIB = 1024 * 1024;

describe('links: confirmResource answers (issue 21)', () => {
  let server: Server | undefined;
  let seen: IncomingMessage | undefined;
  const pools: Dispatcher[] = [];

  async function serve(handler: (res: ServerResponse) => void): Promise<string> {
    server = createServer((req, res) => {
      seen = req;
      req.resume();
      req.on('end', () => handler(res));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const confirm = (baseUrl: string, extra: Partial<Parameters<typeof confirmResource>[0]> = {}): ReturnType<typeof confirmResource> =>
    confirmResource({ baseUrl, appId: 'A', appSecret: 'S3CRET', resourceId: 'R', resourceType: 'bill', ...extra });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    if (server) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      server = undefined;
    }
    seen = undefined;
  });

  it('posts to /api/v1/confirm however many slashes end the base URL, with the default or given User-Agent', async () => {
    const base = await serve((res) => res.writeHead(200).end('{"success":true}'));
    assert.equal((await confirm(`${base}//`)).success, true);
    assert.equal(seen?.url, '/api/v1/confirm');
    assert.equal(seen?.headers['user-agent'], 'gocardless-devtools');
    await confirm(base, { userAgent: 'my-app/1.0' });
    assert.equal(seen?.headers['user-agent'], 'my-app/1.0');
  });

  it('sends the request through the given dispatcher', async () => {
    const base = await serve((res) => res.writeHead(200).end('{"success":true}'));
    const pool = createPool(base);
    pools.push(pool);
    // The URL names a host that does not resolve: only the given pool can reach the server.
    const result = await confirm('http://confirm.invalid', { dispatcher: pool });
    assert.deepEqual(result, { status: 200, success: true, body: { success: true } });
  });

  it('success is true only for the spec’s {"success": true}; a body that is not JSON is kept as text', async () => {
    const answers = ['{"success":false}', '{"success":"true"}', 'null', '[]', 'OK'];
    let next = '';
    const base = await serve((res) => res.writeHead(200).end(next));
    for (const answer of answers) {
      next = answer;
      const r = await confirm(base);
      assert.equal(r.success, false, answer);
      assert.deepEqual(r.body, answer === 'OK' ? 'OK' : JSON.parse(answer), answer);
    }
  });

  it('a 2xx other than 200 is an answer; 300 is an error', async () => {
    let status = 201;
    const base = await serve((res) => res.writeHead(status).end('{"success":true}'));
    assert.deepEqual(await confirm(base), { status: 201, success: true, body: { success: true } });
    status = 299;
    assert.equal((await confirm(base)).status, 299);
    status = 300;
    await assert.rejects(confirm(base), (e: unknown) => e instanceof ApiError && e.status === 300);
  });

  it('an error without a message is named by its status; each server message is kept, the body cut at 4096 characters', async () => {
    let reply: [number, string] = [500, ''];
    const base = await serve((res) => res.writeHead(reply[0]).end(reply[1]));
    await assert.rejects(confirm(base), (e: unknown) => e instanceof ApiError && e.serverMessage === 'HTTP 500' && e.status === 500);

    reply = [422, JSON.stringify({ error: ['Resource not found', 'Resource type is invalid'] })];
    await assert.rejects(confirm(base), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.deepEqual(e.serverMessages, ['Resource not found', 'Resource type is invalid']);
      return true;
    });

    reply = [502, 'x'.repeat(5000)];
    await assert.rejects(confirm(base), (e: unknown) => e instanceof ApiError && e.body === 'x'.repeat(4096));
  });

  it('reads an answer of exactly 1 MiB, and refuses a larger one as a NetworkError', async () => {
    let size = MIB;
    const base = await serve((res) => res.writeHead(200).end(`"${'a'.repeat(size - 2)}"`));
    const r = await confirm(base);
    assert.equal((r.body as string).length, MIB - 2);
    size = MIB + 1;
    await assert.rejects(confirm(base), (e: unknown) => e instanceof NetworkError && /response body larger than 1048576 bytes/.test(e.message));
  });

  it('a body that stops coming is a TimeoutError naming the timeout', async () => {
    const base = await serve((res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"succ');
    });
    await assert.rejects(confirm(base, { timeoutMs: 100 }), (e: unknown) =>
      e instanceof TimeoutError && e.timeoutMs === 100 && e.method === 'POST' && e.path === '/api/v1/confirm' && e.message === `POST ${base}/api/v1/confirm timed out after 100 ms`);
  });

  it('a refused connection is a NetworkError with its code and the cause in the message', async () => {
    const base = await serve(() => undefined);
    server!.close();
    await once(server!, 'close');
    server = undefined;
    await assert.rejects(confirm(base), (e: unknown) =>
      e instanceof NetworkError && e.code === 'ECONNREFUSED' && e.message.startsWith(`POST ${base}/api/v1/confirm could not be completed: `) && /ECONNREFUSED/.test(e.message));
  });

  it('classifies what a dispatcher reports: a connect timeout, and a failure that is not an Error', async () => {
    // Loopback cannot make a connection time out, so these dispatchers report what undici would.
    const failing = (reason: unknown): Dispatcher => ({ request: () => Promise.reject(reason) }) as unknown as Dispatcher;
    const connectTimeout = Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
    await assert.rejects(confirm('http://127.0.0.1:9', { dispatcher: failing(connectTimeout), timeoutMs: 5 }), (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 5);
    await assert.rejects(confirm('http://127.0.0.1:9', { dispatcher: failing('socket gone') }), (e: unknown) =>
      e instanceof NetworkError && e.code === undefined && e.message.endsWith('could not be completed: socket gone'));
  });
});
