import { webhookObjectsKey } from '../api/models';
import type { WebhookDetailView } from '../protocol/webhookDetailProtocol';
import { diagnoseSignedParams, type SignableParams } from '../signing';
import { verifyWebhookDelivery } from './verifyWebhookDelivery';
import type { WebhookDelivery } from './WebhookDelivery';

export interface DetailViewOptions {
  /**
   * The secret of the account that matched, to show the expected normalized
   * string of a valid delivery (its diagnosis is not stored). Used here only,
   * never put in the view.
   */
  readonly secret?: string;
  readonly forwardTo?: string;
}

function stringify(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** What the detail webview shows of a delivery: strings and numbers only. */
export function toWebhookDetailView(d: WebhookDelivery, options: DetailViewOptions = {}): WebhookDetailView {
  const parsed = d.verification.status === 'not-checked' ? undefined : verifyWebhookDelivery(d.body, []).payload;
  let payloadText = d.body;
  try { payloadText = JSON.stringify(JSON.parse(d.body), null, 2); } catch { /* not JSON: shown as received */ }
  const objects: Array<Record<string, string>> = [];
  if (parsed && d.resourceType) {
    const listKey = webhookObjectsKey(d.resourceType);
    const list = listKey === undefined ? undefined : parsed[listKey];
    if (Array.isArray(list)) {
      for (const o of list as readonly unknown[]) {
        if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
        const row: Record<string, string> = {};
        for (const [k, v] of Object.entries(o as Record<string, unknown>).slice(0, 100)) row[k] = stringify(v).slice(0, 10_000);
        objects.push(row);
      }
    }
  }
  let diagnosis = d.verification.diagnosis;
  if (!diagnosis && parsed && options.secret !== undefined && d.verification.status === 'valid') {
    diagnosis = diagnoseSignedParams(parsed as SignableParams, options.secret);
  }
  const f = d.forward;
  return {
    id: d.id,
    receivedAt: d.receivedAt,
    method: d.method,
    path: d.path.slice(0, 10_000),
    remoteAddress: d.remoteAddress,
    responseStatus: d.response.status,
    verification: d.verification.status,
    resourceType: d.resourceType ?? null,
    action: d.action ?? null,
    objectIds: d.objectIds.slice(0, 10_000),
    retryOf: d.retryOf ?? null,
    attempt: d.attempt,
    payload: payloadText,
    objects: objects.slice(0, 1000),
    headers: Object.fromEntries(Object.entries(d.headers).slice(0, 200).map(([k, v]) => [k, v.slice(0, 10_000)])),
    warnings: [...(d.verification.warnings ?? [])],
    signature: {
      verdict: diagnosis?.verdict ?? null,
      reason: d.verification.reason,
      account: d.verification.account?.name ?? null,
      expectedNormalized: diagnosis?.expected.normalized ?? null,
      // Never filled in here: the view is built for every delivery the listener received, from payloads
      // anyone who reaches the port chooses. expectedWebhookSignature computes it on the user's explicit request.
      expectedSignature: null,
      received: diagnosis?.received ?? (parsed && typeof parsed['signature'] === 'string' ? parsed['signature'] : null),
      variant: diagnosis?.variant?.title ?? null,
      variantNormalized: diagnosis?.variant?.normalized ?? null,
    },
    forward: f ? {
      url: f.url, at: f.at, status: f.status ?? null, error: f.error ?? null, latencyMs: f.latencyMs, slow: f.slow,
      body: f.body, bodyTruncated: f.bodyTruncated, replay: f.replay,
    } : null,
    forwardTo: options.forwardTo ?? null,
  };
}
