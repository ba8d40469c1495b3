import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { FormSessions } from './FormSessions';
import { escapeHtml } from '../http/escapeHtml';
import { sendErrorPage, sendHtml } from './htmlPage';
import { basicAuth, parseBody, readBody, sendJson, sendRedirect } from './httpIO';
import { resourceId, secretToken } from './ids';
import { nestParams, objectField, stringField } from './nestedParams';
import type { MerchantRecord } from './records';
import type { SandboxContext } from './SandboxContext';
import { secretsEqual } from './secretsEqual';
import { CONNECT_ERRORS } from './connectFlow';
import { isHttpUrl, sameOrigin } from './uriMatch';
import type { MerchantType } from '../api/oauth';

/** "The variable merchant['merchant_type'] can be set to one of the following values: 'business' | 'charity' | 'individual'" */
const MERCHANT_TYPES: readonly MerchantType[] = ['business', 'charity', 'individual'];

/** The Partner guide's "Pre-populating information" fields, with the label the page shows for each. */
const PREFILL_LABELS: ReadonlyArray<[string, string]> = [
  ['name', 'Merchant name'], ['first_name', 'First name'], ['last_name', 'Last name'], ['email', 'Email'],
  ['phone_number', 'Phone number'], ['description', 'Description'], ['merchant_type', 'Merchant type'],
  ['company_name', 'Company name'], ['company_registration', 'Company registration'], ['bank_reference', 'Bank reference'],
];

interface AuthorizeRequest {
  appId: string;
  redirectUri: string;
  state: string | null;
  prefill: Record<string, string>;
}

interface IssuedCode {
  appId: string;
  merchantId: string;
  redirectUri: string;
  expiresMs: number;
}

/** Authorization codes are single-use and live 10 minutes (as OAuth 2.0 recommends). */
export const CODE_TTL_MS = 10 * 60_000;

/** The Partner guide's OAuth flow: /oauth/authorize (pick or create a merchant) and /oauth/access_token. */
export class OAuthFlow {
  private readonly sessions = new FormSessions<AuthorizeRequest>(60 * 60_000);
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly ctx: SandboxContext) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === '/oauth/authorize' && req.method === 'GET') this.authorizePage(res, url);
    else if (url.pathname === '/oauth/authorize' && req.method === 'POST') await this.approve(req, res);
    else if (url.pathname === '/oauth/access_token' && req.method === 'POST') await this.accessToken(req, res, url);
    else return false;
    return true;
  }

  private authorizePage(res: ServerResponse, url: URL): void {
    const params = nestParams(url.searchParams);
    const app = this.ctx.state.apps.get(stringField(params, 'client_id') ?? '');
    if (!app) return sendErrorPage(res, CONNECT_ERRORS.client);
    const redirectUri = stringField(params, 'redirect_uri');
    if (!redirectUri || !isHttpUrl(redirectUri) || !sameOrigin(redirectUri, app.redirectUri)) {
      return sendErrorPage(res, CONNECT_ERRORS.redirect, 'The Partner API needs a redirect URI registered for the app; redirect_uri must match its scheme, host and port.');
    }
    if (stringField(params, 'scope') !== 'manage_merchant') return sendErrorPage(res, 'scope must be manage_merchant');
    if (stringField(params, 'response_type') !== 'code') return sendErrorPage(res, 'response_type must be code');
    const m = objectField(params, 'merchant');
    const type = stringField(m, 'merchant_type');
    if (type !== undefined && !(MERCHANT_TYPES as readonly string[]).includes(type)) {
      return sendErrorPage(res, `merchant[merchant_type] must be one of ${MERCHANT_TYPES.join(', ')}`, 'The Partner guide: "The variable merchant[\'merchant_type\'] can be set to one of the following values: \'business\' | \'charity\' | \'individual\'".');
    }
    const u = objectField(m, 'user');
    const prefill: Record<string, string> = {};
    for (const k of ['name', 'phone_number', 'description', 'merchant_type', 'company_name', 'company_registration', 'bank_reference']) {
      const v = stringField(m, k);
      if (v !== undefined) prefill[k] = v;
    }
    for (const k of ['email', 'first_name', 'last_name']) {
      const v = stringField(u, k);
      if (v !== undefined) prefill[k] = v;
    }
    const token = this.sessions.create({ appId: app.id, redirectUri, state: stringField(params, 'state') ?? null, prefill }, this.ctx.realNow());
    this.renderPage(res, 200, token, prefill, null);
  }

  private renderPage(res: ServerResponse, status: number, token: string, prefill: Record<string, string>, error: string | null): void {
    const merchants = [...this.ctx.state.merchants.values()];
    const field = (name: string, label: string): string =>
      `<div><label for="${name}">${escapeHtml(label)}</label><input id="${name}" name="${name}" value="${escapeHtml(prefill[name] ?? '')}"></div>`;
    // Every merchant[…] value the app sent, as text (the page shows what it was asked to prefill).
    const given = PREFILL_LABELS.filter(([k]) => prefill[k] !== undefined);
    const asked = given.length
      ? `<h2>Details from the app</h2><dl class="prefill">${given.map(([k, label]) => `<dt>${escapeHtml(label)}</dt><dd data-field="${k}">${escapeHtml(prefill[k]!)}</dd>`).join('')}</dl>`
      : '';
    const typeChoice = `<div><label for="merchant_type">Merchant type</label><select id="merchant_type" name="merchant_type">${MERCHANT_TYPES.map((t) => `<option value="${t}"${prefill['merchant_type'] === t ? ' selected' : ''}>${t}</option>`).join('')}</select></div>`;
    const body = `<h1>Link a merchant account</h1><p class="muted">An app is asking to manage a merchant account (scope <code>manage_merchant</code>).</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
${asked}
<form method="post" action="/oauth/authorize"><input type="hidden" name="token" value="${escapeHtml(token)}">
<h2>Use an existing merchant</h2>
${merchants.map((m, i) => `<label><input type="radio" name="merchant" value="${escapeHtml(m.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(m.name)} <span class="muted">(${escapeHtml(m.id)})</span></label>`).join('')}
<h2>…or create one</h2>
<label><input type="radio" name="merchant" value="new"${merchants.length === 0 ? ' checked' : ''}> Create a new merchant</label>
${field('name', 'Merchant name')}<div class="row">${field('first_name', 'First name')}${field('last_name', 'Last name')}</div>
${field('email', 'Email')}${field('phone_number', 'Phone number')}${field('description', 'Description')}
${typeChoice}${field('company_name', 'Company name')}<div class="row">${field('company_registration', 'Company registration')}${field('bank_reference', 'Bank reference')}</div>
<div class="actions"><button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button class="secondary" type="submit" name="decision" value="deny">Deny</button></div></form>`;
    sendHtml(res, status, 'Authorize app', body, { error: error ?? undefined });
  }

  private async approve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req, 64 * 1024)));
    const now = this.ctx.realNow();
    const r = this.sessions.get(form['token'], now);
    if (!r) return sendErrorPage(res, 'This authorization page has expired or was already used', 'Start again from /oauth/authorize.');
    const target = new URL(r.redirectUri);
    if (form['decision'] === 'deny') {
      this.sessions.delete(form['token']!);
      target.searchParams.set('error', 'access_denied');
      if (r.state !== null) target.searchParams.set('state', r.state);
      sendRedirect(res, target.toString());
      return;
    }
    let merchant: MerchantRecord | undefined;
    if (form['merchant'] === 'new') {
      const name = form['name']?.trim();
      const email = form['email']?.trim();
      if (!name || !email) return this.renderPage(res, 422, form['token']!, { ...r.prefill, ...form }, 'A new merchant needs a name and an email.');
      merchant = {
        id: resourceId(), appId: r.appId, accessToken: secretToken(), createdMs: Math.floor(this.ctx.lifecycle.nowMs() / 1000) * 1000,
        name, description: form['description']?.trim() || null, firstName: form['first_name']?.trim() ?? '', lastName: form['last_name']?.trim() ?? '',
        email, webhookUrl: null, hideVariableAmount: false, refundsEnabled: false, internationalPayments: false,
      };
      this.ctx.state.addMerchant(merchant);
      this.ctx.changed();
    } else {
      merchant = this.ctx.state.merchants.get(form['merchant'] ?? '');
      if (!merchant) return this.renderPage(res, 422, form['token']!, r.prefill, 'Choose a merchant.');
    }
    this.sessions.delete(form['token']!);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { appId: r.appId, merchantId: merchant.id, redirectUri: r.redirectUri, expiresMs: now + CODE_TTL_MS });
    target.searchParams.set('code', code);
    if (r.state !== null) target.searchParams.set('state', r.state);
    sendRedirect(res, target.toString(), { 'cache-control': 'no-store' });
  }

  /** Errors follow OAuth 2.0 (RFC 6749 §5.2), which the partner guide's flow is modelled on. */
  private async accessToken(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = { ...Object.fromEntries(url.searchParams), ...parseBody(req.headers['content-type'] ?? 'application/x-www-form-urlencoded', await readBody(req, 64 * 1024)) };
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const fail = (status: number, error: string, description: string): void =>
      sendJson(res, status, { error, error_description: description }, { 'cache-control': 'no-store' }, description);
    // The guide: "authenticated by passing the app identifier and app secret via HTTP Basic Authorization". The
    // official Ruby client (through the oauth2 gem 1.x) sends them as client_id and client_secret in the form body
    // instead, as OAuth 2.0 allows (RFC 6749 §2.3.1), and GoCardless accepted that: so does the sandbox, when no
    // Basic header is sent.
    const bodySecret = str('client_secret');
    const creds = basicAuth(req.headers.authorization) ?? (bodySecret !== undefined ? { user: str('client_id') ?? '', pass: bodySecret } : undefined);
    const app = creds ? this.ctx.state.apps.get(creds.user) : undefined;
    if (!creds || !app || !secretsEqual(app.secret, creds.pass)) {
      return fail(401, 'invalid_client', 'Authenticate with HTTP Basic: your app ID as the user name and the app secret as the password (or client_id and client_secret in the body).');
    }
    // The Partner guide lists client_id among the request's parameters, besides the Basic authentication.
    if (str('client_id') === undefined) return fail(400, 'invalid_request', 'client_id is required: send your app identifier as a parameter too (the Partner guide lists client_id, code, redirect_uri and grant_type).');
    if (str('client_id') !== app.id) return fail(401, 'invalid_client', 'client_id does not match the Basic authentication user.');
    if (str('grant_type') !== 'authorization_code') return fail(400, 'unsupported_grant_type', 'grant_type must be authorization_code.');
    const code = str('code');
    const issued = code === undefined ? undefined : this.codes.get(code);
    if (code !== undefined) this.codes.delete(code); // single use, even when the rest is wrong
    if (!issued || issued.appId !== app.id || issued.expiresMs <= this.ctx.realNow()) {
      return fail(400, 'invalid_grant', 'The authorization code is unknown, expired or already used; send the user through /oauth/authorize again.');
    }
    if (str('redirect_uri') !== issued.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri must match the one given to /oauth/authorize exactly.');
    const merchant = this.ctx.state.merchants.get(issued.merchantId);
    if (!merchant) return fail(400, 'invalid_grant', 'The merchant no longer exists.');
    sendJson(res, 200, { access_token: merchant.accessToken, token_type: 'bearer', scope: `manage_merchant:${merchant.id}` }, { 'cache-control': 'no-store' });
  }
}
