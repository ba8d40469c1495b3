import { request, type Dispatcher } from '../api/undici';
import { diagnoseSignedParams, signParams, withoutSignature, type SignableParams } from '../signing';

/**
 * Sends a Connect payment link to its environment (the local sandbox, or
 * GoCardless) the way a customer's browser would, and says whether the
 * payment page accepted it or which of the spec's troubleshooting errors it
 * answered with.
 */

export type ConnectLinkOutcome = 'accepted' | 'rejected' | 'unreachable' | 'unexpected';
export type ConnectLinkRejectionCause = 'client' | 'merchant' | 'signature' | 'timestamp' | 'redirect_uri' | 'nonce' | 'unknown';

export interface ConnectLinkTestResult {
  readonly outcome: ConnectLinkOutcome;
  /** The HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** The page's own error message when rejected (exact text), else a summary. */
  readonly message: string;
  readonly cause: ConnectLinkRejectionCause | null;
  /** What to do about it, from the spec's troubleshooting guide. */
  readonly advice: string;
  /** When the cause is the signature and the app secret was given: core's diagnosis of it. */
  readonly diagnosis: {
    readonly verdict: string;
    readonly reason: string;
    readonly expectedNormalized: string;
    readonly expectedSignature: string;
    readonly receivedSignature: string | null;
  } | null;
  readonly elapsedMs: number;
}

export interface TestConnectLinkOptions {
  readonly url: string;
  /** The app secret, used only to diagnose a "Signature is invalid" rejection; never sent. */
  readonly appSecret?: string;
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** The troubleshooting guide's 400 messages, and what each one means. */
export const CONNECT_REJECTIONS: readonly { readonly message: string; readonly cause: ConnectLinkRejectionCause; readonly advice: string }[] = [
  {
    message: 'Client is invalid', cause: 'client',
    advice: 'The client_id (app ID) is wrong, or belongs to the other environment: sandbox links need sandbox developer credentials, live links live ones.',
  },
  {
    message: 'Merchant not found with the ID provided', cause: 'merchant',
    advice: 'The merchant_id is wrong, or belongs to the other environment. Copy it again from the developer settings of this environment.',
  },
  {
    message: 'Signature is invalid', cause: 'signature',
    advice: 'The app secret is wrong or from the other environment, or the parameters were not normalized before signing (or changed after).',
  },
  {
    message: 'Timestamp has expired', cause: 'timestamp',
    advice: 'Payment links are valid for 3 hours after their timestamp. Generate links when the customer needs them instead of sending old ones.',
  },
  {
    message: 'Redirect uri does not match the uri registered in the developer panel', cause: 'redirect_uri',
    advice: 'The scheme, host and port of redirect_uri (or cancel_uri) must match the URI registered for the app in this environment.',
  },
];

const MAX_BODY = 512 * 1024;

export async function testConnectLink(options: TestConnectLinkOptions): Promise<ConnectLinkTestResult> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const elapsed = (): number => Math.max(0, now() - started);
  const base = { diagnosis: null } as const;
  let url: URL;
  try {
    url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
  } catch {
    return { ...base, outcome: 'unexpected', status: null, cause: null, message: 'Not an http(s) URL', advice: 'Paste the full payment link, starting with https://.', elapsedMs: elapsed() };
  }

  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let body: string;
  try {
    const timeout = options.timeoutMs ?? 15_000;
    const res = await request(url, {
      method: 'GET',
      headers: { accept: 'text/html,application/xhtml+xml' },
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = res.statusCode;
    headers = res.headers;
    body = await readBounded(res.body);
  } catch (e) {
    const code = errorCode(e);
    return {
      ...base, outcome: 'unreachable', status: null, cause: null,
      message: `Could not reach ${url.host}${code ? ` (${code})` : ''}`,
      advice: url.hostname === '127.0.0.1' || url.hostname === 'localhost'
        ? 'Is the local sandbox running? Start it from the GoCardless view.'
        : 'Check the network connection; this machine may have no access to GoCardless.',
      elapsedMs: elapsed(),
    };
  }

  const reported = errorFromHeader(headers) ?? errorFromMeta(body);
  const known = CONNECT_REJECTIONS.find((r) => (reported ?? body).includes(r.message));
  if (status >= 200 && status < 300 && reported === undefined) {
    return { ...base, outcome: 'accepted', status, cause: null, message: 'The payment page accepted the link.', advice: 'Opening it used its nonce (each nonce works once within 3 hours), so give the customer a freshly built link. In a sandbox, pay with account number 55779911 and sort code 20-00-00.', elapsedMs: elapsed() };
  }
  if (known || reported !== undefined) {
    const message = known?.message ?? reported ?? '';
    const cause: ConnectLinkRejectionCause = known?.cause ?? (/nonce/i.test(message) ? 'nonce' : 'unknown');
    let advice = known?.advice ?? (cause === 'nonce'
      ? 'Each nonce may be used once within 3 hours: build a fresh link for every customer.'
      : 'The payment page refused the link; read the message.');
    if (cause === 'timestamp') advice += timestampAge(url, now());
    return {
      outcome: 'rejected', status, cause, message, advice,
      diagnosis: cause === 'signature' && options.appSecret !== undefined ? diagnose(url, options.appSecret) : null,
      elapsedMs: elapsed(),
    };
  }
  const location = headers['location'];
  const message = status >= 300 && status < 400 && typeof location === 'string'
    ? `HTTP ${status}: redirected to ${location.slice(0, 300)}`
    : `HTTP ${status} without a known payment page error`;
  return { ...base, outcome: 'unexpected', status, cause: null, message, advice: 'Is this a Connect link (…/connect/bills|subscriptions|pre_authorizations/new)?', elapsedMs: elapsed() };
}

async function readBounded(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.from(chunk);
    chunks.push(b);
    size += b.length;
    if (size >= MAX_BODY) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorFromHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers['x-gocardless-error'];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** `<meta name="gocardless-error" content="…">`, attributes in either order. */
function errorFromMeta(html: string): string | undefined {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\bname\s*=\s*["']gocardless-error["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"|\bcontent\s*=\s*'([^']*)'/i.exec(tag);
    const raw = content?.[1] ?? content?.[2];
    if (raw !== undefined) return decodeEntities(raw);
  }
  return undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (whole, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos' || k === '#39') return "'";
    const n = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

function timestampAge(url: URL, now: number): string {
  const ts = url.searchParams.get('timestamp');
  const at = ts === null ? NaN : Date.parse(ts);
  if (Number.isNaN(at)) return '';
  const minutes = Math.round((now - at) / 60_000);
  return minutes >= 0
    ? ` This link's timestamp (${ts}) is ${Math.floor(minutes / 60)} h ${minutes % 60} min old.`
    : ` This link's timestamp (${ts}) is in the future: check this machine's clock.`;
}

function diagnose(url: URL, secret: string): ConnectLinkTestResult['diagnosis'] {
  const params = queryToParams(url.searchParams);
  const d = diagnoseSignedParams(params, secret);
  return {
    verdict: d.verdict, reason: d.reason,
    expectedNormalized: d.expected.normalized,
    // Allowed here, unlike in the webhook listener: the user asked to test a link of their own account
    // with their own secret, in their own link builder; nothing here is persisted or sent anywhere.
    expectedSignature: signParams(withoutSignature(params), secret).signature,
    receivedSignature: d.received ?? null,
  };
}

/**
 * Reads `a[b][c]=x` and `a[]=x` query keys back into the nested params that
 * were signed. The query is untrusted: objects have no prototype, and a
 * `__proto__` key anywhere in a name is skipped (it could not have been
 * signed meaningfully, and on a plain object it would set the prototype).
 */
export function queryToParams(query: URLSearchParams): SignableParams {
  const root: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of query) {
    const path = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!path) {
      if (key !== '__proto__') root[key] = value;
      continue;
    }
    const parts = [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    if (parts.includes('__proto__')) continue;
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsArray = parts[i + 1] === '';
      if (Array.isArray(node)) {
        if (last) node.push(value);
        else {
          const child: Record<string, unknown> | unknown[] = nextIsArray ? [] : Object.create(null) as Record<string, unknown>;
          node.push(child);
          node = child;
        }
        continue;
      }
      if (last) {
        node[part] = value;
        break;
      }
      const existing = node[part];
      if (typeof existing === 'object' && existing !== null) node = existing as Record<string, unknown> | unknown[];
      else {
        const child: Record<string, unknown> | unknown[] = nextIsArray ? [] : Object.create(null) as Record<string, unknown>;
        node[part] = child;
        node = child;
      }
    }
  }
  return root as SignableParams;
}

function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== undefined) return errorCode(cause);
  }
  return undefined;
}
