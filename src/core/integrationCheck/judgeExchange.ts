import type { CaseOutcome, HttpExchange } from './IntegrationCheckReport';

export interface Judgement {
  readonly outcome: CaseOutcome;
  readonly actual: string;
  readonly explanation?: string;
}

/** "200 in 12 ms", "no answer within 5000 ms", "302 to https://… in 3 ms". */
export function describeExchange(ex: HttpExchange): string {
  if (ex.error?.kind === 'timeout') return ex.error.message;
  if (ex.error?.kind === 'aborted') return 'cancelled';
  if (ex.error) return `connection failed (${ex.error.message})`;
  const to = ex.location !== undefined ? ` to ${ex.location}` : '';
  return `${ex.status ?? '?'}${to} in ${Math.round(ex.latencyMs)} ms`;
}

/** Cancelled by the user: no verdict on the app. */
const CANCELLED: Judgement = { outcome: 'skip', actual: 'cancelled', explanation: 'The check was cancelled before this case finished.' };

/** Share of the deadline after which a 200 earns a warning: GoCardless adds network latency we do not see on loopback. */
const SLOW_SHARE = 0.6;

/** A genuine webhook: the app must answer exactly 200 within the deadline. */
export function judgeAccepted(ex: HttpExchange, timeoutMs: number): Judgement {
  const actual = describeExchange(ex);
  if (ex.error?.kind === 'aborted') return CANCELLED;
  if (ex.error?.kind === 'timeout') {
    return { outcome: 'fail', actual, explanation: `No answer within ${timeoutMs} ms. GoCardless counts this as a failed delivery and sends the webhook again, up to 10 times. Answer 200 as soon as the signature is verified and do the slow work (emails, fulfilment, API calls) in a background job.` };
  }
  if (ex.error) return { outcome: 'fail', actual, explanation: unreachable(ex.error.message) };
  const status = ex.status ?? 0;
  if (status === 200) {
    if (ex.latencyMs > timeoutMs * SLOW_SHARE) {
      return { outcome: 'warn', actual, explanation: `Answered 200, but after ${Math.round(ex.latencyMs)} ms of the ${timeoutMs} ms allowed; over the internet the margin shrinks. Answer first, then process asynchronously.` };
    }
    return { outcome: 'pass', actual };
  }
  if (status >= 300 && status < 400) {
    return { outcome: 'fail', actual, explanation: `The endpoint redirected instead of answering. A webhook is judged on the answer of the web_hook_uri itself and a redirect is not a 200 OK; register the final URL (often the https:// one, or with the trailing slash your framework expects) as the webhook URI.` };
  }
  if (status >= 200 && status < 300) {
    return { outcome: 'fail', actual, explanation: `Answered ${status}, not 200. The spec asks for "HTTP/1.1 200 OK" exactly; any other status is treated as a failed delivery and retried.` };
  }
  if (status === 401 || status === 403) {
    return { outcome: 'fail', actual, explanation: `A correctly signed webhook was rejected, so the signature check is wrong. Sign the contents of "payload" without its "signature" key (not the whole body and not the "payload" container), flatten nested keys as bills[][id], percent-encode (RFC 5849) and sort before the HMAC-SHA256, and use the app secret of the same environment (sandbox or live). ${excerptHint(ex)}` };
  }
  if (status === 404 || status === 405) {
    return { outcome: 'fail', actual, explanation: `The app does not accept a POST at this URL (status ${status}). GoCardless sends webhooks as a POST with a JSON body to the web_hook_uri.` };
  }
  if (status === 422 || status === 400) {
    return { outcome: 'fail', actual, explanation: `The app refused a genuine webhook as invalid input (status ${status}). Check that it accepts every action the spec lists for this resource type and reads the objects from the pluralized key (bills, subscriptions, pre_authorizations). ${excerptHint(ex)}` };
  }
  return { outcome: 'fail', actual, explanation: `The app answered ${status} to a genuine webhook, so GoCardless would retry it up to 10 times. ${excerptHint(ex)}` };
}

/** A forged webhook (bad, foreign or no signature): the app must not answer 200. */
export function judgeRejected(ex: HttpExchange, forgery: string, timeoutMs: number): Judgement {
  const actual = describeExchange(ex);
  if (ex.error?.kind === 'aborted') return CANCELLED;
  if (ex.error?.kind === 'timeout') {
    return { outcome: 'fail', actual, explanation: `No answer within ${timeoutMs} ms to ${forgery}. Check the signature first and reject at once (403); a slow answer suggests the app processed the body before, or without, checking it.` };
  }
  if (ex.error) return { outcome: 'fail', actual, explanation: unreachable(ex.error.message) };
  const status = ex.status ?? 0;
  if (status >= 200 && status < 300) {
    return { outcome: 'fail', actual, explanation: `The app accepted ${forgery} (status ${status}). Anyone who knows the webhook URL could mark bills paid or subscriptions cancelled. Re-sign the payload with the app secret, compare with "signature" in constant time, and answer 403 when they differ or the signature is missing.` };
  }
  if (status >= 300 && status < 400) {
    return { outcome: 'warn', actual, explanation: `The app redirected ${forgery} instead of rejecting it, so the check cannot tell whether the signature is verified. Point the check at the final webhook URL.` };
  }
  if (status >= 500) {
    return { outcome: 'warn', actual, explanation: `Not accepted, but as a server error (${status}): the app seems to crash on ${forgery} rather than reject it. Answer 403 (or 401/400) so logs and monitoring show a rejection, not an outage.` };
  }
  return { outcome: 'pass', actual };
}

function unreachable(message: string): string {
  return `The check could not reach the app (${message}). Is it running, and is this the URL registered as the webhook URI?`;
}

function excerptHint(ex: HttpExchange): string {
  return ex.bodyExcerpt.trim() ? 'The app answered: ' + JSON.stringify(ex.bodyExcerpt.trim().slice(0, 160)) + '.' : '';
}
