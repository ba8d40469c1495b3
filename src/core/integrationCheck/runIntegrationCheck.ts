import { createAgent } from '../api/undici';
import type { CheckCaseResult, IntegrationCheckReport } from './IntegrationCheckReport';
import { summarize } from './IntegrationCheckReport';
import { redactUrl } from './redactUrl';
import { sendHttp } from './sendHttp';
import { CheckIds, planWebhookCases, type PlannedCase } from './webhookCheckCases';
import { checkRedirectRoundTrip, skippedRedirectCases, type RedirectCheckOptions } from './redirectRoundTrip';

export interface IntegrationCheckOptions {
  /** The app's webhook endpoint (its web_hook_uri). */
  readonly appUrl: string;
  /** The app secret the app verifies with. Never written to the report. */
  readonly secret: string;
  /** The spec's deadline is 5 s; tests pass less. */
  readonly timeoutMs?: number;
  /** Webhooks in flight at once. */
  readonly concurrency?: number;
  /** Also check the Connect redirect round trip against a local sandbox. */
  readonly redirect?: RedirectCheckOptions;
  readonly signal?: AbortSignal;
  /** Accept any TLS certificate (a local https:// app with a self-signed or mkcert certificate). Noted in the report. */
  readonly insecureTls?: boolean;
  /** Called as each case finishes, for progress reporting. */
  readonly onCaseDone?: (result: CheckCaseResult, done: number, total: number) => void;
  readonly now?: () => Date;
}

/** Bad input to the check itself, naming the option and the rule. */
export class IntegrationCheckInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'IntegrationCheckInputError';
  }
}

export const SPEC_DEADLINE_MS = 5000;
const TOOL = 'GoCardless Dev Tools integration check';

/**
 * Sends the app every webhook the spec lists, plus forgeries, a retry and a
 * multi-object body, and reports how it answered. Never throws for what the
 * app does; only for bad options.
 */
export async function runIntegrationCheck(options: IntegrationCheckOptions): Promise<IntegrationCheckReport> {
  const appUrl = parseHttpUrl('appUrl', options.appUrl);
  if (!options.secret) throw new IntegrationCheckInputError('secret', 'An app secret is required: the check signs its webhooks with it.');
  const timeoutMs = options.timeoutMs ?? SPEC_DEADLINE_MS;
  if (!(timeoutMs > 0)) throw new IntegrationCheckInputError('timeoutMs', 'The timeout must be a positive number of milliseconds.');
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();

  const ids = new CheckIds();
  const planned = planWebhookCases(options.secret, ids);
  const total = planned.length + 2;
  // One connection pool per run, closed at the end so no socket outlives the check.
  const dispatcher = createAgent({ connections: concurrency, connect: { timeout: timeoutMs, ...(options.insecureTls ? { rejectUnauthorized: false } : {}) } });
  const results: CheckCaseResult[] = new Array<CheckCaseResult>(planned.length);
  let done = 0;
  const finished = (r: CheckCaseResult) => {
    done += 1;
    options.onCaseDone?.(r, done, total);
  };

  try {
    const ctx = {
      timeoutMs,
      postWebhook: (body: string) => sendHttp({
        method: 'POST',
        url: appUrl.toString(),
        headers: { 'content-type': 'application/json', 'user-agent': 'gcdev-integration-check' },
        body,
        timeoutMs,
        dispatcher,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    };
    await runPool(planned, concurrency, async (c: PlannedCase, index: number) => {
      const r = await c.run(ctx);
      results[index] = r;
      finished(r);
    });
    const redirect = options.redirect && !options.signal?.aborted
      ? await checkRedirectRoundTrip(options.redirect, { timeoutMs, dispatcher, ...(options.signal ? { signal: options.signal } : {}) })
      : skippedRedirectCases();
    for (const r of redirect) {
      results.push(r);
      finished(r);
    }
  } finally {
    await dispatcher.close();
  }

  const summary = summarize(results);
  return {
    tool: TOOL,
    startedAt,
    finishedAt: now().toISOString(),
    target: redactUrl(appUrl.toString()),
    timeoutMs,
    ...(options.insecureTls ? { insecureTls: true } : {}),
    testIds: [...ids.issued],
    cases: results,
    summary,
    passed: summary.fail === 0,
  };
}

export function parseHttpUrl(field: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IntegrationCheckInputError(field, `${field} is not a URL: ${JSON.stringify(raw)}. Give the full address, e.g. http://127.0.0.1:3000/webhooks.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IntegrationCheckInputError(field, `${field} must be an http:// or https:// URL, not ${url.protocol}`);
  }
  return url;
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
