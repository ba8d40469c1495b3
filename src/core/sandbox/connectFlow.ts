import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEBHOOK_OBJECTS_KEY, type ConnectResourceType, type Currency, type IntervalUnit, type UserPrefill } from '../api/models';
import { intervalPhrase } from '../api/intervalPhrase';
import { hmacHex, normalizePairs, signaturesEqual, signParams } from '../signing';
import { FormSessions } from './FormSessions';
import { escapeHtml } from '../http/escapeHtml';
import { sendErrorPage, sendHtml } from './htmlPage';
import { readBody, sendRedirect } from './httpIO';
import { resourceId } from './ids';
import { formatAmount, parseAmount } from './money';
import { nestParams, objectField, stringField, type NestedParams } from './nestedParams';
import { NONCE_WINDOW_MS } from './NonceStore';
import type { AppRecord, MerchantRecord, PreAuthorizationRecord, SubscriptionRecord } from './records';
import type { SandboxContext } from './SandboxContext';
import { addInterval, startOfDay } from './time';
import { connectTimestampAcceptedUntil, connectTimestampVerdict, dateFormatMessage, parseApiBoolean, parseApiInstant, validateConnectParams } from '../validation';
import { isHttpUrl, sameOrigin } from './uriMatch';

/** The spec's troubleshooting messages, verbatim. */
export const CONNECT_ERRORS = {
  client: 'Client is invalid',
  merchant: 'Merchant not found with the ID provided',
  signature: 'Signature is invalid',
  timestamp: 'Timestamp has expired',
  redirect: 'Redirect uri does not match the uri registered in the developer panel',
} as const;

/**
 * The spec lists no message for a timestamp from the future ("within 3 hours
 * of this timestamp" refuses it all the same); this one is the sandbox's.
 */
export const TIMESTAMP_AHEAD = 'Timestamp is more than 3 hours in the future';

/** The customer details the payment page asks for besides the names and email ("Billing information"). */
const USER_DETAIL_FIELDS = ['company_name', 'billing_address1', 'billing_address2', 'billing_town', 'billing_county', 'billing_postcode', 'country_code'] as const;

/** The only bank details the sandbox accepts ("Dummy bank details"). */
export const SANDBOX_ACCOUNT_NUMBER = '55779911';
export const SANDBOX_SORT_CODE = '20-00-00';

const PATHS: Record<string, ConnectResourceType> = {
  '/connect/bills/new': 'bill',
  '/connect/subscriptions/new': 'subscription',
  '/connect/pre_authorizations/new': 'pre_authorization',
};

/** What a checked link asks for; held server-side between the page and its submission. */
interface PaymentRequest {
  type: ConnectResourceType;
  appId: string;
  merchantId: string;
  amount: number;
  setupFee: number | null;
  currency: Currency;
  name: string | null;
  description: string | null;
  intervalLength: number;
  intervalUnit: IntervalUnit;
  intervalCount: number | null;
  startMs: number | null;
  expiresMs: number | null;
  calendarIntervals: boolean;
  user: UserPrefill;
  redirectUri: string | null;
  cancelUri: string | null;
  state: string | null;
}

class LinkRejection extends Error {}

export class ConnectFlow {
  private readonly sessions = new FormSessions<PaymentRequest>(NONCE_WINDOW_MS);

  constructor(private readonly ctx: SandboxContext) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const type = PATHS[url.pathname];
    if (type && (req.method === 'GET' || req.method === 'HEAD')) {
      this.showPaymentPage(res, type, url);
      return true;
    }
    if (url.pathname === '/connect/pay' && req.method === 'POST') {
      await this.pay(req, res);
      return true;
    }
    if (url.pathname === '/connect/cancel' && req.method === 'POST') {
      await this.cancel(req, res);
      return true;
    }
    return false;
  }

  /** The checks, in the order the issue and the troubleshooting guide give them. */
  private checkLink(type: ConnectResourceType, url: URL): PaymentRequest {
    const s = this.ctx.state;
    const pairs = [...url.searchParams];
    const params = nestParams(pairs);
    const app = s.apps.get(stringField(params, 'client_id') ?? '');
    if (!app) throw new LinkRejection(CONNECT_ERRORS.client);
    const resource = objectField(params, type);
    const merchant = s.merchants.get(stringField(resource, 'merchant_id') ?? '');
    if (!merchant || merchant.appId !== app.id) throw new LinkRejection(CONNECT_ERRORS.merchant);
    // Signed over every other query parameter exactly as received (Signature Guide).
    const received = pairs.filter(([k]) => k === 'signature');
    const expected = hmacHex(normalizePairs(pairs.filter(([k]) => k !== 'signature')), app.secret);
    if (received.length !== 1 || !signaturesEqual(expected, received[0]![1])) throw new LinkRejection(CONNECT_ERRORS.signature);
    const rawTimestamp = stringField(params, 'timestamp');
    const timestamp = parseApiInstant(rawTimestamp ?? '');
    const now = this.ctx.realNow();
    if (timestamp === undefined) {
      throw new LinkRejection(`Timestamp is invalid: give the UTC time the link was made, in ISO 8601 such as 2011-01-01T12:00:00Z (got ${rawTimestamp === undefined ? 'none' : `"${rawTimestamp}"`})`);
    }
    const verdict = connectTimestampVerdict(timestamp, now);
    if (verdict === 'expired') throw new LinkRejection(CONNECT_ERRORS.timestamp);
    if (verdict === 'ahead') throw new LinkRejection(TIMESTAMP_AHEAD);
    const nonce = stringField(params, 'nonce');
    if (!nonce) throw new LinkRejection('Nonce is missing: every link needs a fresh random nonce');
    const redirectUri = stringField(params, 'redirect_uri') ?? null;
    const cancelUri = stringField(params, 'cancel_uri') ?? null;
    if (!this.ctx.nonces.use(app.id, nonce, now, connectTimestampAcceptedUntil(timestamp))) throw new LinkRejection('Nonce has already been used: each link may be opened once within 3 hours');
    if (redirectUri !== null && (!isHttpUrl(redirectUri) || !sameOrigin(redirectUri, app.redirectUri))) throw new LinkRejection(CONNECT_ERRORS.redirect);
    // "A cancel_uri can only be provided in the request if one is also set on the account."
    if (cancelUri !== null && (!isHttpUrl(cancelUri) || !sameOrigin(cancelUri, app.cancelUri))) {
      throw new LinkRejection('Cancel uri does not match the uri registered in the developer panel');
    }
    // The same field rules as the link builder and the webview form (src/core/validation), against the link's own timestamp.
    const issues = validateConnectParams({ resourceType: type, resource: resource ?? {}, redirect_uri: redirectUri ?? undefined, cancel_uri: cancelUri ?? undefined, state: params['state'] }, timestamp);
    if (issues.length) throw new LinkRejection(issues.map((i) => i.message).join('; '));
    return readResource(type, app, merchant, resource ?? {}, { redirectUri, cancelUri, state: stringField(params, 'state') ?? null }, this.ctx.lifecycle.nowMs());
  }

  private showPaymentPage(res: ServerResponse, type: ConnectResourceType, url: URL): void {
    let request: PaymentRequest;
    try {
      request = this.checkLink(type, url);
    } catch (e) {
      if (e instanceof LinkRejection) return sendErrorPage(res, e.message, ADVICE[e.message] ?? '');
      throw e;
    }
    const token = this.sessions.create(request, this.ctx.realNow());
    this.renderPage(res, 200, request, token, null, { ...request.user });
  }

  private renderPage(res: ServerResponse, status: number, r: PaymentRequest, token: string, error: string | null, values: Record<string, string | undefined>): void {
    const merchant = this.ctx.state.merchants.get(r.merchantId);
    const symbol = r.currency === 'EUR' ? '€' : '£';
    const money = (pence: number): string => `${symbol}${formatAmount(pence)}`;
    const every = `every ${intervalPhrase(r.intervalLength, r.intervalUnit)}`;
    // "Variable payments": with the merchant's option on (hide_variable_amount), "the customer will not be
    // shown the maximum amount, but rather they will authorise for 'Direct Debit payments'".
    const hideMax = r.type === 'pre_authorization' && merchant?.hideVariableAmount === true;
    const headline = r.type === 'bill' ? money(r.amount) : r.type === 'subscription' ? `${money(r.amount)} ${every}`
      : hideMax ? 'Direct Debit payments' : `Variable payments: up to ${money(r.amount)} ${every}`;
    const details: Array<[string, string | null]> = [
      ['Pay to', merchant?.name ?? r.merchantId],
      ['For', r.name],
      ['Details', r.description],
      ['Currency', r.currency],
      ['Setup fee', r.setupFee !== null ? money(r.setupFee) : null],
      ['First payment', r.startMs !== null ? new Date(r.startMs).toISOString().slice(0, 10) : null],
      ['Until', r.expiresMs !== null ? new Date(r.expiresMs).toISOString().slice(0, 10) : r.intervalCount !== null ? `${r.intervalCount} ${r.type === 'subscription' ? 'payments' : 'intervals'}` : null],
    ];
    const field = (name: string, label: string, autocomplete: string, required = true): string =>
      `<div><label for="${name}">${escapeHtml(label)}</label><input id="${name}" name="${name}" value="${escapeHtml(values[name] ?? '')}" autocomplete="${autocomplete}"${required ? ' required' : ''}></div>`;
    const body = `
<h1>${escapeHtml(r.type === 'bill' ? 'One-off payment' : r.type === 'subscription' ? 'Set up a subscription' : 'Set up a Direct Debit pre-authorization')}</h1>
<p class="amount">${escapeHtml(headline)}</p>
<dl>${details.filter(([, v]) => v).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/connect/pay">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<h2>Your details</h2>
<div class="row">${field('first_name', 'First name', 'given-name')}${field('last_name', 'Last name', 'family-name')}</div>
${field('email', 'Email', 'email')}
${field('company_name', 'Company (optional)', 'organization', false)}
${field('billing_address1', 'Address', 'address-line1', false)}
${field('billing_address2', 'Address line 2', 'address-line2', false)}
<div class="row">${field('billing_town', 'Town', 'address-level2', false)}${field('billing_county', 'County', 'address-level1', false)}</div>
<div class="row">${field('billing_postcode', 'Postcode', 'postal-code', false)}${field('country_code', 'Country code', 'country', false)}</div>
<h2>Bank details</h2>
<div class="row">${field('account_number', 'Account number', 'off')}${field('sort_code', 'Sort code', 'off')}</div>
<p class="hint">Sandbox: use account number <code>${SANDBOX_ACCOUNT_NUMBER}</code> and sort code <code>${SANDBOX_SORT_CODE}</code>. No real money moves.</p>
<div class="actions"><button class="primary" type="submit">${escapeHtml(r.type === 'bill' ? `Pay ${money(r.amount)}` : 'Set up Direct Debit')}</button>
<button class="secondary" type="submit" formaction="/connect/cancel" formnovalidate>Cancel</button></div>
</form>`;
    sendHtml(res, status, 'GoCardless sandbox payment', body, { error: error ?? undefined });
  }

  private async pay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req, 64 * 1024)));
    const now = this.ctx.realNow();
    const r = this.sessions.get(form['token'], now);
    if (!r) return sendErrorPage(res, 'This payment page has expired or was already used', 'Open the payment link again.');
    const problem = validateDetails(form);
    if (problem) return this.renderPage(res, 422, r, form['token']!, problem, form);
    this.sessions.delete(form['token']!);
    const created = this.createResource(r, form);
    this.ctx.changed();
    const base = this.ctx.baseUrl;
    const plural = WEBHOOK_OBJECTS_KEY[r.type];
    const params: Record<string, string> = {
      resource_id: created, resource_type: r.type, resource_uri: `${base}/api/v1/${plural}/${created}`,
    };
    if (r.state !== null) params['state'] = r.state;
    // Signed over exactly these params ("Checking the signature": the other 4, or 3 without state).
    params['signature'] = signParams(params, this.ctx.state.apps.get(r.appId)!.secret).signature;
    const target = r.redirectUri ?? this.ctx.state.apps.get(r.appId)?.redirectUri ?? null;
    if (target === null) {
      return sendHtml(res, 200, 'Payment set up', `<h1>Thank you</h1><p>The ${escapeHtml(r.type.replace('_', '-'))} was set up. No redirect URI is registered, so here are the parameters your site would receive:</p><dl>${Object.entries(params).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`).join('')}</dl>`);
    }
    const location = new URL(target);
    for (const [k, v] of Object.entries(params)) location.searchParams.set(k, v);
    sendRedirect(res, location.toString(), { 'cache-control': 'no-store' });
  }

  private async cancel(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req, 64 * 1024)));
    const r = this.sessions.get(form['token'], this.ctx.realNow());
    if (!r) return sendErrorPage(res, 'This payment page has expired or was already used', 'Open the payment link again.');
    this.sessions.delete(form['token']!);
    const target = r.cancelUri ?? this.ctx.state.apps.get(r.appId)?.cancelUri ?? null;
    if (target === null) return sendHtml(res, 200, 'Cancelled', '<h1>Payment cancelled</h1><p>Nothing was set up. You can close this page.</p>');
    sendRedirect(res, target, { 'cache-control': 'no-store' });
  }

  /** Creates the user and the resource, inactive until POST /api/v1/confirm. */
  private createResource(r: PaymentRequest, form: Record<string, string>): string {
    const s = this.ctx.state;
    const now = this.ctx.lifecycle.nowMs();
    const createdMs = Math.floor(now / 1000) * 1000;
    const userId = resourceId();
    s.addUser({
      id: userId, merchantId: r.merchantId, createdMs, email: form['email']!.trim(), firstName: form['first_name']!.trim(), lastName: form['last_name']!.trim(),
      details: Object.fromEntries(USER_DETAIL_FIELDS.map((k) => [k, form[k]]).filter(([, v]) => v !== undefined && v !== '')),
    });
    if (r.type === 'bill') {
      return this.ctx.lifecycle.newBill({
        merchantId: r.merchantId, userId, sourceType: 'ad_hoc_authorization', sourceId: resourceId(), amount: r.amount, currency: r.currency,
        name: r.name, description: r.description, isSetupFee: false, chargeCustomerAt: null,
      }, now, true).id;
    }
    const start = r.startMs ?? createdMs;
    // interval_count gives an expiry *date*: "created on the 14th of February and has an 1 week intervals
    // and an interval_count of 2 then the expires_at will be set for the 28th of February", and a
    // subscription expires "at 00:00 (UTC) of the expiry date" (a pre-authorization "just after midnight").
    const expiresMs = r.expiresMs ?? (r.intervalCount !== null ? startOfDay(addInterval(start, r.intervalUnit, r.intervalLength * r.intervalCount)) : null);
    const base = {
      id: resourceId(), merchantId: r.merchantId, userId, currency: r.currency, name: r.name, description: r.description,
      status: 'inactive' as const, createdMs, intervalLength: r.intervalLength, intervalUnit: r.intervalUnit, expiresMs,
      setupFee: r.setupFee, nextIntervalMs: null,
    };
    if (r.type === 'subscription') {
      const sub: SubscriptionRecord = { ...base, amount: r.amount, startMs: r.startMs };
      this.ctx.lifecycle.addInactiveMandate('subscription', sub);
      return sub.id;
    }
    const pre: PreAuthorizationRecord = { ...base, maxAmount: r.amount, remainingAmount: r.amount, calendarIntervals: r.calendarIntervals };
    this.ctx.lifecycle.addInactiveMandate('pre_authorization', pre);
    return pre.id;
  }
}

const ADVICE: Record<string, string> = {
  [CONNECT_ERRORS.client]: 'The client_id (app ID) is not this sandbox\'s: copy the app ID printed by `gcdev sandbox` or shown in the extension.',
  [CONNECT_ERRORS.merchant]: 'The merchant_id inside the resource params is not a merchant of this app.',
  [CONNECT_ERRORS.signature]: 'Sign every parameter except signature with the app secret, normalized as the Signature Guide describes (percent-encode, sort, join).',
  [CONNECT_ERRORS.timestamp]: 'Links are valid for 3 hours after their timestamp: generate links as they are needed.',
  [TIMESTAMP_AHEAD]: 'Links are valid within 3 hours either side of their timestamp (plus 2 minutes for clock skew): check the clock of the machine that made the link, and that the timestamp is UTC.',
  [CONNECT_ERRORS.redirect]: 'The scheme, host and port of redirect_uri must match the redirect URI registered for the app.',
};

function validateDetails(form: Record<string, string>): string | null {
  for (const [key, label] of [['first_name', 'first name'], ['last_name', 'last name'], ['email', 'email']] as const) {
    if (!form[key]?.trim()) return `Please enter your ${label}.`;
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form['email']!.trim())) return 'Please enter a valid email address.';
  const account = (form['account_number'] ?? '').replace(/\s/g, '');
  const sort = (form['sort_code'] ?? '').replace(/[\s-]/g, '');
  if (account !== SANDBOX_ACCOUNT_NUMBER || sort !== SANDBOX_SORT_CODE.replace(/-/g, '')) {
    return `Those bank details were not accepted. In the sandbox only account number ${SANDBOX_ACCOUNT_NUMBER} with sort code ${SANDBOX_SORT_CODE} succeeds.`;
  }
  return null;
}

function readResource(
  type: ConnectResourceType, app: AppRecord, merchant: MerchantRecord, p: NestedParams,
  uris: { redirectUri: string | null; cancelUri: string | null; state: string | null }, nowMs: number,
): PaymentRequest {
  const reject = (message: string): never => {
    throw new LinkRejection(message);
  };
  const amountKey = type === 'pre_authorization' ? 'max_amount' : 'amount';
  const amount = parseAmount(stringField(p, amountKey));
  if (amount === undefined || amount <= 0) reject(`${type}[${amountKey}] must be an amount such as 10.00: digits without spaces, at most 9 before the point`);
  const currency = stringField(p, 'currency') ?? 'GBP';
  if (currency !== 'GBP' && currency !== 'EUR') reject(`${type}[currency] must be GBP or EUR`);
  // "If your account has been set up to accept international payments … you will be able to supply a
  // currency." The spec gives no message for an account without it; this wording is the sandbox's own
  // (docs/sandbox-differences.md).
  if (currency !== 'GBP' && !merchant.internationalPayments) reject(internationalPaymentsMessage(type, currency));
  let intervalLength = 1;
  let intervalUnit: IntervalUnit = 'month';
  let intervalCount: number | null = null;
  let setupFee: number | null = null;
  let startMs: number | null = null;
  let expiresMs: number | null = null;
  if (type !== 'bill') {
    const len = stringField(p, 'interval_length') ?? '';
    if (!/^\d+$/.test(len) || Number(len) < 1) reject(`${type}[interval_length] is required: a whole number of at least 1`);
    intervalLength = Number(len);
    const unit = stringField(p, 'interval_unit');
    if (unit !== 'day' && unit !== 'week' && unit !== 'month') reject(`${type}[interval_unit] must be day, week or month`);
    intervalUnit = unit as IntervalUnit;
    const count = stringField(p, 'interval_count');
    if (count !== undefined) {
      if (!/^\d+$/.test(count) || Number(count) < 1) reject(`${type}[interval_count] must be a positive integer greater than 0`);
      intervalCount = Number(count);
    }
    const fee = stringField(p, 'setup_fee');
    if (fee !== undefined) {
      setupFee = parseAmount(fee) ?? reject(`${type}[setup_fee] must be an amount such as 25.00`);
    }
    const expires = stringField(p, 'expires_at');
    if (expires !== undefined) {
      expiresMs = parseApiInstant(expires) ?? reject(dateFormatMessage(`${type}[expires_at]`, expires));
      if (expiresMs <= nowMs) reject(`${type}[expires_at] must be in the future`);
    }
    const start = type === 'subscription' ? stringField(p, 'start_at') : undefined;
    if (start !== undefined) {
      startMs = parseApiInstant(start) ?? reject(dateFormatMessage('subscription[start_at]', start));
      if (startMs <= nowMs) reject('subscription[start_at] must be in the future');
      if (expiresMs !== null && startMs >= expiresMs) reject('subscription[start_at] must be before subscription[expires_at]');
    }
  }
  const user = objectField(p, 'user') ?? {};
  const prefill: UserPrefill = {};
  for (const key of ['first_name', 'last_name', 'company_name', 'email', 'billing_address1', 'billing_address2', 'billing_town', 'billing_county', 'billing_postcode', 'country_code'] as const) {
    const v = stringField(user, key);
    if (v !== undefined) prefill[key] = v;
  }
  return {
    type, appId: app.id, merchantId: merchant.id, amount: amount!, setupFee, currency: currency as Currency,
    name: stringField(p, 'name') ?? null, description: stringField(p, 'description') ?? null,
    intervalLength, intervalUnit, intervalCount, startMs, expiresMs,
    calendarIntervals: parseApiBoolean(stringField(p, 'calendar_intervals')) === true,
    user: prefill, ...uris,
  };
}

/** The refusal of a non-GBP currency for a merchant not set up for international payments. */
export function internationalPaymentsMessage(type: ConnectResourceType, currency: string): string {
  return `${type}[currency] ${currency} is not available: this merchant account has not been set up to accept international payments, so it can only take GBP`;
}
