import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyRead } from './httpIO';
import {
  areaOf, boundBody, errorMessageOf, MAX_RECORD_BODY_CHARS, redactBody, redactHeaders, redactParams,
  type RequestRecord,
} from './requestRecord';

export type RequestListener = (record: RequestRecord) => void;

/**
 * Watches each request the sandbox serves and, once its answer is sent,
 * hands one redacted RequestRecord to the listeners. It only observes: the
 * response's write/end are wrapped on that one response to keep a copy of
 * the first MAX_RECORD_BODY_CHARS, and the request body is the text
 * `readBody` already read (the stream cannot be read twice).
 */
export class RequestRecorder {
  private readonly listeners = new Set<RequestListener>();
  private counter = 0;

  constructor(
    private readonly realNow: () => number,
    /** The merchant a bearer token belongs to, if any. */
    private readonly merchantOfToken: (token: string) => string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  onRequest(listener: RequestListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  observe(req: IncomingMessage, res: ServerResponse): void {
    const startedMs = this.realNow();
    const started = performance.now();
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    const keep = (chunk: unknown, encoding: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8') : Buffer.from(chunk as Uint8Array);
      total += buf.length;
      if (kept > MAX_RECORD_BODY_CHARS) return;
      chunks.push(buf);
      kept += buf.length;
    };
    // Headers given to writeHead directly are not kept by Node (getHeaders() misses them): keep a copy.
    let headArg: unknown;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      headArg = typeof args[1] === 'string' ? args[2] : args[1];
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => { keep(args[0], args[1]); return write(...args); }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => { keep(args[0], args[1]); return end(...args); }) as ServerResponse['end'];
    res.once('finish', () => {
      if (this.listeners.size === 0) return;
      const headers = { ...res.getHeaders(), ...headersOf(headArg) } as Record<string, string | string[] | number | undefined>;
      const record = this.build(req, res, headers, startedMs, performance.now() - started, Buffer.concat(chunks).toString('utf8'), total > kept);
      for (const listener of this.listeners) {
        try {
          listener(record);
        } catch (e) {
          this.log(`request log listener failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    });
  }

  private build(req: IncomingMessage, res: ServerResponse, sentHeaders: Record<string, string | string[] | number | undefined>, startedMs: number, durationMs: number, responseText: string, cut: boolean): RequestRecord {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : redactParams(raw.slice(q + 1));
    const requestBody = bodyRead(req);
    const requestBounded = requestBody === undefined ? undefined : boundBody(redactBody(req.headers['content-type'], requestBody));
    const responseHeaders = redactHeaders(sentHeaders);
    // Redact before cutting: a cut JSON body no longer parses, and the text fallback is weaker.
    const responseBounded = boundBody(redactBody(responseHeaders['content-type'], responseText));
    const status = res.statusCode;
    const error = errorMessageOf(status, responseHeaders, responseBounded.body);
    const merchantId = this.merchantOf(req, path, query);
    return {
      id: `${startedMs.toString(36)}-${(this.counter++).toString(36)}`,
      time: new Date(startedMs).toISOString(),
      method: req.method ?? 'GET',
      path,
      query,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      area: areaOf(path),
      source: 'sandbox',
      ...(merchantId ? { merchantId } : {}),
      ...(error ? { error } : {}),
      request: {
        headers: redactHeaders(req.headers),
        ...(requestBounded && requestBounded.body !== '' ? { body: requestBounded.body, ...(requestBounded.truncated ? { bodyTruncated: true } : {}) } : {}),
      },
      response: {
        headers: responseHeaders,
        ...(responseBounded.body !== '' ? { body: responseBounded.body, ...(responseBounded.truncated || cut ? { bodyTruncated: true } : {}) } : {}),
      },
    };
  }

  /** The bearer token's merchant, else the one the path or a Connect link names. */
  private merchantOf(req: IncomingMessage, path: string, query: string): string | undefined {
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const byToken = bearer ? this.merchantOfToken(bearer) : undefined;
    if (byToken) return byToken;
    const inPath = /^\/api\/v1\/merchants\/([^/.]+)/.exec(path)?.[1];
    if (inPath) {
      try {
        return decodeURIComponent(inPath);
      } catch {
        return inPath;
      }
    }
    if (query) {
      for (const [k, v] of new URLSearchParams(query)) if (/(^|\[)merchant_id\]?$/.test(k) && v) return v;
    }
    return undefined;
  }
}

/** writeHead's headers argument (an object, or a flat [name, value, …] array) as an object. */
function headersOf(arg: unknown): Record<string, string | string[] | number | undefined> {
  if (Array.isArray(arg)) {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < arg.length; i += 2) out[String(arg[i]).toLowerCase()] = String(arg[i + 1]);
    return out;
  }
  if (arg === null || typeof arg !== 'object') return {};
  const out: Record<string, string | string[] | number | undefined> = {};
  for (const [k, v] of Object.entries(arg as Record<string, string | string[] | number | undefined>)) out[k.toLowerCase()] = v;
  return out;
}
