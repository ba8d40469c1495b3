/**
 * One HTTP request as the Requests view and `gcdev sandbox --log` keep it:
 * what was asked and what was answered, with every secret replaced by
 * REDACTED before the record exists (records are shown, persisted and
 * copied; a token must never reach any of those).
 */

/** Where the request went: the REST API, the Connect pages, OAuth, the admin endpoints, or anything else. */
export type RequestArea = 'api' | 'connect' | 'oauth' | 'admin' | 'other';

/** The Requests view's "by resource" filter: the API collection a path names, or its area. */
export const REQUEST_RESOURCES = ['bills', 'subscriptions', 'pre_authorizations', 'users', 'payouts', 'merchant', 'connect', 'oauth', 'admin'] as const;
export type RequestResource = typeof REQUEST_RESOURCES[number];

export interface RequestMessage {
  /** Lower-case names; secret values replaced by REDACTED. */
  readonly headers: Readonly<Record<string, string>>;
  /** Text up to MAX_RECORD_BODY_CHARS, secrets redacted; absent when there was none. */
  readonly body?: string;
  /** The body was longer than what is kept. */
  readonly bodyTruncated?: boolean;
  /** A successful read's answer had a body, not kept ("Send again" fetches it anew). */
  readonly bodyNotKept?: boolean;
}

export interface RequestRecord {
  /** Unique within a log: the start time and a counter. */
  readonly id: string;
  /** ISO time the request arrived. */
  readonly time: string;
  readonly method: string;
  /** Path only, no query. */
  readonly path: string;
  /** The query string without "?", secrets redacted; "" when none. */
  readonly query: string;
  /** 0 when there was no answer (a network error of the extension's own client). */
  readonly status: number;
  readonly durationMs: number;
  readonly area: RequestArea;
  /** Who served it: the local sandbox, or a remote GoCardless seen from the extension's client. */
  readonly source: 'sandbox' | 'client';
  /** For the extension's own requests to a remote account: the base URL's origin (a sandbox record has its Host header). */
  readonly origin?: string;
  /** The merchant the request acted for, when known (its bearer token, or the account). */
  readonly merchantId?: string;
  /** For an error: the message the server answered with. */
  readonly error?: string;
  /** Absent for the extension's own requests to a remote account (the client hands over no headers). */
  readonly request?: RequestMessage;
  readonly response?: RequestMessage;
}

export const REDACTED = 'REDACTED';
/** Request bodies beyond this are cut (the record says so). */
export const MAX_RECORD_BODY_CHARS = 16 * 1024;
/**
 * Response bodies are cut sooner: 10,000 kept records of 16 KiB each would
 * hold 160 MB. An error's answer is what the user needs to read (4 KiB); a
 * successful write's start shows what was made (1 KiB). A successful read
 * (GET) keeps none (RequestRecorder): "Send again" fetches it anew, and
 * keeping less per request keeps the log's cost per request low (see
 * bench/requestLog.bench.ts).
 */
export const MAX_RESPONSE_BODY_CHARS = 4 * 1024;
export const MAX_SUCCESS_BODY_CHARS = 1024;

/** Headers that always carry credentials. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
/** Header names that look like they carry one. */
const SECRET_HEADER_NAME = /(secret|token|password|api[-_]?key|signature)/i;
/**
 * Parameter names whose values are never recorded: the app secret, tokens
 * (access, refresh, the OAuth form token), the OAuth code, passwords, and the
 * payer's bank account number (the payment page's form: the log is kept on
 * disk, and a payer may type a real one). Matched on the last segment of a
 * nested name (`merchant[access_token]`).
 */
const SECRET_NAMES = 'client_secret|app_secret|secret|access_token|refresh_token|token|code|password|api_key|account_number';
const SECRET_PARAM = new RegExp(`^(?:${SECRET_NAMES})$`, 'i');

export function isSecretParam(name: string): boolean {
  const last = /\[([^\]]*)\]$/.exec(name)?.[1] ?? name;
  return SECRET_PARAM.test(last);
}

/** The area and the "resource" of a path, for the view's filters. */
export function areaOf(path: string): RequestArea {
  if (path === '/api/v1' || path.startsWith('/api/v1/')) return 'api';
  if (path.startsWith('/connect/')) return 'connect';
  if (path.startsWith('/oauth/')) return 'oauth';
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  return 'other';
}

export function resourceOf(path: string): RequestResource | undefined {
  const area = areaOf(path);
  if (area === 'connect' || area === 'oauth' || area === 'admin') return area;
  if (area !== 'api') return undefined;
  const parts = path.replace(/\.json$/, '').split('/').filter(Boolean).slice(2);
  // /merchants/{id}/bills → bills; /merchants/{id} → merchant; /bills/{id} → bills.
  const collection = parts[0] === 'merchants' ? (parts[2] ?? 'merchant') : parts[0];
  return (REQUEST_RESOURCES as readonly string[]).includes(collection ?? '') ? collection as RequestResource : undefined;
}

/**
 * A secret parameter's name as it can stand in a query or form string: at the
 * start, after `&` or `[`, before `=`, `]` or the end. Any `%` may hide a name
 * (`acc%65ss_token`), so such text is always parsed.
 */
const SECRET_PARAM_TEXT = new RegExp(`(?:^|[&[])(?:${SECRET_NAMES})(?:[=\\]&]|$)`, 'i');

/** A query or form string with secret parameters' values replaced. */
export function redactParams(text: string): string {
  if (text === '') return '';
  // Most queries name no secret (`per_page=50`): one scan, no parse (this runs for every request served).
  if (!text.includes('%') && !SECRET_PARAM_TEXT.test(text)) return text;
  let changed = false;
  const params = new URLSearchParams(text);
  for (const [k] of params) {
    if (isSecretParam(k)) { params.set(k, REDACTED); changed = true; }
  }
  return changed ? params.toString() : text;
}

function redactJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJsonValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = isSecretParam(k) && v !== null && v !== '' ? REDACTED : redactJsonValue(v);
  return out;
}

/** Secret-named keys in JSON text that did not parse (a cut body): `"access_token": "…"`. */
const JSON_SECRET_TEXT = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*("?)/g;
/** A secret-named key anywhere in JSON text (SECRET_PARAM's names, quoted, before a colon). */
const JSON_SECRET_KEY = new RegExp(`"(?:${SECRET_NAMES})"\\s*:`, 'i');
/** A cheap first look for INLINE_CREDENTIAL. */
const MAYBE_CREDENTIAL = /bearer|basic/i;
/** Credentials written as a header value inside some other text. */
const INLINE_CREDENTIAL = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * A body with its secrets redacted, by its content type: JSON keys, form
 * parameters; HTML is not kept (its forms carry one-time tokens and it is
 * long); anything else only loses inline credentials.
 */
export function redactBody(contentType: string | undefined, text: string): string {
  if (text === '') return '';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html') return `[HTML page, ${Buffer.byteLength(text)} bytes]`;
  if (type === 'application/x-www-form-urlencoded') return redactParams(text);
  const trimmed = text.trimStart();
  if (type.endsWith('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    // Most bodies name no secret: one scan, no parse (this runs for every request served). A
    // credential inside a JSON string value is not something an API body carries; secrets go by key.
    if (!JSON_SECRET_KEY.test(text)) return text;
    try {
      return JSON.stringify(redactJsonValue(JSON.parse(text)));
    } catch {
      return text.replace(JSON_SECRET_TEXT, (whole, key: string, colon: string, close: string) =>
        isSecretParam(key) ? `"${key}"${colon}"${REDACTED}${close}` : whole).replace(INLINE_CREDENTIAL, `$1 ${REDACTED}`);
    }
  }
  return text.replace(INLINE_CREDENTIAL, `$1 ${REDACTED}`);
}

/** Header values with credentials redacted; a Location keeps its path but loses secret parameters (an OAuth code). */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  // for…in, not Object.entries: this runs twice for every request served, and makes no pairs.
  for (const rawName in headers) {
    const rawValue = headers[rawName];
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
    if (name === 'authorization' || name === 'proxy-authorization') {
      // The scheme stays: "Basic" or "bearer" tells which credential was used.
      const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SECRET_HEADERS.has(name) || SECRET_HEADER_NAME.test(name)) {
      out[name] = REDACTED;
    } else if (name === 'location') {
      out[name] = redactUrl(value);
    } else {
      out[name] = MAYBE_CREDENTIAL.test(value) ? value.replace(INLINE_CREDENTIAL, `$1 ${REDACTED}`) : value;
    }
  }
  return out;
}

/**
 * A URL (absolute or relative) with secret parameters redacted: in its query, and in a fragment written as
 * parameters (an OAuth implicit grant answers `#access_token=…`); a plain fragment (`#top`) stays.
 */
export function redactUrl(value: string): string {
  const hash = value.indexOf('#');
  const beforeHash = hash < 0 ? value : value.slice(0, hash);
  const fragment = hash < 0 ? '' : value.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  const withQuery = q < 0 ? beforeHash : `${beforeHash.slice(0, q + 1)}${redactParams(beforeHash.slice(q + 1))}`;
  return hash < 0 ? withQuery : `${withQuery}#${fragment.includes('=') ? redactParams(fragment) : fragment}`;
}

/**
 * Cuts a body to what a record keeps. The cut part is copied: a slice of a
 * string keeps the whole string alive, and 10,000 kept records each holding
 * a megabyte they do not show would fill the memory.
 */
export function boundBody(text: string, limit = MAX_RECORD_BODY_CHARS): { body: string; truncated: boolean } {
  return text.length > limit ? { body: structuredClone(text.slice(0, limit)), truncated: true } : { body: text, truncated: false };
}
