import type { Dispatcher } from './undici';
import { NetworkError } from './NetworkError';
import { TimeoutError } from './TimeoutError';
import { UnexpectedResponseError } from './UnexpectedResponseError';

export interface HttpRequest {
  dispatcher: Dispatcher;
  /** scheme://host:port */
  origin: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Absolute path with its query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange: connecting, headers and body. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** The caller's cancellation: the exchange is aborted and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  durationMs: number;
}

/** System and undici error codes that mean "no HTTP answer", with a plain-words reason. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running and the base URL right?)',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server while sending',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'could not connect in time',
  UND_ERR_CLOSED: 'the client was closed',
  UND_ERR_DESTROYED: 'the client was closed',
};

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // Happy eyeballs (localhost → ::1 and 127.0.0.1) fails with an AggregateError of per-address errors.
    if (e instanceof AggregateError) {
      const inner = (e.errors as unknown[]).map(errorCode).find((c) => c !== undefined);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function isNetworkFailure(code: string | undefined, error: unknown): boolean {
  if (code === undefined) return false;
  if (code in NETWORK_REASONS) return true;
  // Other system errors (E…) and TLS failures (ERR_TLS_…, certificate codes) are network failures too.
  return /^E[A-Z]+$/.test(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')
    || (error instanceof Error && /certificate|self.signed/i.test(error.message));
}

/**
 * One HTTP exchange over undici, reading the body as text (bounded). Failures without an HTTP
 * answer become NetworkError, a missed deadline TimeoutError; statuses are left to the caller.
 */
export async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const { method, origin, path, timeoutMs } = request;
  const started = performance.now();
  const { signal } = request;
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = (): void => controller.abort();
  signal?.addEventListener('abort', onCancel, { once: true });
  try {
    const response = await request.dispatcher.request({
      origin,
      path,
      method,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal,
      // Our own deadline covers the exchange; these only stop undici's longer defaults from hiding it.
      headersTimeout: timeoutMs + 1000,
      bodyTimeout: timeoutMs + 1000,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > request.maxResponseBytes) {
        response.body.destroy();
        throw new UnexpectedResponseError({
          method, path, status: response.statusCode,
          problem: `the response body is larger than ${request.maxResponseBytes} bytes (use pagination: page and per_page)`,
        });
      }
      chunks.push(buffer);
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof UnexpectedResponseError) throw error;
    if (signal?.aborted === true && !timedOut) throw signal.reason;
    if (timedOut) throw new TimeoutError({ method, path, origin, timeoutMs, cause: error });
    if (error instanceof Error && error.name === 'HTTPParserError') {
      // Not HTTP/1.1 as undici reads it (e.g. a folded multi-line header, refused per RFC 9112 §5.2).
      throw new NetworkError({ method, path, origin, code: 'UND_ERR_HTTP_PARSER', detail: `the server's answer is not valid HTTP/1.1 (${error.message})`, cause: error });
    }
    const code = errorCode(error);
    if (isNetworkFailure(code, error)) {
      const detail = (code !== undefined ? NETWORK_REASONS[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
      throw new NetworkError({ method, path, origin, ...(code !== undefined ? { code } : {}), detail, cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }
}
