import { randomUUID } from 'node:crypto';
import { WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from '../api/models';
import { signParams, type SignableParams } from '../signing';

export interface WebhookAttempt {
  /** ISO time on the real clock. */
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface SandboxWebhookDelivery {
  id: string;
  merchantId: string;
  /** Null when the merchant has no web_hook_uri: the webhook is logged but not sent. */
  url: string | null;
  resourceType: WebhookResourceType;
  action: string;
  /** The exact JSON body sent: `{"payload": {..., "signature": ...}}`. */
  body: string;
  /** pending: not yet tried or between retries; delivered: a 200 within the timeout; failed: retries exhausted. */
  state: 'pending' | 'delivered' | 'failed' | 'not_sent';
  attempts: WebhookAttempt[];
  /** ISO time of the next retry, if one is scheduled. */
  nextAttemptAt: string | null;
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  retryScale: number;
  realNow: () => number;
  userAgent?: string;
  maxLogSize?: number;
}

/** "up to 10 times at ever-increasing time intervals": 1, 2, 4 … 512 minutes, times the retry scale. */
export const RETRY_DELAYS_MS: readonly number[] = Array.from({ length: 10 }, (_, i) => 60_000 * 2 ** i);

/**
 * Sends webhooks the way the spec describes ("Webhooks"): POST, JSON body
 * `{"payload": {resource_type, action, <plural>: [...], signature}}` signed
 * with the app secret; success is exactly 200 within the timeout ("If the API
 * server does not get a 200 OK response within 5 seconds, it will retry"), so
 * a 204 or 201 is retried like any failure; otherwise up to 10 retries. Every
 * attempt is logged, with why it failed, and reported to listeners.
 */
export class WebhookSender {
  private readonly log: SandboxWebhookDelivery[] = [];
  private readonly listeners = new Set<(d: SandboxWebhookDelivery) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private disposed = false;

  constructor(private readonly options: WebhookSenderOptions) {}

  send(input: { merchantId: string; url: string | null; secret: string; resourceType: WebhookResourceType; action: string; objects: SignableParams[] }): SandboxWebhookDelivery {
    const plural = WEBHOOK_OBJECTS_KEY[input.resourceType];
    const payload: SignableParams = { resource_type: input.resourceType, action: input.action, [plural]: input.objects };
    const signature = signParams(payload, input.secret).signature;
    const delivery: SandboxWebhookDelivery = {
      id: randomUUID(), merchantId: input.merchantId, url: input.url, resourceType: input.resourceType, action: input.action,
      body: JSON.stringify({ payload: { ...payload, signature } }), state: input.url ? 'pending' : 'not_sent', attempts: [], nextAttemptAt: null,
    };
    this.log.push(delivery);
    const max = this.options.maxLogSize ?? 1000;
    if (this.log.length > max) this.log.splice(0, this.log.length - max);
    if (input.url) void this.attempt(delivery);
    else this.notify(delivery);
    return delivery;
  }

  deliveries(): readonly SandboxWebhookDelivery[] {
    return this.log;
  }

  clear(): void {
    this.log.length = 0;
  }

  onDelivery(listener: (d: SandboxWebhookDelivery) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async attempt(d: SandboxWebhookDelivery): Promise<void> {
    if (this.disposed || !d.url) return;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`no response within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    const started = this.options.realNow();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST', body: d.body, signal: controller.signal, redirect: 'manual',
        headers: { 'content-type': 'application/json', 'user-agent': this.options.userAgent ?? 'gocardless-devtools-sandbox' },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status !== 200) error = whyNotDelivered(status);
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      error = reason instanceof Error ? (reason.cause instanceof Error ? reason.cause.message : reason.message) : String(reason);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    if (this.disposed) return;
    d.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: this.options.realNow() - started });
    const retries = d.attempts.length - 1;
    if (error === null) {
      d.state = 'delivered';
      d.nextAttemptAt = null;
    } else if (retries >= RETRY_DELAYS_MS.length) {
      d.state = 'failed';
      d.nextAttemptAt = null;
    } else {
      const delay = RETRY_DELAYS_MS[retries]! * this.options.retryScale;
      d.nextAttemptAt = new Date(this.options.realNow() + delay).toISOString();
      const t = setTimeout(() => {
        this.timers.delete(t);
        void this.attempt(d);
      }, delay);
      t.unref();
      this.timers.add(t);
    }
    this.notify(d);
  }

  private notify(d: SandboxWebhookDelivery): void {
    for (const l of this.listeners) {
      try {
        l(d);
      } catch {
        // A listener's failure must not stop deliveries.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight) c.abort(new Error('sandbox stopped'));
    this.listeners.clear();
  }
}

/** The delivery log's reason for a status other than 200. */
export function whyNotDelivered(status: number): string {
  if (status >= 200 && status <= 299) return `HTTP ${status}: only 200 OK counts as received (the spec: "respond with status HTTP/1.1 200 OK"), so it will be retried`;
  return `HTTP ${status}`;
}
