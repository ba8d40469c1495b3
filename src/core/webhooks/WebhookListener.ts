import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { verifyWebhookDelivery, type WebhookAccount, type WebhookDeliveryCheck } from './verifyWebhookDelivery';
import { DeliveryStore } from './DeliveryStore';
import { isLoopbackHost } from './isLoopbackHost';
import { WebhookForwarder, type WebhookForwarderOptions } from './WebhookForwarder';
import { REDACTED_HEADERS, type DeliveryVerification, type ForwardResult, type WebhookDelivery } from './WebhookDelivery';

export interface WebhookListenerOptions {
  /** Default 127.0.0.1: a listener on another interface accepts webhooks (and shows them) to anyone who can reach it. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  readonly accounts?: readonly WebhookAccount[];
  /** Answer 200 to everything, for inspection only: the app under test never sees the 403 a forgery deserves. */
  readonly acceptAll?: boolean;
  /** Default DEFAULT_MAX_WEBHOOK_BODY_BYTES (256 KiB); larger bodies get 413 and the connection is closed. */
  readonly maxBodyBytes?: number;
  /** Time allowed for the request headers. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time allowed for the whole request, headers and body. Default 15 s; then 408 and the connection is closed. */
  readonly requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. Default 5 s. */
  readonly keepAliveTimeoutMs?: number;
  /** Where deliveries are kept; default a memory-only store owned (and closed) by the listener. */
  readonly store?: DeliveryStore;
  /** The user's app; every delivery is forwarded to it after it has been answered. */
  readonly forwardTo?: string;
  /** Timeout, response bound and clock of the forwards. */
  readonly forward?: Omit<WebhookForwarderOptions, 'url'>;
  /**
   * Host header values accepted besides the bound loopback address and
   * `localhost` (with the port), e.g. a tunnel's public name that forwards
   * here without rewriting Host. Only consulted when bound to loopback.
   */
  readonly allowedHosts?: readonly string[];
}

/** The default body limit: the spec's webhooks are a few KB; a bill batch of hundreds stays well under it. */
export const DEFAULT_MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/**
 * Headers on every answer (the listener serves no content a browser should
 * render), as writeHead's flat [name, value, …] list; a Content-Length is
 * added to each, so the answer is not sent chunked.
 */
const ANSWER_HEADERS: readonly string[] = ['content-type', 'application/json; charset=utf-8', 'x-content-type-options', 'nosniff', 'cache-control', 'no-store'];
const NO_EXTRA_HEADERS: readonly string[] = [];
const CLOSE: readonly string[] = ['connection', 'close'];
const METHOD_NOT_ALLOWED: readonly string[] = ['allow', 'POST', 'connection', 'close'];

/**
 * Receives webhooks over HTTP, verifies their in-body signature against every
 * configured account, answers as the spec expects (200 at once for a genuine
 * one, 403 for a forgery), keeps each delivery and forwards it to the user's app.
 */
export class WebhookListener {
  private accounts: readonly WebhookAccount[];
  private acceptAllFlag: boolean;
  private forwarder: WebhookForwarder | undefined = undefined;
  private readonly deliveryListeners = new Set<(d: WebhookDelivery) => void>();
  private readonly forwardListeners = new Set<(d: WebhookDelivery) => void>();
  private readonly forwardsInFlight = new Set<Promise<unknown>>();
  private readonly idPrefix = randomBytes(3).toString('hex');
  private seq = 0;
  /** Date.now() of the last clock reading, and what it gives as receivedAt and in ids (many deliveries share a millisecond under load). */
  private clockMs = -1;
  private clockIso = '';
  private clockId = '';
  private closing: Promise<void> | undefined;
  /** Host header values accepted, when bound to loopback (set once listening); undefined: any. */
  private allowedHosts: ReadonlySet<string> | undefined;

  private constructor(
    private readonly server: Server,
    readonly store: DeliveryStore,
    private readonly ownsStore: boolean,
    private readonly options: WebhookListenerOptions,
  ) {
    this.accounts = checkedAccounts(options.accounts ?? []);
    this.acceptAllFlag = options.acceptAll ?? false;
  }

  static async start(options: WebhookListenerOptions = {}): Promise<WebhookListener> {
    const headersTimeout = options.headersTimeoutMs ?? 10_000;
    const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? 15_000);
    const server = createServer({
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      // Node checks the two timeouts above on this interval (30 s by default), which would let a slow client hold on 30 s longer.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
    });
    // Backstop for a socket stuck in a state the two timeouts above do not cover; later than them so they answer 408 first.
    server.setTimeout(requestTimeout * 2);
    const ownsStore = options.store === undefined;
    const store = options.store ?? await DeliveryStore.open();
    const listener = new WebhookListener(server, store, ownsStore, options);
    server.on('request', (req, res) => listener.handle(req, res));
    server.on('clientError', (err, socket) => {
      // Malformed HTTP or a timeout before a request existed: answer if we still can, then close.
      if (socket.writable && !('code' in err && err.code === 'ECONNRESET')) {
        const status = 'code' in err && err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
        socket.end(`HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      } else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    listener.allowedHosts = hostsFor(listener.address, options.allowedHosts);
    try {
      // Checked once the port is known (port 0 picks one): a forward to the listener itself would loop.
      if (options.forwardTo) listener.setForwardTo(options.forwardTo);
    } catch (err) {
      await listener.close();
      throw err;
    }
    return listener;
  }

  get address(): AddressInfo {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('The webhook listener is not listening.');
    return a;
  }

  /** The URL to give GoCardless (or the sandbox) as the web_hook_uri. */
  get url(): string {
    const { address, family, port } = this.address;
    const host = family === 'IPv6' ? `[${address}]` : address === '0.0.0.0' ? '127.0.0.1' : address;
    return `http://${host}:${port}/`;
  }

  get acceptAll(): boolean { return this.acceptAllFlag; }
  set acceptAll(value: boolean) { this.acceptAllFlag = value; }

  /** Replaces the accounts checked from the next delivery on (e.g. when one is added or its secret changes). */
  setAccounts(accounts: readonly WebhookAccount[]): void {
    this.accounts = checkedAccounts(accounts);
  }

  /** Throws a RangeError for a URL that is not http(s) or that is this listener itself (a forward loop). */
  setForwardTo(url: string | undefined): void {
    const forwarder = url ? this.forwarderTo(url) : undefined;
    this.forwarder?.dispose();
    this.forwarder = forwarder;
  }

  private forwarderTo(url: string): WebhookForwarder {
    const forwarder = new WebhookForwarder({ ...this.options.forward, url });
    if (isSelfTarget(new URL(forwarder.url), this.address)) {
      throw new RangeError(`The forward URL ${forwarder.url} is this webhook listener itself: every delivery would be forwarded to itself again. Forward to your app's URL.`);
    }
    return forwarder;
  }

  get forwardTo(): string | undefined { return this.forwarder?.url; }

  /** Called once per delivery, after it is stored and answered. */
  onDelivery(listener: (d: WebhookDelivery) => void): { dispose(): void } {
    this.deliveryListeners.add(listener);
    return { dispose: () => this.deliveryListeners.delete(listener) };
  }

  /** Called when a forward or replay to the app has finished, with the updated delivery. */
  onForward(listener: (d: WebhookDelivery) => void): { dispose(): void } {
    this.forwardListeners.add(listener);
    return { dispose: () => this.forwardListeners.delete(listener) };
  }

  /** Sends a stored delivery to the app again, or to `url`. */
  async replay(id: string, url?: string): Promise<ForwardResult> {
    const delivery = this.store.get(id);
    if (!delivery) throw new RangeError(`No delivery ${id} is kept in memory.`);
    const target = url ?? this.forwarder?.url;
    if (!target) throw new RangeError('No forward URL is set.');
    const forwarder = url === undefined && this.forwarder ? this.forwarder : this.forwarderTo(target);
    const result = await forwarder.forward(delivery, true);
    await this.recordForward(delivery.id, result);
    return result;
  }

  /** Waits for forwards in flight (tests and graceful shutdown). */
  async settled(): Promise<void> {
    while (this.forwardsInFlight.size > 0) await Promise.allSettled([...this.forwardsInFlight]);
    await this.store.flushed();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      this.forwarder?.dispose();
      await closed;
      await Promise.allSettled([...this.forwardsInFlight]);
      if (this.ownsStore) await this.store.close();
      else await this.store.flushed();
    })();
    return this.closing;
  }

  dispose(): void {
    void this.close();
  }

  private tick(): void {
    const now = Date.now();
    if (now === this.clockMs) return;
    this.clockMs = now;
    this.clockIso = new Date(now).toISOString();
    this.clockId = `wh_${now.toString(36)}${this.idPrefix}`;
  }

  private nextId(): string {
    this.tick();
    this.seq++;
    return this.clockId + this.seq.toString(36).padStart(5, '0');
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.tick();
    const receivedAt = this.clockIso;
    const refusal = this.browserRefusal(req);
    if (refusal !== undefined) {
      // Recorded like any request (a web page probing the port is worth seeing), never read, checked or forwarded.
      req.resume();
      this.finish(req, res, receivedAt, '', 0, 403, { status: 'not-checked', reason: refusal }, CLOSE);
      return;
    }
    if (req.method !== 'POST') {
      // Other methods are recorded too: a GET here usually means a misconfigured URL worth seeing.
      req.resume();
      this.finish(req, res, receivedAt, '', 0, 405, { status: 'not-checked', reason: 'Only POST is accepted; GoCardless sends webhooks as POST requests.' }, METHOD_NOT_ALLOWED);
      return;
    }
    const max = this.options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BODY_BYTES;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      this.tooLarge(req, res, receivedAt, declared, max);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > max) {
        refused = true;
        this.tooLarge(req, res, receivedAt, size, max);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      this.received(req, res, receivedAt, body);
    });
    req.on('error', ignore);
  }

  /**
   * Why a request that a web page could have sent is refused, or undefined.
   * GoCardless (and curl, the sandbox, the integration check) posts JSON
   * server to server: no Origin, `Content-Type: application/json`, and to a
   * loopback listener only from this machine, with its address as Host. A page
   * in the user's browser can reach loopback ports too: with `fetch(…,
   * {mode: 'no-cors'})` it sends an Origin and a `text/plain` (or form) body,
   * and after DNS rebinding its own host name as Host.
   */
  private browserRefusal(req: IncomingMessage): string | undefined {
    if (req.headers.origin !== undefined) {
      return 'Refused: the request carries an Origin header, so a web page sent it. GoCardless sends webhooks from its servers, without one.';
    }
    const hosts = this.allowedHosts;
    if (hosts !== undefined && !hosts.has((req.headers.host ?? '').toLowerCase())) {
      return `Refused: the Host header is not this listener's address (${[...hosts].slice(0, 2).join(' or ')}), as after DNS rebinding. A tunnel that keeps its public Host must be allowed explicitly (allowedHosts, gcdev listen --allow-host).`;
    }
    if (req.method === 'POST' && !isJsonContentType(req.headers['content-type'])) {
      return 'Refused: webhooks are JSON; send them with Content-Type: application/json, as GoCardless does.';
    }
    return undefined;
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse, receivedAt: string, size: number, max: number): void {
    // Stop reading: Connection: close makes Node destroy the socket once the answer is flushed.
    req.removeAllListeners('data');
    req.pause();
    this.finish(req, res, receivedAt, '', size, 413, { status: 'not-checked', reason: `The body is larger than the listener's limit of ${max} bytes.` }, CLOSE);
  }

  private received(req: IncomingMessage, res: ServerResponse, receivedAt: string, body: Buffer): void {
    // Decoded once, for the check and the record; a body that is not UTF-8 goes to the check as bytes, which says so.
    const text = body.toString('utf8');
    const utf8 = isUtf8(body);
    const check = verifyWebhookDelivery(utf8 ? text : body, this.accounts);
    const v = check.verification;
    const status = v.status === 'malformed' ? 400
      : v.status === 'valid' || this.acceptAllFlag ? 200
      : 403;
    // A retry carries the same signed payload: match on the signature when it is genuine, else on the body's hash.
    const retryKey = v.status === 'valid' && check.signature ? `s:${check.signature}` : `b:${createHash('sha256').update(body).digest('base64')}`;
    this.finish(req, res, receivedAt, text, body.length, status, v, NO_EXTRA_HEADERS, check, retryKey, utf8 && check.payload !== undefined);
  }

  /** Records the delivery, then answers once the store has it in the file. */
  private finish(
    req: IncomingMessage, res: ServerResponse, receivedAt: string, body: string, bodyBytes: number,
    status: number, verification: DeliveryVerification, extraHeaders: readonly string[],
    check?: WebhookDeliveryCheck, retryKey?: string, bodyIsJson = false,
  ): void {
    const id = this.nextId();
    const retry = retryKey === undefined ? undefined : this.store.classifyRetry(retryKey, id);
    // Built property by property in the order the store has always written them (no spread of temporaries per delivery).
    const d: Mutable<WebhookDelivery> = {
      id, receivedAt,
      remoteAddress: req.socket.remoteAddress ?? '',
      method: req.method ?? '',
      path: req.url ?? '/',
      headers: recordedHeaders(req),
      body,
      bodyBytes,
      verification,
    } as Mutable<WebhookDelivery>;
    if (check?.resourceType !== undefined) d.resourceType = check.resourceType;
    if (check?.action !== undefined) d.action = check.action;
    d.objectIds = check?.objectIds ?? [];
    d.response = responseRecord(status);
    if (retry?.retryOf !== undefined) d.retryOf = retry.retryOf;
    d.attempt = retry?.attempt ?? 1;
    if (retryKey !== undefined) d.retryKey = retryKey;
    const delivery: WebhookDelivery = d;
    // Stored before it is answered: a 200 means the delivery is in the file. Could not keep it: ask the sender to retry rather than claim it was received.
    this.store.appendThen(delivery, (err) => this.answer(res, err !== undefined && status === 200 ? 503 : status, extraHeaders, delivery), bodyIsJson);
  }

  private answer(res: ServerResponse, status: number, extraHeaders: readonly string[], delivery: WebhookDelivery): void {
    if (!res.destroyed) {
      const body = answerBody(status, delivery);
      // With its length known the head and body go out in one write, not chunked.
      res.writeHead(status, ANSWER_HEADERS.concat(extraHeaders, 'content-length', String(Buffer.byteLength(body))));
      res.end(body);
    }
    const id = delivery.id;
    for (const l of this.deliveryListeners) {
      try { l(delivery); } catch { /* a listener's bug must not break the server */ }
    }
    const forwarder = this.forwarder;
    if (forwarder && isForwardable(delivery)) {
      const p = forwarder.forward(delivery).then((result) => this.recordForward(id, result)).catch(() => undefined);
      this.forwardsInFlight.add(p);
      void p.finally(() => this.forwardsInFlight.delete(p));
    }
  }

  private async recordForward(id: string, result: ForwardResult): Promise<void> {
    try { await this.store.updateForward(id, result); } catch { /* store closed during shutdown */ }
    const updated = this.store.get(id);
    if (!updated) return;
    for (const l of this.forwardListeners) {
      try { l(updated); } catch { /* ignore */ }
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The client went away; nothing to answer. */
function ignore(): void { /* nothing */ }

/** Deliveries answered alike share their (frozen) response record: one object fewer per delivery kept in memory. */
const RESPONSES = new Map<number, WebhookDelivery['response']>();

function responseRecord(status: number): WebhookDelivery['response'] {
  let r = RESPONSES.get(status);
  if (r === undefined) RESPONSES.set(status, r = Object.freeze({ status }));
  return r;
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const headers = req.headers;
  // Node gives every header as a string except set-cookie (an array), which is redacted: with no credential in
  // the request, its own header object is already the record, and is not copied.
  let clean = true;
  for (const name of REDACTED_HEADERS) if (headers[name] !== undefined) { clean = false; break; }
  if (clean) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Short and fixed: never the expected signature or the normalized string, which
 * would let anyone who can reach the listener forge webhooks with it.
 */
function answerBody(status: number, d: WebhookDelivery): string {
  switch (status) {
    case 200: return `{"received":true,"id":"${d.id}"}`;
    case 400: return JSON.stringify({ error: 'bad_request', message: d.verification.reason, id: d.id });
    case 403:
      if (d.verification.status === 'not-checked') return JSON.stringify({ error: 'forbidden', message: d.verification.reason, id: d.id });
      return JSON.stringify({ error: 'invalid_signature', message: d.verification.status === 'unsigned' ? 'The payload is not signed.' : 'The signature does not match any configured app secret.', id: d.id });
    case 405: return '{"error":"method_not_allowed","message":"Send webhooks as POST."}';
    case 413: return JSON.stringify({ error: 'payload_too_large', message: d.verification.reason });
    default: return '{"error":"not_stored","message":"The delivery could not be stored; retry."}';
  }
}

/**
 * The header every forward and replay carries (WebhookForwarder); a request
 * that has it came from a gcdev listener, this one or another, and is answered
 * but not forwarded again, so that no chain of listeners can loop.
 */
export const FORWARDED_HEADER = 'x-gcdev-delivery-id';

/**
 * Whether the listener forwards this delivery to the app: only requests that
 * were read and checked (not refused, 405 or 413), and not one that a gcdev
 * listener forwarded here (FORWARDED_HEADER).
 */
export function isForwardable(d: WebhookDelivery): boolean {
  return d.verification.status !== 'not-checked' && d.headers[FORWARDED_HEADER] === undefined;
}

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() === 'application/json';
}

/**
 * The Host values a loopback listener accepts: its address and `localhost`
 * with its port (without, on port 80), and the extra ones given; undefined
 * (any Host) when it is not bound to loopback, where names are the user's affair.
 */
export function hostsFor({ address, port }: AddressInfo, extra: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!isLoopbackHost(address)) return undefined;
  const bound = address.includes(':') ? `[${address}]` : address;
  const hosts = [`${bound}:${port}`, `localhost:${port}`, ...(port === 80 ? [bound, 'localhost'] : []), ...(extra ?? [])];
  return new Set(hosts.map((h) => h.toLowerCase()));
}

/**
 * Whether `target` reaches this listener: its port, and a host name that is
 * loopback (any spelling), unspecified, the bound address, or, bound to every
 * interface, one of this machine's addresses.
 */
export function isSelfTarget(target: URL, listening: AddressInfo): boolean {
  const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
  if (port !== listening.port) return false;
  let host = target.hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === 'localhost' || host.endsWith('.localhost') || isLoopbackHost(host) || host === '0.0.0.0' || host === '::' || host === listening.address) return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host); // the URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1
  if (mapped && (parseInt(mapped[1]!, 16) >> 8) === 127) return true;
  if (listening.address === '0.0.0.0' || listening.address === '::') {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) if (i.address === host) return true;
  }
  return false;
}

/** Refuses an account with an empty secret: HMAC accepts the empty key, so anything signed with it would be "valid". */
function checkedAccounts(accounts: readonly WebhookAccount[]): readonly WebhookAccount[] {
  for (const a of accounts) {
    if (typeof a.secret !== 'string' || a.secret === '') throw new RangeError(`The app secret of ${a.name} is empty: a webhook listener cannot verify with an empty secret.`);
  }
  return [...accounts];
}
