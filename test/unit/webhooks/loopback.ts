import { connect, type Socket } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request } from 'undici';

export interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

export async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST'): Promise<Answer> {
  const res = await request(url, { method: method as 'POST', body: method === 'GET' || method === 'HEAD' ? null : body, headers });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

/** A raw TCP client for slow-client tests: write what you like, read what comes back until the server closes. */
export function rawClient(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      let received = '';
      socket.on('data', (d) => { received += d.toString('utf8'); });
      const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
      socket.on('error', () => undefined);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

/** A small app that the listener forwards to; `handler` decides each answer. */
export async function startApp(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; server: Server; requests: Array<{ headers: IncomingMessage['headers']; body: string }>; close(): Promise<void> }> {
  const requests: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/webhooks`, server, requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Resolves with the next value an `onX(listener)` registration delivers. */
export function next<T>(register: (l: (v: T) => void) => { dispose(): void }, predicate: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const sub = register((v) => {
      if (!predicate(v)) return;
      sub.dispose();
      resolve(v);
    });
  });
}
