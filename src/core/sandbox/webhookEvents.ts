import { WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from '../api/models';
import type { SignableParams } from '../signing';
import type { WebhookEvent } from './MoneyLifecycle';
import { renderBillWebhookObject, renderMandateWebhookObject } from './renderResources';
import type { SandboxContext } from './SandboxContext';

/** Sends each batched event to its merchant's web_hook_uri, signed with its app's secret; a merchant or app gone since is skipped. */
export function sendWebhookEvents(ctx: SandboxContext, events: WebhookEvent[]): void {
  for (const e of events) {
    const merchant = ctx.state.merchants.get(e.merchantId);
    const app = merchant ? ctx.state.apps.get(merchant.appId) : undefined;
    if (!merchant || !app) continue;
    ctx.webhooks.send({ merchantId: merchant.id, url: merchant.webhookUrl, secret: app.secret, resourceType: e.resourceType, action: e.action, objects: e.objects });
  }
}

/** A resource as a webhook carries it, or undefined when it no longer exists. */
export function renderWebhookObject(ctx: SandboxContext, resourceType: WebhookResourceType, id: string): SignableParams | undefined {
  if (resourceType === 'bill') {
    const b = ctx.state.bills.get(id);
    return b && renderBillWebhookObject(b, ctx.baseUrl);
  }
  const m = resourceType === 'subscription' ? ctx.state.subscriptions.get(id) : ctx.state.preAuthorizations.get(id);
  return m && renderMandateWebhookObject(WEBHOOK_OBJECTS_KEY[resourceType], m, ctx.baseUrl);
}
