import { signParams, withoutSignature, type SignableParams, type SignedParams } from '../signing';
import { diagnoseWebhookBody } from './diagnoseWebhookBody';
import type { WebhookDelivery } from './WebhookDelivery';

/**
 * The signature `secret` gives to one delivery's payload (and the normalized
 * string it signs), for the detail view's "Show the expected signature"
 * button: computed only when the user asks for that delivery, never kept in
 * the delivery, the store, the listener's answers or output.
 *
 * Why it is not part of the diagnosis: the payload is whatever someone who
 * reached the listener chose, and the correct signature of it under a
 * configured (maybe live) secret lets them mint genuine webhooks. On the
 * user's click, for the user's own screen, it is a debugging aid.
 * Undefined when the body has no payload to sign.
 */
export function expectedWebhookSignature(delivery: Pick<WebhookDelivery, 'body'>, secret: string): SignedParams | undefined {
  const payload: SignableParams | undefined = diagnoseWebhookBody(delivery.body, secret, { explain: false }).payload;
  return payload === undefined ? undefined : signParams(withoutSignature(payload), secret);
}
