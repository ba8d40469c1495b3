import { flattenParams, type SignableParams } from '../signing/flattenParams';
import { percentEncode } from '../signing/percentEncode';
import { checkHttpUrl } from '../validation/fieldChecks';
import { ValidationError, type ValidationIssue } from '../validation/ValidationError';
import { ApiError } from './ApiError';
import { basicAuthorization } from './basicAuthorization';
import { environmentBaseUrl } from './environmentBaseUrl';
import { extractServerMessage } from './extractServerMessage';
import { redactSecrets } from './redactSecrets';
import { sendRequest } from './sendRequest';
import { defaultDispatcher, type Dispatcher } from './undici';
import { UnexpectedResponseError } from './UnexpectedResponseError';
import { defaultUserAgent } from './userAgent';

/**
 * The partner flow (spec, "Partner guide"): send the merchant to /oauth/authorize, receive a
 * `code` on the redirect URI, exchange it at /oauth/access_token for a bearer token whose
 * `scope` ("manage_merchant:VSXU7HPAY7OZN6") names the merchant.
 */

export const MERCHANT_TYPES = ['business', 'charity', 'individual'] as const;
export type MerchantType = (typeof MERCHANT_TYPES)[number];

/** "Pre-populating information" for the merchant sign-up form. */
export interface MerchantPrefill {
  name?: string;
  phone_number?: string;
  description?: string;
  merchant_type?: MerchantType;
  company_name?: string;
  company_registration?: string;
  bank_reference?: string;
  user?: { email?: string; first_name?: string; last_name?: string };
}

const MERCHANT_FIELDS = ['name', 'phone_number', 'description', 'merchant_type', 'company_name', 'company_registration', 'bank_reference', 'user'];
const MERCHANT_USER_FIELDS = ['email', 'first_name', 'last_name'];

export interface AuthorizeUrlParams {
  /** `live`, `sandbox` or a base URL. */
  baseUrl: string;
  /** The app identifier. */
  clientId: string;
  /** Scheme, host and port must match the URI registered for the app. */
  redirectUri: string;
  /** Passed back on the redirect; use it to tie the answer to the request (CSRF). */
  state?: string;
  merchant?: MerchantPrefill;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merchantIssues(merchant: unknown): ValidationIssue[] {
  if (!isRecord(merchant)) return [{ field: 'merchant', rule: 'type', message: 'merchant must be an object' }];
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(merchant)) {
    if (value === undefined) continue;
    const field = `merchant[${key}]`;
    if (!MERCHANT_FIELDS.includes(key)) {
      issues.push({ field, rule: 'not-allowed', message: `${field} is not a merchant prefill field; use ${MERCHANT_FIELDS.join(', ')}` });
    } else if (key === 'user') {
      if (!isRecord(value)) {
        issues.push({ field, rule: 'type', message: `${field} must be an object with email, first_name, last_name` });
        continue;
      }
      for (const [userKey, userValue] of Object.entries(value)) {
        if (userValue === undefined) continue;
        const userField = `merchant[user][${userKey}]`;
        if (!MERCHANT_USER_FIELDS.includes(userKey)) issues.push({ field: userField, rule: 'not-allowed', message: `${userField} is not a prefill field; use ${MERCHANT_USER_FIELDS.join(', ')}` });
        else if (typeof userValue !== 'string') issues.push({ field: userField, rule: 'type', message: `${userField} must be text` });
      }
    } else if (typeof value !== 'string') {
      issues.push({ field, rule: 'type', message: `${field} must be text` });
    } else if (key === 'merchant_type' && !(MERCHANT_TYPES as readonly string[]).includes(value)) {
      issues.push({ field, rule: 'not-allowed', message: `${field} must be business, charity or individual` });
    }
  }
  return issues;
}

/** The URL to send the merchant to: `${base}/oauth/authorize?client_id…&redirect_uri…&scope=manage_merchant&response_type=code[&state][&merchant[…]]`. */
export function buildAuthorizeUrl(params: AuthorizeUrlParams): string {
  const issues: ValidationIssue[] = [];
  if (typeof params.clientId !== 'string' || params.clientId === '') issues.push({ field: 'client_id', rule: 'required', message: 'client_id is required' });
  const redirectIssue = checkHttpUrl('redirect_uri', params.redirectUri);
  if (redirectIssue !== undefined) issues.push(redirectIssue);
  if (params.state !== undefined && typeof params.state !== 'string') issues.push({ field: 'state', rule: 'type', message: 'state must be text' });
  if (params.merchant !== undefined) issues.push(...merchantIssues(params.merchant));
  if (issues.length > 0) throw new ValidationError(issues);
  // The browser, not this process, opens the URL and no secret is in it: plain http is fine anywhere.
  const base = environmentBaseUrl(params.baseUrl, { allowInsecureHttp: true });
  const pairs: (readonly [string, string])[] = [
    ['client_id', params.clientId],
    ['redirect_uri', params.redirectUri],
    ['scope', 'manage_merchant'],
    ['response_type', 'code'],
  ];
  if (params.state !== undefined && params.state !== '') pairs.push(['state', params.state]);
  if (params.merchant !== undefined) pairs.push(...flattenParams({ merchant: params.merchant as SignableParams }));
  return `${base}/oauth/authorize?${pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
}

export interface ExchangeCodeParams {
  baseUrl: string;
  clientId: string;
  /** The app secret; sent only in the Basic Authorization header. */
  clientSecret: string;
  code: string;
  /** Must match the one used in the authorize URL exactly. */
  redirectUri: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  userAgent?: string;
}

export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** "manage_merchant:VSXU7HPAY7OZN6" */
  scope: string;
  /** The merchant the user linked: the id after the colon in `scope`. */
  merchantId: string;
}

/**
 * POST /oauth/access_token, authenticated with HTTP Basic client_id:secret, form-encoded
 * client_id, code, redirect_uri and grant_type=authorization_code. Non-2xx → ApiError with the
 * server's error (OAuth's `error_description`); a body without a token or merchant → UnexpectedResponseError.
 */
export async function exchangeAuthorizationCode(params: ExchangeCodeParams): Promise<AccessToken> {
  const issues: ValidationIssue[] = [];
  for (const [field, value] of [['client_id', params.clientId], ['client_secret', params.clientSecret], ['code', params.code]] as const) {
    if (typeof value !== 'string' || value === '') issues.push({ field, rule: 'required', message: `${field} is required` });
  }
  const redirectIssue = checkHttpUrl('redirect_uri', params.redirectUri);
  if (redirectIssue !== undefined) issues.push(redirectIssue);
  if (issues.length > 0) throw new ValidationError(issues);

  const base = new URL(environmentBaseUrl(params.baseUrl));
  const path = `${base.pathname.replace(/\/+$/, '')}/oauth/access_token`;
  const form = new URLSearchParams({
    client_id: params.clientId, code: params.code, redirect_uri: params.redirectUri, grant_type: 'authorization_code',
  }).toString();
  const secrets = [params.clientSecret, params.code];
  const response = await sendRequest({
    dispatcher: params.dispatcher ?? defaultDispatcher(),
    origin: base.origin,
    method: 'POST',
    path,
    headers: {
      authorization: basicAuthorization(params.clientId, params.clientSecret),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': params.userAgent ?? defaultUserAgent(),
    },
    body: form,
    timeoutMs: params.timeoutMs ?? 30_000,
    maxResponseBytes: 1024 * 1024,
  });
  if (response.status < 200 || response.status >= 300) {
    const body = redactSecrets(response.body.slice(0, 4096), secrets);
    const found = extractServerMessage(body);
    throw new ApiError({
      status: response.status, serverMessage: found?.message ?? `HTTP ${response.status} with no message`,
      serverMessages: found?.messages ?? [], method: 'POST', path, body,
    });
  }
  const unexpected = (problem: string): UnexpectedResponseError =>
    new UnexpectedResponseError({ method: 'POST', path, status: response.status, problem });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw unexpected('the body is not JSON');
  }
  if (!isRecord(json)) throw unexpected('the body must be an object with access_token, token_type and scope');
  const { access_token: accessToken, token_type: tokenType, scope } = json;
  if (typeof accessToken !== 'string' || accessToken === '') throw unexpected('access_token must be a non-empty string');
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') throw unexpected(`token_type must be "bearer" (got ${JSON.stringify(tokenType)})`);
  if (typeof scope !== 'string') throw unexpected('scope must be a string like "manage_merchant:VSXU7HPAY7OZN6"');
  const merchantId = /^manage_merchant:(\S+)$/.exec(scope.trim())?.[1];
  if (merchantId === undefined) throw unexpected(`scope ${JSON.stringify(scope)} names no merchant: expected "manage_merchant:<MERCHANT_ID>"`);
  return { accessToken, tokenType, scope, merchantId };
}

export type AuthorizeRedirect =
  | { ok: true; code: string; state?: string }
  | { ok: false; error: string; error_description?: string; state?: string };

/**
 * Reads the redirect GoCardless sends the merchant back with: `?code=…[&state=…]` on approval,
 * or OAuth's `?error=…&error_description=…`. With `expectedState`, a different or missing state
 * is refused (it would mean the answer is not to our request).
 */
export function parseAuthorizeRedirect(url: string, expectedState?: string): AuthorizeRedirect {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError([{ field: 'url', rule: 'http-url', message: `the redirect URL is not a URL: ${JSON.stringify(url.slice(0, 100))}` }]);
  }
  const query = parsed.searchParams;
  const state = query.get('state') ?? undefined;
  if (expectedState !== undefined && state !== expectedState) {
    throw new ValidationError([{ field: 'state', rule: 'not-allowed', message: state === undefined ? 'the redirect carries no state, but one was sent' : 'the redirect\'s state does not match the one sent: it is not the answer to this request' }]);
  }
  const error = query.get('error');
  if (error !== null && error !== '') {
    const description = query.get('error_description') ?? undefined;
    return { ok: false, error, ...(description !== undefined ? { error_description: description } : {}), ...(state !== undefined ? { state } : {}) };
  }
  const code = query.get('code');
  if (code === null || code === '') {
    throw new ValidationError([{ field: 'code', rule: 'required', message: 'the redirect URL carries neither a code nor an error' }]);
  }
  return { ok: true, code, ...(state !== undefined ? { state } : {}) };
}
