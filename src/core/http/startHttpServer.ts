import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long a client may take; every server we run is reachable by other local processes, so none waits forever. */
export interface HttpServerBounds {
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs?: number;
  readonly maxHeaderSize?: number;
}

/** A listening node:http server: attach a 'request' listener to `server`, and `close()` in dispose(). */
export interface HttpServer {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port` as a client writes it: an IPv6 literal in brackets, a wildcard bind as 127.0.0.1. */
  readonly origin: string;
  /** Stops listening and drops every open connection (keep-alive ones too), so the port is free when it resolves. */
  close(): Promise<void>;
}

/**
 * Listens on `host`:`port` (0: any free port) with the given bounds. Shared by
 * the sandbox and the extension's two loopback redirect servers, so they bind,
 * bound and close the same way.
 */
export async function startHttpServer(host: string, port: number, bounds: HttpServerBounds): Promise<HttpServer> {
  const server = createServer(bounds.maxHeaderSize !== undefined ? { maxHeaderSize: bounds.maxHeaderSize } : {});
  server.requestTimeout = bounds.requestTimeoutMs;
  server.headersTimeout = bounds.headersTimeoutMs;
  if (bounds.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = bounds.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: bound,
    origin: `http://${publicHost}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
