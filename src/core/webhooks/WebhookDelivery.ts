import type { SignatureDiagnosis } from '../signing';

/** How a delivery's signature checked out against the configured app secrets. */
export type VerificationStatus =
  /** `payload.signature` matches one of the configured secrets. */
  | 'valid'
  /** A signature was sent, but no configured secret reproduces it. */
  | 'invalid'
  /** A payload without a `signature`. */
  | 'unsigned'
  /** Not JSON, or JSON without a `payload` object: nothing to verify. */
  | 'malformed'
  /** Never looked at: wrong method or too large. */
  | 'not-checked';

export interface DeliveryVerification {
  readonly status: VerificationStatus;
  /** The account whose secret matched (valid), or that the diagnosis was made against (invalid). */
  readonly account?: { readonly id: string; readonly name: string };
  /**
   * Core's explanation, kept for deliveries that are not valid. A valid one
   * needs no explanation and the inspector recomputes it on demand, which
   * keeps the store small at high rates.
   */
  readonly diagnosis?: SignatureDiagnosis;
  /** One sentence for people; never contains a secret. */
  readonly reason: string;
  /** Shape problems that do not decide the verdict (an action the spec does not list for the type, an object without id). */
  readonly warnings?: readonly string[];
}

/** What the user's app answered when a delivery was forwarded or replayed to it. */
export interface ForwardResult {
  readonly url: string;
  readonly at: string;
  /** Absent when the request failed (refused, timed out). */
  readonly status?: number;
  readonly error?: string;
  readonly latencyMs: number;
  /** The spec gives the receiver 5 seconds to answer 200 before GoCardless retries. */
  readonly slow: boolean;
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly replay: boolean;
}

/** One webhook request as the listener received and answered it. */
export interface WebhookDelivery {
  readonly id: string;
  readonly receivedAt: string;
  readonly remoteAddress: string;
  readonly method: string;
  readonly path: string;
  /** Lower-case names; credentials (Authorization, Cookie) are redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body as UTF-8, at most the listener's body limit. */
  readonly body: string;
  readonly bodyBytes: number;
  readonly verification: DeliveryVerification;
  readonly resourceType?: string;
  readonly action?: string;
  readonly objectIds: readonly string[];
  readonly response: { readonly status: number };
  /**
   * GoCardless retries a webhook up to 10 times when it gets no 200 within 5 s:
   * a delivery with the same signature (or, unsigned, the same body) as an
   * earlier one is a retry of that first delivery, not a new event.
   */
  readonly retryOf?: string;
  /** 1 for the first delivery of an event, 2 for its first retry, and so on. */
  readonly attempt: number;
  /** The key retries are matched on; see `retryKey`. */
  readonly retryKey?: string;
  /** The latest forward or replay to the user's app. */
  readonly forward?: ForwardResult;
}

/** Names of request headers whose values are credentials and are never kept. */
export const REDACTED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
