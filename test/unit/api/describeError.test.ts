import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../src/core/api/ApiError';
import { describeError } from '../../../src/core/api/describeError';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { request } from '../../../src/core/api/undici';
import { SandboxHttpError } from '../../../src/core/sandbox/SandboxHttpError';

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closed(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('describeError (one line for the tree, commands, the forwarder and the integration check)', () => {
  it('an API error is the server\'s own message and its status', () => {
    const e = new ApiError({ method: 'POST', path: '/api/v1/bills/B1/refund', status: 422, serverMessage: 'Bill cannot be refunded' });
    assert.equal(describeError(e), 'Bill cannot be refunded (HTTP 422)');
  });

  it('a sandbox refusal carries the status it would answer', () => {
    assert.equal(describeError(new SandboxHttpError(404, 'Bill B9 not found.')), 'Bill B9 not found. (HTTP 404)');
  });

  it('the client\'s NetworkError keeps its own words, without its raw cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const e = new NetworkError({ method: 'GET', path: '/api/v1/bills', origin: 'http://127.0.0.1:9', code: 'ECONNREFUSED', detail: 'connection refused', cause });
    assert.equal(describeError(e), 'GET http://127.0.0.1:9/api/v1/bills could not be completed: connection refused');
  });

  it('a refused connection from undici names ECONNREFUSED (the forwarder reads it to say "is your app running?")', async () => {
    const server = createServer();
    const origin = await listening(server);
    await closed(server);
    assert.match(describeError(await rejection(request(origin))), /ECONNREFUSED/);
  });

  it('a server that drops the connection gets undici\'s code in front of its bare message', async () => {
    const server = createServer((req) => req.socket.destroy());
    const origin = await listening(server);
    try {
      const text = describeError(await rejection(request(origin)));
      assert.match(text, /^UND_ERR_SOCKET: /);
    } finally {
      await closed(server);
    }
  });

  it('adds the wrapped error\'s message, and a value that is not an Error is written as it is', () => {
    assert.equal(describeError(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND app.test') })), 'fetch failed: getaddrinfo ENOTFOUND app.test');
    assert.equal(describeError('plain words'), 'plain words');
  });

  it('a status is added only when it is a number', () => {
    assert.equal(describeError(Object.assign(new Error('refused'), { status: 'teapot' })), 'refused');
  });

  it('puts a system or undici code in front, but not other codes', () => {
    assert.equal(describeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'ECONNRESET: socket hang up');
    assert.equal(describeError(Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR' })), 'The operation was aborted');
    assert.equal(describeError(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })), 'Premature close');
  });
});
