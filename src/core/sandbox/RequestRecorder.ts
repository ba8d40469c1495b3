import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyRead, bodySent } from './httpIO';
import {
  areaOf, boundBody, errorMessageOf, MAX_RESPONSE_BODY_CHARS, MAX_SUCCESS_BODY_CHARS, redactBody, redactHeaders, redactParams,
  type RequestRecord,
} from './requestRecord';

export type RequestListener = (record: RequestRecord) => void;

/**
 * Watches each request the sandbox serves and, once its answer is sent,
 * hands one redacted RequestRecord to the listeners. It only observes: the
 * bodies are the texts `readBody` read and `sendJson` sent (a stream cannot
 * be read twice), the response headers the head Node wrote.
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

  /** Watches one request; costs nothing while no one listens. */
  observe(req: IncomingMessage, res: ServerResponse): void {
    if (this.listeners.size === 0) return;
    const startedMs = this.realNow();
    const started = performance.now();
    res.once('finish', () => {
      if (this.listeners.size === 0) return;
      const record = this.build(req, res, sentHeaders(res), startedMs, performance.now() - started, bodySent(res) ?? '');
      for (const listener of this.listeners) {
        try {
          listener(record);
        } catch (e) {
          this.log(`request log listener failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    });
  }

  private build(req: IncomingMessage, res: ServerResponse, sentHeaders: Record<string, string | string[] | number | undefined>, startedMs: number, durationMs: number, responseText: string): RequestRecord {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : redactParams(raw.slice(q + 1));
    const requestBody = bodyRead(req);
    const requestBounded = requestBody === undefined ? undefined : boundBody(redactBody(req.headers['content-type'], requestBody));
    const responseHeaders = redactHeaders(sentHeaders);
    const status = res.statusCode;
    // An HTML page is summarized from its length, which a cut body no longer knows: the header says it.
    const type = responseHeaders['content-type'] ?? '';
    const responseBounded = type.startsWith('text/html')
      ? { body: `[HTML page, ${responseHeaders['content-length'] ?? '?'} bytes]`, truncated: false }
      : boundBody(redactBody(type, status < 400 && responseText.length > MAX_SUCCESS_BODY_CHARS ? responseText.slice(0, MAX_SUCCESS_BODY_CHARS + 1) : responseText), status < 400 ? MAX_SUCCESS_BODY_CHARS : MAX_RESPONSE_BODY_CHARS);
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
        ...(responseBounded.body !== '' ? { body: responseBounded.body, ...(responseBounded.truncated ? { bodyTruncated: true } : {}) } : {}),
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

/**
 * The headers the response sent. Headers given to writeHead directly are not
 * kept by Node (getHeaders() misses them), but the head it wrote is.
 */
function sentHeaders(res: ServerResponse): Record<string, string> {
  const head = (res as unknown as { _header?: unknown })._header;
  if (typeof head !== 'string' || head === '') {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.getHeaders())) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
    return out;
  }
  const out: Record<string, string> = {};
  const lines = head.split('\r\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}
