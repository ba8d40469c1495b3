import { randomBytes } from 'node:crypto';
import { WEBHOOK_ACTIONS, WEBHOOK_OBJECTS_KEY, type WebhookAction, type WebhookResourceType } from '../api/models';
import { signParams, type SignableParams, type SignableValue } from '../signing';

export interface TestWebhookOptions<T extends WebhookResourceType = WebhookResourceType> {
  readonly resourceType: T;
  readonly action: WebhookAction<T>;
  /** One object per id; default one object with a generated id. */
  readonly ids?: readonly string[];
  /** The app secret the payload is signed with. */
  readonly secret: string;
  /** Where the objects' `uri` points. Default the live API, as in the spec's examples. */
  readonly baseUrl?: string;
  /** For bills: the subscription or pre-authorization the bill came from. */
  readonly sourceId?: string;
  readonly sourceType?: 'subscription' | 'pre_authorization';
  /** Fixes `paid_at` for reproducible fixtures. */
  readonly now?: Date;
}

export interface TestWebhook {
  /** `{ payload: {..., signature} }`, the body GoCardless posts. */
  readonly body: { readonly payload: SignableParams };
  readonly json: string;
  /** The objects' ids, in order. */
  readonly ids: readonly string[];
  readonly normalized: string;
  readonly signature: string;
}

/** The status a resource has when its webhook fires (bill "retried" means it is pending again). */
const BILL_STATUS_AFTER: Readonly<Record<WebhookAction<'bill'>, string>> = {
  created: 'pending', paid: 'paid', withdrawn: 'withdrawn', failed: 'failed', cancelled: 'cancelled',
  refunded: 'refunded', chargedback: 'chargedback', retried: 'pending',
};

export function isWebhookResourceType(v: string): v is WebhookResourceType {
  return Object.hasOwn(WEBHOOK_ACTIONS, v);
}

export function isWebhookAction<T extends WebhookResourceType>(resourceType: T, action: string): action is WebhookAction<T> {
  return (WEBHOOK_ACTIONS[resourceType] as readonly string[]).includes(action);
}

/** An id in the style of the spec's (`AKJ398H8KA`): ten upper-case letters and digits. */
export function generateResourceId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTVWXYZ0123456789';
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * A webhook as GoCardless's webhook tester sends it: objects from a template
 * ("All test webhooks are created from a template, so the amount will always
 * equal £20. The resource ID, source ID and status will be set to those given
 * in the webhook tester."), signed with core signing.
 */
export function buildTestWebhook<T extends WebhookResourceType>(options: TestWebhookOptions<T>): TestWebhook {
  const { resourceType, action, secret } = options;
  if (!isWebhookAction(resourceType, action)) throw new RangeError(`"${action}" is not a ${resourceType} webhook action; expected one of ${WEBHOOK_ACTIONS[resourceType].join(', ')}`);
  const baseUrl = (options.baseUrl ?? 'https://gocardless.com').replace(/\/+$/, '');
  const ids = options.ids && options.ids.length > 0 ? options.ids : [generateResourceId()];
  const plural = WEBHOOK_OBJECTS_KEY[resourceType];
  const objects: SignableValue[] = ids.map((id) => {
    const uri = `${baseUrl}/api/v1/${plural}/${encodeURIComponent(id)}`;
    if (resourceType !== 'bill') return { id, status: action, uri };
    const status = BILL_STATUS_AFTER[action as WebhookAction<'bill'>];
    const paid = status === 'paid' || status === 'withdrawn' || status === 'refunded' || status === 'chargedback';
    return {
      id, status,
      source_type: options.sourceType ?? 'subscription',
      source_id: options.sourceId ?? 'KKJ398H8K8',
      amount: '20.0',
      amount_minus_fees: '19.8',
      ...(paid ? { paid_at: isoSeconds(options.now ?? new Date()) } : {}),
      uri,
    };
  });
  const unsigned: SignableParams = { resource_type: resourceType, action, [plural]: objects };
  const { normalized, signature } = signParams(unsigned, secret);
  const payload: SignableParams = { ...unsigned, signature };
  const body = { payload };
  return { body, json: JSON.stringify(body), ids, normalized, signature };
}

/** For edit-and-resend: the payload with its `signature` replaced by one over its current contents. */
export function resignPayload(payload: SignableParams, secret: string): SignableParams {
  const { signature: _old, ...rest } = payload;
  return { ...rest, signature: signParams(rest, secret).signature };
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
