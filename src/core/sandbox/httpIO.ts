import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxHttpError } from './SandboxHttpError';
import { nestParams, type NestedParams } from './nestedParams';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Each request's body as read, for the request log (which cannot read the stream a second time). */
const bodiesRead = new WeakMap<IncomingMessage, string>();

/** The body `readBody` read for this request, if any. */
export function bodyRead(req: IncomingMessage): string | undefined {
  return bodiesRead.get(req);
}

/** What the sandbox answered a request with: the headers it gave writeHead, the body text, and for a refusal its message. */
export interface Answer {
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: string;
  /** The message a refusal gave (the request log shows it), as the code that refused wrote it. */
  readonly error?: string;
}

/**
 * Each answer as sendAnswer wrote it, for the request log. Node keeps no
 * public copy of the headers given to writeHead (getHeaders() has only those
 * set with setHeader), and a sent body cannot be read back.
 */
const answers = new WeakMap<ServerResponse, Answer>();

export function answerSent(res: ServerResponse): Answer | undefined {
  return answers.get(res);
}

/** Writes a whole answer, head and body: every response of the sandbox goes through here. A refusal names its `error`. */
export function sendAnswer(res: ServerResponse, status: number, headers: Record<string, string | number>, body = '', error?: string): void {
  answers.set(res, { headers, body, error });
  res.writeHead(status, headers);
  res.end(body);
}

/** A 302 to `location`. */
export function sendRedirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  sendAnswer(res, 302, { location, ...headers });
}

/** Reads a request body, refusing more than `limit` bytes (413). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new SandboxHttpError(413, `Request body larger than ${limit} bytes.`);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  bodiesRead.set(req, text);
  return text;
}

/** A JSON object, a form body, or (empty body) nothing; nested form keys are rebuilt. */
export function parseBody(contentType: string | undefined, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return nestParams(new URLSearchParams(text));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SandboxHttpError(400, 'The request body is not valid JSON (send Content-Type: application/json with a JSON object, or a form body).');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SandboxHttpError(400, 'The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, error?: string): void {
  const text = JSON.stringify(body);
  sendAnswer(res, status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }, text, error);
}

/** Errors are `{"error": ["message"]}`: the spec says details come "in the form of an array". */
export function sendError(res: ServerResponse, err: SandboxHttpError): void {
  sendJson(res, err.status, { error: [err.message] }, { ...err.headers }, err.message);
}

export type { NestedParams };

/** Basic credentials from an Authorization header, or undefined. */
export function basicAuth(header: string | undefined): { user: string; pass: string } | undefined {
  const m = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}
