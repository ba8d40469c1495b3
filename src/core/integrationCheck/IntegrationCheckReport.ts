import type { SpecCitation } from './specCitations';

/**
 * `warn`: the app behaves acceptably but not as well as it should (a forged
 * webhook rejected with a 500, a valid one answered close to the deadline).
 * `skip`: the case needs input that was not given (the redirect round trip).
 */
export type CaseOutcome = 'pass' | 'fail' | 'warn' | 'skip';

export type CaseGroup = 'webhook' | 'forged' | 'redirect';

/** One HTTP request the check made and what came back. */
export interface HttpExchange {
  readonly method: string;
  /** The URL requested, with credentials and secret-looking query values redacted. */
  readonly url: string;
  /** Absent when no response arrived (timeout or connection error). */
  readonly status?: number;
  /** From the first byte sent to the end of the response body (or to the failure). */
  readonly latencyMs: number;
  /** The start of the response body as text, at most EXCERPT_LIMIT characters. */
  readonly bodyExcerpt: string;
  /** The Location header of a 3xx answer; never followed. */
  readonly location?: string;
  readonly error?: { readonly kind: 'timeout' | 'connection' | 'aborted'; readonly message: string };
}

export interface CheckCaseResult {
  /** Stable id, e.g. `webhook.bill.paid`, `forged.wrong-secret`. */
  readonly id: string;
  readonly group: CaseGroup;
  readonly title: string;
  /** What was sent, in a sentence. */
  readonly sent: string;
  /** What a correct app answers. */
  readonly expected: string;
  /** What the app answered, in a few words ("200 in 12 ms", "no answer within 5000 ms"). */
  readonly actual: string;
  readonly outcome: CaseOutcome;
  /** For fail, warn and skip: what went wrong and what to change. */
  readonly explanation?: string;
  /** The spec sentences the case holds the app to. */
  readonly spec: readonly SpecCitation[];
  readonly exchanges: readonly HttpExchange[];
}

export interface IntegrationCheckSummary {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly skip: number;
}

export interface IntegrationCheckReport {
  readonly tool: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The webhook URL checked, redacted like HttpExchange.url. */
  readonly target: string;
  readonly timeoutMs: number;
  /** TLS certificates were not verified (--insecure). */
  readonly insecureTls?: boolean;
  /** The resource ids the test webhooks carried, so the partner can find (and delete) what their app stored. */
  readonly testIds: readonly string[];
  readonly cases: readonly CheckCaseResult[];
  readonly summary: IntegrationCheckSummary;
  /** True when no case failed. */
  readonly passed: boolean;
}

export const EXCERPT_LIMIT = 300;

export function summarize(cases: readonly CheckCaseResult[]): IntegrationCheckSummary {
  const count = (o: CaseOutcome) => cases.filter((c) => c.outcome === o).length;
  return { total: cases.length, pass: count('pass'), fail: count('fail'), warn: count('warn'), skip: count('skip') };
}
