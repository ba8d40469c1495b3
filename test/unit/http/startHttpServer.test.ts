import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startHttpServer } from '../../../src/core/http/startHttpServer';

/** A connection in the middle of its headers, as a slow (or hostile) local client leaves one. */
async function halfSentRequest(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  await new Promise<void>((resolve) => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, () => resolve()));
  return socket;
}

describe('startHttpServer (the sandbox and both loopback redirect servers listen through it)', () => {
  it('binds 127.0.0.1 on a free port, applies the bounds, and writes its origin as a client would', async () => {
    const http = await startHttpServer('127.0.0.1', 0, { requestTimeoutMs: 7_000, headersTimeoutMs: 3_000, keepAliveTimeoutMs: 1_000, maxHeaderSize: 4096 });
    try {
      assert.ok(http.port > 0);
      assert.equal(http.origin, `http://127.0.0.1:${http.port}`);
      assert.equal(http.server.requestTimeout, 7_000);
      assert.equal(http.server.headersTimeout, 3_000);
      assert.equal(http.server.keepAliveTimeout, 1_000);
      http.server.on('request', (_req, res) => res.end('ok'));
      // maxHeaderSize bounds what a client may send: 8 KB of headers is refused with 431.
      const big = await fetch(http.origin, { headers: { 'x-big': 'a'.repeat(8192) } });
      assert.equal(big.status, 431);
      assert.equal(await (await fetch(http.origin)).text(), 'ok');
    } finally {
      await http.close();
    }
  });

  it('close() frees the port at once, even while a client is half-way through its request', async () => {
    // Bounds longer than the test's timeout: only dropping the connection lets close() finish in time.
    const http = await startHttpServer('127.0.0.1', 0, { requestTimeoutMs: 60_000, headersTimeoutMs: 60_000 });
    http.server.on('request', (_req, res) => res.end('ok'));
    const socket = await halfSentRequest(http.port);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await http.close();
    await closed;
    await assert.rejects(fetch(http.origin));
  });

  it('rejects when the port is taken, naming the cause', async () => {
    const first = await startHttpServer('127.0.0.1', 0, { requestTimeoutMs: 10_000, headersTimeoutMs: 10_000 });
    try {
      await assert.rejects(startHttpServer('127.0.0.1', first.port, { requestTimeoutMs: 10_000, headersTimeoutMs: 10_000 }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
