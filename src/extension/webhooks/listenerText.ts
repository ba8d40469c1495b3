import type { WebhookDelivery } from '../../core/webhooks';
import { deliveryLabel, summarizeDelivery } from '../present/deliveryRow';

/** "Webhook received: bill paid BA1 +3 from 127.0.0.1, valid, answered 200" — no body, no header, no secret. */
export function describeDeliveryForLog(d: WebhookDelivery): string {
  const s = summarizeDelivery(d);
  return `Webhook received: ${deliveryLabel(d)} ${s.objects}${s.retry ? ` (${s.retry})` : ''} from ${d.remoteAddress}, ${d.verification.status}, answered ${d.response.status}`;
}

/** What the app answered to a forward or replay: "http://127.0.0.1:3000/hooks answered 202 in 4 ms." — the URL and the status only. */
export function describeForward(r: { status?: number; error?: string; latencyMs: number; slow: boolean; url: string }): string {
  const what = r.status !== undefined ? `answered ${r.status}` : `failed: ${r.error ?? 'unknown error'}`;
  return `${r.url} ${what} in ${r.latencyMs} ms${r.slow ? ' — slower than the 5 s GoCardless waits before retrying' : ''}.`;
}

/** "Listening on http://127.0.0.1:8787/ · 14 deliveries", for the status bar and its actions. */
export function listenerSummary(listener: { url: string; forwardTo?: string | undefined } | undefined, deliveries: number): string {
  const state = listener
    ? `Listening on ${listener.url}${listener.forwardTo ? `, forwarding to ${listener.forwardTo}` : ''}`
    : 'Webhook listener stopped';
  return `${state} · ${deliveries} deliver${deliveries === 1 ? 'y' : 'ies'} kept`;
}
