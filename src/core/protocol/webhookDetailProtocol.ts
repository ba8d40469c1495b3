import { event, request } from './descriptors';
import { arrayOf, boundedString, isBoolean, isFiniteNumber, isString, nullable, object, recordOf, type Guard, type GuardType } from './guards';

/**
 * Messages between a webhook delivery's detail webview and the host. The view
 * is plain strings and numbers, made by the host (`toWebhookDetailView`); the
 * webview renders every one of them as text.
 */
export const WEBHOOK_DETAIL_VIEW_TYPE = 'gocardless.webhookDetail';

/** What one view may hold; the host clamps a larger delivery to these (and says what it cut). */
export const WEBHOOK_DETAIL_LIMITS = {
  text: 2_000_000,
  short: 10_000,
  list: 10_000,
  objects: 1000,
  objectFields: 100,
  headers: 200,
} as const;

const text = boundedString(WEBHOOK_DETAIL_LIMITS.text);
const short = boundedString(WEBHOOK_DETAIL_LIMITS.short);

const signatureCheck = object({
  verdict: nullable(short),
  reason: short,
  account: nullable(short),
  expectedNormalized: nullable(text),
  expectedSignature: nullable(short),
  received: nullable(short),
  variant: nullable(short),
  variantNormalized: nullable(text),
});

const forward = object({
  url: short,
  at: short,
  status: nullable(isFiniteNumber),
  error: nullable(short),
  latencyMs: isFiniteNumber,
  slow: isBoolean,
  body: text,
  bodyTruncated: isBoolean,
  replay: isBoolean,
});

export const isWebhookDetailView = object({
  id: short,
  receivedAt: short,
  method: short,
  path: short,
  remoteAddress: short,
  responseStatus: isFiniteNumber,
  verification: short,
  resourceType: nullable(short),
  action: nullable(short),
  objectIds: arrayOf(short, WEBHOOK_DETAIL_LIMITS.list),
  retryOf: nullable(short),
  attempt: isFiniteNumber,
  /** The payload pretty-printed, or the raw body when it is not JSON. */
  payload: text,
  /** One row per object of the payload, its fields as strings. */
  objects: arrayOf(recordOf(short, isString, WEBHOOK_DETAIL_LIMITS.objectFields), WEBHOOK_DETAIL_LIMITS.objects),
  headers: recordOf(short, isString, WEBHOOK_DETAIL_LIMITS.headers),
  warnings: arrayOf(short, WEBHOOK_DETAIL_LIMITS.list),
  signature: signatureCheck,
  forward: nullable(forward),
  forwardTo: nullable(short),
});
export type WebhookDetailView = GuardType<typeof isWebhookDetailView>;

const isActionResult: Guard<{ message: string }> = object({ message: short });

const isCurrentStatuses = object({
  /** The account asked (the one whose secret verified the webhook), or null. */
  account: nullable(short),
  statuses: arrayOf(object({ id: short, status: nullable(short), error: nullable(short) }), 1000),
});
export type CurrentStatuses = GuardType<typeof isCurrentStatuses>;

export const webhookDetailProtocol = {
  /** The webview's first message; the reply is the delivery to show. */
  ready: request('ready', object({}), isWebhookDetailView),
  /** Send the delivery to the forward URL again. */
  replay: request('replay', object({}), isActionResult),
  /** Re-sign an edited payload with the account's secret and send it to the listener or the app. */
  resend: request('resend', object({ payload: text, target: boundedString(16) }), isActionResult),
  copyCurl: request('copyCurl', object({}), isActionResult),
  exportFixture: request('exportFixture', object({}), isActionResult),
  /** Each object's status now, from the API of the account that verified the webhook. */
  currentStatuses: request('currentStatuses', object({}), isCurrentStatuses),
  /**
   * The signature an account's secret gives to this payload, asked for by a click: computed then, shown, and
   * never part of the view, the store or anything else (a stranger chose the payload).
   */
  expectedSignature: request('expectedSignature', object({}), object({ account: short, signature: short, normalized: text })),
  /** Select the object in the Merchants tree. */
  reveal: request('reveal', object({ id: short }), isActionResult),
  /** The delivery changed (a forward finished). */
  update: event('update', 'toWebview', isWebhookDetailView),
} as const;
export type WebhookDetailProtocol = typeof webhookDetailProtocol;
