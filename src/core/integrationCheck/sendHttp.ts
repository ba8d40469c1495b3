import { performance } from 'node:perf_hooks';
import { describeError } from '../api/describeError';
import { request, type Dispatcher } from '../api/undici';
import { EXCERPT_LIMIT, type HttpExchange } from './IntegrationCheckReport';
import { redactUrl } from './redactUrl';

export interface SendHttpOptions {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** The whole exchange (connect, headers, body) must finish within this. */
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher;
  /** Cancels the exchange (the user pressed Cancel). */
  readonly signal?: AbortSignal;
}

/** Bytes of response body read before the rest is dropped; the excerpt needs far less. */
const READ_LIMIT = 64 * 1024;

/** An exchange plus what the report leaves out: the body read (up to 64 KiB) and the unredacted Location. */
export interface RawHttpResult {
  readonly exchange: HttpExchange;
  readonly body: string;
  readonly location?: string;
}

/**
 * One request with a hard deadline. Redirects are reported, never followed:
 * the check judges the URL it was given, as GoCardless would.
 */
export async function sendHttp(options: SendHttpOptions): Promise<HttpExchange> {
  return (await sendHttpRaw(options)).exchange;
}

export async function sendHttpRaw(options: SendHttpOptions): Promise<RawHttpResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const base = { method: options.method, url: redactUrl(options.url) };
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let status: number | undefined;
  let location: string | undefined;
  let excerpt = '';
  let text = '';
  try {
    const response = await request(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher,
      signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    status = response.statusCode;
    const loc = response.headers['location'];
    location = Array.isArray(loc) ? loc[0] : loc;
    text = await readBounded(response.body);
    excerpt = text.length > EXCERPT_LIMIT ? text.slice(0, EXCERPT_LIMIT) + '…' : text;
    const exchange: HttpExchange = { ...base, status, latencyMs: elapsed(), bodyExcerpt: excerpt };
    return location !== undefined
      ? { exchange: { ...exchange, location: redactUrl(location) }, body: text, location }
      : { exchange, body: text };
  } catch (err) {
    const latencyMs = elapsed();
    const withStatus = status !== undefined ? { status } : {};
    if (options.signal?.aborted) {
      return { body: text, exchange: { ...base, ...withStatus, latencyMs, bodyExcerpt: excerpt, error: { kind: 'aborted', message: 'cancelled' } } };
    }
    if (deadline.aborted || isUndiciTimeout(err)) {
      const message = status === undefined
        ? `no answer within ${options.timeoutMs} ms`
        : `status ${status} arrived but the body did not finish within ${options.timeoutMs} ms`;
      return { body: text, exchange: { ...base, ...withStatus, latencyMs, bodyExcerpt: excerpt, error: { kind: 'timeout', message } } };
    }
    return { body: text, exchange: { ...base, ...withStatus, latencyMs, bodyExcerpt: excerpt, error: { kind: 'connection', message: describeError(err) } } };
  }
}

async function readBounded(body: AsyncIterable<unknown> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buf);
    size += buf.length;
    if (size >= READ_LIMIT) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isUndiciTimeout(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}
