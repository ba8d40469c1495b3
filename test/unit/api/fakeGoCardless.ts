import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny stand-in for the GoCardless API over real loopback HTTP: a route table the test
 * fills in, a record of every request, and replies that can also hang (for timeouts) or drop
 * the connection (for network errors). The local sandbox (src/core/sandbox) will replace it.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  /** Never answer: the client must time out. */
  | 'hang'
  /** Drop the connection without an answer: the client sees a network error. */
  | 'destroy'
  /** Send 200 and the start of a body, then nothing more: the client must time out reading it. */
  | 'stall-body';

export type Handler = (request: RecordedRequest, params: string[]) => Reply | Promise<Reply>;

export interface FakeGoCardless {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Adds a route; `path` matches the path without its query (a string, or a RegExp whose groups become params). */
  on(method: string, path: string | RegExp, handler: Handler): void;
  close(): Promise<void>;
}

interface Route { method: string; path: string | RegExp; handler: Handler }

function send(res: ServerResponse, reply: Exclude<Reply, string>): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (reply.text !== undefined) {
    body = reply.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

export async function startFakeGoCardless(): Promise<FakeGoCardless> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? '', url: req.url ?? '/', path: url.pathname, query: url.searchParams, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      let params: string[] | undefined;
      const route = routes.find((r) => {
        if (r.method !== request.method) return false;
        if (typeof r.path === 'string') {
          params = [];
          return r.path === request.path;
        }
        const match = r.path.exec(request.path);
        if (match === null) return false;
        params = match.slice(1).map((p) => decodeURIComponent(p));
        return true;
      });
      if (route === undefined) {
        send(res, { status: 404, json: { error: `No route for ${request.method} ${request.path}` } });
        return;
      }
      Promise.resolve()
        .then(() => route.handler(request, params ?? []))
        .then((reply) => {
          if (reply === 'hang') return;
          if (reply === 'destroy') {
            req.socket.destroy();
            return;
          }
          if (reply === 'stall-body') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.write('[');
            return;
          }
          send(res, reply);
        })
        .catch((error: unknown) => {
          // A handler bug or an unsendable reply (e.g. a header with a newline): answer 500 if still possible.
          if (res.headersSent) req.socket.destroy();
          else send(res, { status: 500, text: `fakeGoCardless: ${String(error)}` });
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, handler) {
      routes.push({ method, path, handler });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
