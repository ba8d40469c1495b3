/**
 * The Connect `timestamp` window. The spec: "The request must hit our server
 * within 3 hours of this timestamp, otherwise it will be rejected." Within
 * means either side, so a timestamp more than 3 hours ahead of the server's
 * clock is refused as well as one more than 3 hours behind (issue 17).
 *
 * The margin: the link is stamped by the app's clock and checked by the
 * server's, and the two are never exactly equal. Two minutes is added to
 * each side for that, no more, so a link is never accepted much past what
 * GoCardless would accept.
 */
export const CONNECT_TIMESTAMP_WINDOW_MS = 3 * 60 * 60 * 1000;
export const CONNECT_CLOCK_SKEW_MS = 2 * 60 * 1000;

export type TimestampVerdict = 'fresh' | 'expired' | 'ahead';

/** Where `timestampMs` falls against the server's `nowMs`. */
export function connectTimestampVerdict(timestampMs: number, nowMs: number): TimestampVerdict {
  const limit = CONNECT_TIMESTAMP_WINDOW_MS + CONNECT_CLOCK_SKEW_MS;
  if (nowMs - timestampMs > limit) return 'expired';
  if (timestampMs - nowMs > limit) return 'ahead';
  return 'fresh';
}

/** The last moment (epoch ms) a link with this timestamp is accepted; its nonce must be remembered until then. */
export function connectTimestampAcceptedUntil(timestampMs: number): number {
  return timestampMs + CONNECT_TIMESTAMP_WINDOW_MS + CONNECT_CLOCK_SKEW_MS;
}
