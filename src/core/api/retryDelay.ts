/**
 * How long to wait before retry number `retry` (1 for the first retry). `retryAfterMs` is the
 * server's Retry-After, when it sent one. Injectable in the client so tests never sleep.
 */
export type RetryDelay = (retry: number, retryAfterMs: number | undefined) => number;

/**
 * Exponential backoff with "equal jitter": half of base·2^(retry-1) (capped) plus a random half,
 * so clients that failed together do not retry together; never shorter than the server's Retry-After.
 */
export function exponentialBackoff(options: { baseMs?: number; maxMs?: number; random?: () => number } = {}): RetryDelay {
  const baseMs = options.baseMs ?? 250;
  const maxMs = options.maxMs ?? 4000;
  const random = options.random ?? Math.random;
  return (retry, retryAfterMs) => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
    const delay = ceiling / 2 + random() * (ceiling / 2);
    return Math.round(Math.max(delay, retryAfterMs ?? 0));
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or unreadable. */
export function parseRetryAfter(header: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const value = typeof header === 'string' ? header.trim() : header?.[0]?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/GMT$/i.test(value)) return undefined; // an HTTP date is always in GMT; Date.parse would read "-1" as a year
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
