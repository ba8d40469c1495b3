import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerSent, bodyRead } from './httpIO';
import {
  areaOf, boundBody, MAX_RESPONSE_BODY_CHARS, MAX_SUCCESS_BODY_CHARS, redactBody, redactHeaders, redactParams,
  type RequestMessage, type RequestRecord,
} from './requestRecord';

export type RequestListener = (record: RequestRecord) => void;

/** A request whose answer was sent, not yet built into a record. */
interface Answered {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly startedMs: number;
  readonly durationMs: number;
}

/**
 * Hands one redacted RequestRecord per request the sandbox answered to the
 * listeners. It only observes: the request body is the text `readBody` read
 * (a stream cannot be read twice), the answer's headers and body what
 * `sendAnswer` wrote.
 */
export class RequestRecorder {
  private readonly listeners = new Set<RequestListener>();
  private counter = 0;
  private waiting: Answered[] = [];

  constructor(
    /** The merchant a bearer token belongs to, if any. */
    private readonly merchantOfToken: (token: string) => string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  onRequest(listener: RequestListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  /**
   * Called once a request's answer was sent; costs nothing while no one
   * listens. The records of the requests answered in one turn of the event
   * loop are built together just after it: one loop over a burst costs far
   * less than building each between serving the others (see
   * bench/requestLog.bench.ts), and no answer waits for a record.
   */
  answered(req: IncomingMessage, res: ServerResponse, startedMs: number, durationMs: number): void {
    if (this.listeners.size === 0) return;
    this.waiting.push({ req, res, startedMs, durationMs });
    if (this.waiting.length === 1) setImmediate(() => this.deliver());
  }

  private deliver(): void {
    const answered = this.waiting;
    this.waiting = [];
    for (const { req, res, startedMs, durationMs } of answered) {
      if (this.listeners.size === 0) return;
      const record = this.build(req, res, startedMs, durationMs);
      for (const listener of this.listeners) {
        try {
          listener(record);
        } catch (e) {
          this.log(`request log listener failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }

  private build(req: IncomingMessage, res: ServerResponse, startedMs: number, durationMs: number): RequestRecord {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : redactParams(raw.slice(q + 1));
    // Every answer of the sandbox goes through sendAnswer; getHeaders() is the fallback for any other.
    const answer = answerSent(res);
    const responseHeaders = redactHeaders(answer?.headers ?? res.getHeaders());
    const status = res.statusCode;
    const method = req.method ?? 'GET';
    const merchantId = this.merchantOf(req, path, query);
    return {
      id: `${startedMs.toString(36)}-${(this.counter++).toString(36)}`,
      time: new Date(startedMs).toISOString(),
      method,
      path,
      query,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      area: areaOf(path),
      source: 'sandbox',
      // One shape for every record (no conditional spreads): an absent value is undefined, which JSON leaves out.
      merchantId,
      // The refusal's message as the sandbox wrote it, not read back from its own answer.
      error: answer?.error,
      request: message(redactHeaders(req.headers), boundBody(redactBody(req.headers['content-type'], bodyRead(req) ?? ''))),
      response: responseKept(method, status, responseHeaders, answer?.body ?? ''),
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
 * The part of an answer a record keeps: its headers, and its body except a
 * successful read's, which is most of the log's cost per request (most
 * requests are reads) and which "Send again" fetches anew. Errors and writes
 * keep theirs. An HTML page is summarized from its length (its forms carry
 * one-time tokens).
 */
function responseKept(method: string, status: number, headers: Readonly<Record<string, string>>, text: string): RequestMessage {
  const type = headers['content-type'] ?? '';
  if (type.startsWith('text/html')) return { headers, body: `[HTML page, ${headers['content-length'] ?? '?'} bytes]` };
  if (text === '') return { headers };
  if (status < 400 && (method === 'GET' || method === 'HEAD')) return { headers, bodyNotKept: true };
  const limit = status < 400 ? MAX_SUCCESS_BODY_CHARS : MAX_RESPONSE_BODY_CHARS;
  // Redacting only the part kept (and one character more, so a cut still shows).
  return message(headers, boundBody(redactBody(type, text.length > limit ? text.slice(0, limit + 1) : text), limit));
}

/** A request's or answer's part of a record: its headers, a body only when there is one, `bodyTruncated` only when cut. */
function message(headers: Readonly<Record<string, string>>, bounded: { body: string; truncated: boolean }): RequestMessage {
  if (bounded.body === '') return { headers };
  return bounded.truncated ? { headers, body: bounded.body, bodyTruncated: true } : { headers, body: bounded.body };
}
