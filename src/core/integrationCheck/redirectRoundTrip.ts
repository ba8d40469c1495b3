import { randomBytes } from 'node:crypto';
import type { Dispatcher } from '../api/undici';
import { buildConnectLink } from '../links/buildConnectLink';
import type { CheckCaseResult, HttpExchange } from './IntegrationCheckReport';
import { describeExchange, judgeRejected } from './judgeExchange';
import { sendHttpRaw, type RawHttpResult } from './sendHttp';
import { SPEC, type SpecCitation } from './specCitations';

/** The local sandbox and the sandbox app the partner's app is configured with. */
export interface RedirectCheckOptions {
  /** Base URL of the local sandbox (RunningSandbox.url). */
  readonly sandboxUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly merchantId: string;
  /** Reads the bill back from the sandbox API to see whether the app confirmed it. Never reported. */
  readonly accessToken: string;
  /** The app's page customers return to; registered as the sandbox app's redirect URI before the check. */
  readonly redirectUri: string;
}

export interface RedirectCheckContext {
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher;
  readonly signal?: AbortSignal;
}

const ROUND_TRIP = {
  id: 'redirect.round-trip',
  group: 'redirect' as const,
  title: 'Connect redirect and confirmation',
  sent: 'A one-off bill link (£20.00) for the sandbox app, paid through the local sandbox payment form with its test bank details; then the redirect GoCardless gives the customer (resource_id, resource_type, resource_uri, state, signature) opened on your redirect URI.',
  expected: 'the redirect page answers 2xx or 3xx within the deadline, and the app confirms the bill (POST /api/v1/confirm) so the sandbox API returns it',
  spec: [SPEC.mustConfirm, SPEC.redirectSignature] as readonly SpecCitation[],
};

const TAMPERED = {
  id: 'redirect.tampered-signature',
  group: 'redirect' as const,
  title: 'tampered Connect redirect',
  sent: 'A second paid bill\'s redirect with one hex digit of its signature changed, opened on your redirect URI.',
  expected: 'not 2xx (a 4xx rejection), and the bill stays unconfirmed',
  spec: [SPEC.redirectSignature] as readonly SpecCitation[],
};

/** The redirect cases as skipped, for a run without sandbox details. */
export function skippedRedirectCases(): CheckCaseResult[] {
  const explanation = 'Not checked: give a redirect URI and a local sandbox account (gcdev check --redirect-uri with --sandbox, or the command in VS Code with a local sandbox account) to check the Connect redirect and confirmation.';
  return [ROUND_TRIP, TAMPERED].map((c) => ({ ...c, actual: 'not run', outcome: 'skip' as const, explanation, exchanges: [] }));
}

/**
 * Pays two bills in the local sandbox and sends their redirects to the app:
 * the genuine one must be accepted and confirmed, the one with a tampered
 * signature must be rejected and left unconfirmed.
 */
export async function checkRedirectRoundTrip(options: RedirectCheckOptions, ctx: RedirectCheckContext): Promise<CheckCaseResult[]> {
  const base = options.sandboxUrl.replace(/\/+$/, '');
  const raw: RawHttp = (method, url, extra = {}) =>
    sendHttpRaw({ method, url, timeoutMs: ctx.timeoutMs, dispatcher: ctx.dispatcher, ...extra, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const http: Http = async (method, url, extra) => (await raw(method, url, extra)).exchange;

  const register = await http('PUT', `${base}/admin/redirect-uris`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uri: options.redirectUri }),
  });
  if (register.status !== 200) {
    const why = `The local sandbox at ${base} did not accept the redirect URI (${describeExchange(register)}). Is the sandbox running, and is the redirect URI an http(s) URL?`;
    return [failed(ROUND_TRIP, [register], why), { ...TAMPERED, actual: 'not run', outcome: 'skip', explanation: 'Needs the round trip to run first.', exchanges: [] }];
  }

  const genuine = await payBill(options, base, raw);
  if ('failure' in genuine) {
    return [failed(ROUND_TRIP, [register, ...genuine.exchanges], genuine.failure), { ...TAMPERED, actual: 'not run', outcome: 'skip', explanation: 'Needs a paid bill from the round trip.', exchanges: [] }];
  }
  const roundTrip = await judgeRoundTrip(options, base, http, genuine, ctx.timeoutMs, [register]);

  const second = await payBill(options, base, raw);
  let tampered: CheckCaseResult;
  if ('failure' in second) {
    tampered = failed(TAMPERED, second.exchanges, second.failure);
  } else {
    const forged = new URL(second.location);
    const sig = forged.searchParams.get('signature') ?? '';
    forged.searchParams.set('signature', sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0'));
    const visit = await http('GET', forged.toString());
    const lookup = await http('GET', `${base}/api/v1/bills/${encodeURIComponent(second.billId)}`, { headers: apiHeaders(options) });
    const exchanges = [...second.exchanges, visit, lookup];
    if (lookup.status === 200) {
      tampered = failed(TAMPERED, exchanges, 'The app confirmed a bill from a redirect whose signature does not match. Anyone could replay or forge a redirect and have your app confirm resources it should not. Re-sign resource_id, resource_type, resource_uri and state (when present) with the app secret and reject the request when the signature differs.', describeExchange(visit) + '; the bill was confirmed');
    } else {
      const j = judgeRejected(visit, 'a redirect with a tampered signature', ctx.timeoutMs);
      tampered = { ...TAMPERED, actual: j.actual + '; the bill stayed unconfirmed', outcome: j.outcome, exchanges, ...(j.explanation !== undefined ? { explanation: j.explanation } : {}) };
    }
  }
  return [roundTrip, tampered];
}

type RequestExtra = { headers?: Record<string, string>; body?: string };
type RawHttp = (method: 'GET' | 'POST' | 'PUT', url: string, extra?: RequestExtra) => Promise<RawHttpResult>;
type Http = (method: 'GET' | 'POST' | 'PUT', url: string, extra?: RequestExtra) => Promise<HttpExchange>;

interface PaidBill {
  readonly billId: string;
  /** The redirect the sandbox sent the customer to (the app's URI with the signed params). */
  readonly location: string;
  readonly exchanges: HttpExchange[];
}

/** Builds a bill link, opens it and submits the payment form, as a customer's browser would. */
async function payBill(options: RedirectCheckOptions, base: string, http: RawHttp): Promise<PaidBill | { failure: string; exchanges: HttpExchange[] }> {
  let linkUrl: string;
  try {
    linkUrl = buildConnectLink({
      resourceType: 'bill', appId: options.appId, appSecret: options.appSecret, environment: base,
      resource: { merchant_id: options.merchantId, amount: '20.00', name: 'gcdev integration check' },
      redirectUri: options.redirectUri, state: `gcdev-check-${randomBytes(4).toString('hex')}`,
    }).url;
  } catch (err) {
    return { failure: `The payment link could not be built: ${err instanceof Error ? err.message : String(err)}`, exchanges: [] };
  }
  const opened = await http('GET', linkUrl);
  const page = opened.exchange;
  // The sandbox's payment page carries a one-time form token.
  const token = /name="token" value="([^"]+)"/.exec(opened.body)?.[1];
  if (page.status !== 200 || token === undefined) {
    return { failure: `The sandbox did not show its payment page for the link (${describeExchange(page)}). Check the sandbox account's app id, secret and merchant id.`, exchanges: [page] };
  }
  const form = new URLSearchParams({
    token: decodeHtml(token), first_name: 'Integration', last_name: 'Check', email: 'integration-check@example.com',
    account_number: '55779911', sort_code: '20-00-00',
  });
  const paid = await http('POST', `${base}/connect/pay`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const pay = paid.exchange;
  const location = pay.status === 302 ? paid.location : undefined;
  if (location === undefined || !location.startsWith(new URL(options.redirectUri).origin)) {
    return { failure: `Paying in the sandbox did not redirect to your redirect URI (${describeExchange(pay)}).`, exchanges: [page, pay] };
  }
  const billId = new URL(location).searchParams.get('resource_id');
  if (!billId) return { failure: 'The sandbox redirect carried no resource_id.', exchanges: [page, pay] };
  return { billId, location, exchanges: [page, pay] };
}

async function judgeRoundTrip(options: RedirectCheckOptions, base: string, http: Http, paid: PaidBill, timeoutMs: number, setup: HttpExchange[]): Promise<CheckCaseResult> {
  const visit = await http('GET', paid.location);
  const lookup = await http('GET', `${base}/api/v1/bills/${encodeURIComponent(paid.billId)}`, { headers: apiHeaders(options) });
  const exchanges = [...setup, ...paid.exchanges, visit, lookup];
  const answered = describeExchange(visit);
  if (visit.error) {
    return failed(ROUND_TRIP, exchanges, `Your redirect page did not answer (${visit.error.message}). The customer lands there right after paying.`, answered);
  }
  const status = visit.status ?? 0;
  if (status >= 400) {
    const hint = status === 401 || status === 403 || status === 400
      ? 'It looks like a genuine redirect failed the signature check: re-sign exactly resource_id, resource_type, resource_uri and state (when present), not the whole query, and use the app secret of this environment.'
      : 'The customer would see an error page right after paying.';
    return failed(ROUND_TRIP, exchanges, `Your redirect page answered ${status} to a genuine redirect. ${hint}`, answered);
  }
  if (visit.latencyMs > timeoutMs) {
    return failed(ROUND_TRIP, exchanges, `Your redirect page took ${Math.round(visit.latencyMs)} ms.`, answered);
  }
  if (lookup.status !== 200) {
    return failed(ROUND_TRIP, exchanges, `The redirect page answered, but the bill ${paid.billId} was not confirmed (the sandbox API answered ${lookup.status ?? lookup.error?.message ?? '?'} for it). After verifying the signature, POST resource_id and resource_type to /api/v1/confirm with Basic authentication (app id and app secret); an unconfirmed resource is removed.`, `${answered}; bill not confirmed`);
  }
  return { ...ROUND_TRIP, actual: `${answered}; bill confirmed`, outcome: 'pass', exchanges };
}

function failed(c: Omit<CheckCaseResult, 'actual' | 'outcome' | 'exchanges' | 'explanation'>, exchanges: HttpExchange[], explanation: string, actual = 'see details'): CheckCaseResult {
  return { ...c, actual, outcome: 'fail', explanation, exchanges };
}

function apiHeaders(options: RedirectCheckOptions): Record<string, string> {
  return { authorization: `bearer ${options.accessToken}`, accept: 'application/json' };
}

function decodeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
