import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { sendRequest, type HttpRequest } from '../../../src/core/api/sendRequest';
import { createAgent, type Dispatcher } from '../../../src/core/api/undici';

// The self-signed certificate for 127.0.0.1 and localhost that the integration check's tests use.
const fixtures = join(__dirname, '..', 'integrationCheck', 'fixtures');
const tls = { key: readFileSync(join(fixtures, 'localhost.key')), cert: readFileSync(join(fixtures, 'localhost.crt')) };

async function listen(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server | NetServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const agents: Dispatcher[] = [];

/** An agent of its own per test (closed after it), so no connection is reused from another test's server. */
function agent(options?: Parameters<typeof createAgent>[0]): Dispatcher {
  const made = createAgent(options);
  agents.push(made);
  return made;
}

function request(origin: string, more: Partial<HttpRequest> = {}): HttpRequest {
  return { dispatcher: more.dispatcher ?? agent(), origin, method: 'GET', path: '/', headers: {}, timeoutMs: 5000, maxResponseBytes: 1024, ...more };
}

/**
 * A dispatcher that fails the way Node or undici can but a loopback server cannot be made to (a happy-eyeballs
 * AggregateError, an unlisted system code, an error without a code): only for classifying those errors.
 */
function failingWith(error: unknown): Dispatcher {
  return { request: () => Promise.reject(error) } as unknown as Dispatcher;
}

const coded = (message: string, code?: string, cause?: unknown): Error =>
  Object.assign(new Error(message, cause === undefined ? undefined : { cause }), code === undefined ? {} : { code });

describe('sendRequest: which failures are network errors', () => {
  const servers: (Server | NetServer)[] = [];
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await Promise.all(servers.splice(0).map(close));
  });

  describe('TLS failures (a local https:// sandbox or proxy)', () => {
    let origin: string;
    beforeEach(async () => {
      const server = createHttpsServer(tls, (_req, res) => res.end('ok'));
      servers.push(server);
      origin = `https://127.0.0.1:${await listen(server)}`;
    });

    it('a self-signed certificate', async () => {
      await assert.rejects(sendRequest(request(origin)), (e: unknown) => e instanceof NetworkError
        && e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' && e.message === `GET ${origin}/ could not be completed: self-signed certificate`);
    });

    it('a certificate for another host', async () => {
      const dispatcher = agent({ connect: { ca: tls.cert, servername: 'gocardless.test' } });
      await assert.rejects(sendRequest(request(origin, { dispatcher })), (e: unknown) => e instanceof NetworkError && e.code === 'ERR_TLS_CERT_ALTNAME_INVALID');
    });
  });

  it('https:// to a server that speaks plain http', async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    servers.push(server);
    const origin = `https://127.0.0.1:${await listen(server)}`;
    await assert.rejects(sendRequest(request(origin)), (e: unknown) => e instanceof NetworkError && e.code === 'ERR_SSL_WRONG_VERSION_NUMBER');
  });

  it('an answer that is not HTTP/1.1', async () => {
    const server = createNetServer((socket) => socket.once('data', () => socket.end('garbage\r\n\r\n')));
    servers.push(server);
    const origin = `http://127.0.0.1:${await listen(server)}`;
    await assert.rejects(sendRequest(request(origin)), (e: unknown) => e instanceof NetworkError && e.code === 'UND_ERR_HTTP_PARSER'
      && e.message === `GET ${origin}/ could not be completed: the server's answer is not valid HTTP/1.1 (Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/))`);
  });

  it('a caller\'s mistake (a header with a newline) is not a network error: it is thrown as it is', async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    servers.push(server);
    const origin = `http://127.0.0.1:${await listen(server)}`;
    await assert.rejects(sendRequest(request(origin, { headers: { 'x-note': 'a\nb' } })), (e: unknown) =>
      e instanceof Error && !(e instanceof NetworkError) && (e as { code?: string }).code === 'UND_ERR_INVALID_ARG');
  });

  it('a body of exactly maxResponseBytes is read; durationMs is the time the exchange took', async () => {
    const server = createHttpServer((_req, res) => res.end('x'.repeat(16)));
    servers.push(server);
    const origin = `http://127.0.0.1:${await listen(server)}`;
    const controller = new AbortController();
    const before = performance.now();
    const response = await sendRequest(request(origin, { maxResponseBytes: 16, signal: controller.signal }));
    const elapsed = performance.now() - before;
    assert.equal(response.body, 'x'.repeat(16));
    assert.ok(response.durationMs >= 0 && response.durationMs <= elapsed, `${response.durationMs} within ${elapsed} ms`);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'the cancel listener is removed');
  });

  describe('error codes, wherever undici or Node put them', () => {
    const origin = 'http://127.0.0.1:9';
    const send = (error: unknown): Promise<unknown> => sendRequest(request(origin, { dispatcher: failingWith(error) })).then(() => undefined, (e: unknown) => e);

    it('a happy-eyeballs AggregateError: the first code among its errors', async () => {
      const error = new AggregateError([new Error('no code'), coded('connect ECONNREFUSED ::1:9', 'ECONNREFUSED'), coded('connect ENETUNREACH', 'ENETUNREACH')], 'all attempts failed');
      const e = await send(error);
      assert.ok(e instanceof NetworkError, String(e));
      assert.equal(e.code, 'ECONNREFUSED');
    });

    it('an AggregateError whose errors have no code: its cause\'s', async () => {
      const e = await send(new AggregateError([new Error('no code')], 'all attempts failed', { cause: coded('reset', 'ECONNRESET') }));
      assert.ok(e instanceof NetworkError, String(e));
      assert.equal(e.code, 'ECONNRESET');
    });

    it('a system code not in the table is a network error with the system\'s own words', async () => {
      const e = await send(coded('write EPROTO 0A000410', 'EPROTO'));
      assert.ok(e instanceof NetworkError, String(e));
      assert.equal(e.message, `GET ${origin}/ could not be completed: write EPROTO 0A000410`);
    });

    it('a TLS code is a network error even when its words do not say "certificate"', async () => {
      const e = await send(coded('TLS handshake timeout', 'ERR_TLS_HANDSHAKE_TIMEOUT'));
      assert.ok(e instanceof NetworkError, String(e));
      assert.equal(e.code, 'ERR_TLS_HANDSHAKE_TIMEOUT');
    });

    it('other codes, no code, and codes buried more than four causes deep are thrown as they are', async () => {
      for (const error of [
        coded('stream error', 'ERR_HTTP2_STREAM_ERROR'),
        new Error('boom'),
        coded('1', undefined, coded('2', undefined, coded('3', undefined, coded('4', undefined, coded('5', 'ECONNRESET'))))),
      ]) {
        assert.equal(await send(error), error, error.message);
      }
    });

    it('a cause that points back to itself does not hang', async () => {
      const error = new Error('loop');
      (error as { cause?: unknown }).cause = error;
      assert.equal(await send(error), error);
    });
  });
});
