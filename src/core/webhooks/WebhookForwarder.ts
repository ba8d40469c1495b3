import { describeError } from '../api/describeError';
import { request, type Dispatcher } from '../api/undici';
import type { ForwardResult, WebhookDelivery } from './WebhookDelivery';

/** The spec: "If the API server does not get a 200 OK response within 5 seconds, it will retry". */
export const WEBHOOK_RESPONSE_DEADLINE_MS = 5000;

export interface WebhookForwarderOptions {
  /** The user's app, e.g. http://localhost:3000/webhooks. */
  readonly url: string;
  /** Give up after this long. Default 30 s: longer than the deadline, so a slow app's answer is still shown. */
  readonly timeoutMs?: number;
  /** The app's answer kept in the record. Default 64 KiB. */
  readonly maxResponseBytes?: number;
  readonly dispatcher?: Dispatcher;
  /** Injected for tests. */
  readonly now?: () => number;
  /**
   * The signal that ends the wait after `timeoutMs`; default AbortSignal.timeout. Injected by tests, which end
   * the wait when the app has the request rather than after real time.
   */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
}

/** Request headers passed on to the app; hop-by-hop and credential headers are not. */
const FORWARDED_HEADERS = ['content-type', 'user-agent', 'accept'];

/**
 * Sends deliveries on to the user's app, as GoCardless would have sent them:
 * the original body, byte for byte, with its content type.
 */
export class WebhookForwarder {
  readonly url: string;
  private readonly controller = new AbortController();

  constructor(private readonly options: WebhookForwarderOptions) {
    const parsed = new URL(options.url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RangeError(`The forward URL must be http or https, not ${parsed.protocol}`);
    this.url = parsed.toString();
  }

  forward(delivery: WebhookDelivery, replay = false): Promise<ForwardResult> {
    const headers: Record<string, string> = { 'x-gcdev-delivery-id': delivery.id };
    for (const name of FORWARDED_HEADERS) {
      const v = delivery.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    headers['content-type'] ??= 'application/json';
    if (replay) headers['x-gcdev-replay'] = '1';
    return this.send(delivery.body, headers, replay);
  }

  /** Sends any body (a test webhook, an edited payload) to the app. */
  async send(body: string, headers: Record<string, string>, replay: boolean): Promise<ForwardResult> {
    const now = this.options.now ?? (() => performance.now());
    const at = new Date().toISOString();
    const start = now();
    const limit = this.options.maxResponseBytes ?? 64 * 1024;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const timedOut = this.options.timeoutSignal ? this.options.timeoutSignal(timeoutMs) : AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([this.controller.signal, timedOut]);
    try {
      const res = await request(this.url, {
        method: 'POST', body, headers, signal,
        headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size + buf.length > limit) {
          chunks.push(buf.subarray(0, limit - size));
          size = limit;
          truncated = true;
          res.body.destroy();
          break;
        }
        chunks.push(buf);
        size += buf.length;
      }
      const latencyMs = now() - start;
      return {
        url: this.url, at, status: res.statusCode, latencyMs: round(latencyMs), slow: latencyMs > WEBHOOK_RESPONSE_DEADLINE_MS,
        body: Buffer.concat(chunks).toString('utf8'), bodyTruncated: truncated, replay,
      };
    } catch (err) {
      const latencyMs = now() - start;
      const reason = describeError(err);
      const error = signal.aborted && !this.controller.signal.aborted
        ? `No answer within ${timeoutMs} ms`
        // The target is the user's own app: a refused connection almost always means it is not running.
        : reason.includes('ECONNREFUSED') ? 'Connection refused: is your app running?' : reason;
      return { url: this.url, at, error, latencyMs: round(latencyMs), slow: latencyMs > WEBHOOK_RESPONSE_DEADLINE_MS, body: '', bodyTruncated: false, replay };
    }
  }

  /** Aborts forwards in flight. */
  dispose(): void {
    this.controller.abort();
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
