import type { IncomingMessage, ServerResponse } from 'node:http';
import { clockReportChanged } from './ClockReport';
import { refuseBrowserApiRequest } from './foreignRequests';
import { basicAuth, parseBody, readBody, sendJson } from './httpIO';
import { billPredicate, mandatePredicate, parseListQuery, type ListQuery } from './ListQuery';
import { isListableResource } from '../api/resourceTypes';
import type { MoneyLifecycle } from './MoneyLifecycle';
import { parseAmount } from './money';
import { listRecords } from './paginate';
import type { BillRecord, MerchantRecord } from './records';
import { firstIndexAfter, firstIndexAtOrAfter } from './SandboxState';
import {
  renderBill, renderMerchant, renderPayout, renderPreAuthorization, renderSubscription, renderUser,
} from './renderResources';
import type { SandboxContext } from './SandboxContext';
import { SandboxHttpError } from './SandboxHttpError';
import { secretsEqual } from './secretsEqual';
import { isoDate } from './time';
import { dateFormatMessage, parseApiDate } from '../validation/parseApiDate';

/**
 * /api/v1: the Basic API's REST endpoints ("Using the REST API" and each
 * resource's section). Responses are JSON; a `.json` suffix or an Accept header
 * naming JSON (or any type) is required, as the spec asks (406 otherwise).
 */
export async function handleApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  refuseBrowserApiRequest(req, ctx.baseUrl);
  const parts = resourcePath(req, url);
  const method = req.method ?? 'GET';

  if (parts[0] === 'confirm' && parts.length === 1) {
    requireMethod(method, 'POST', '/api/v1/confirm');
    return confirm(ctx, req, res);
  }

  const merchant = authenticate(ctx, req);
  if (clockReportChanged(ctx.lifecycle.runDue())) ctx.changed();
  const [collection, id, action, extra] = parts;

  if (collection === 'merchants' && id !== undefined) return merchantEndpoint({ ctx, res, url, method, merchant, id, action }, extra);

  if (collection === 'bills' && id === undefined) {
    requireMethod(method, 'POST', '/api/v1/bills');
    return createBill(ctx, req, res, merchant);
  }

  if (id === undefined || extra !== undefined) throw notFound(url);
  const request: ResourceRequest = { ctx, res, url, method, merchant, id, action };
  switch (collection) {
    case 'bills':
      return billEndpoint(request);
    case 'subscriptions':
    case 'pre_authorizations':
      return mandateEndpoint(request, collection === 'subscriptions');
    case 'payouts': {
      if (action !== undefined) throw notFound(url);
      requireMethod(method, 'GET', url.pathname);
      return sendJson(res, 200, renderPayout(owned(request, ctx.state.payouts.get(id), 'Payout')));
    }
    // No 'users' case: the spec documents no GET /users/:id (users are only
    // listed under a merchant), and code that fetched one here would work
    // against the sandbox and then fail against GoCardless.
    default:
      throw notFound(url);
  }
}

/** One authenticated request for /api/v1/<collection>/<id>[/<action>]. */
interface ResourceRequest {
  readonly ctx: SandboxContext;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  /** The merchant whose access token came with the request. */
  readonly merchant: MerchantRecord;
  readonly id: string;
  readonly action: string | undefined;
}

/**
 * The path below /api/v1 split at its slashes, once the format is settled:
 * JSON only, asked for with a `.json` suffix or an Accept header.
 */
function resourcePath(req: IncomingMessage, url: URL): string[] {
  let path = url.pathname.slice('/api/v1'.length);
  if (path.endsWith('.xml')) throw new SandboxHttpError(406, 'The sandbox speaks JSON only: drop the .xml suffix and send Accept: application/json.');
  const suffixed = path.endsWith('.json');
  if (suffixed) path = path.slice(0, -'.json'.length);
  if (!suffixed && !acceptsJson(req.headers.accept)) {
    throw new SandboxHttpError(406, 'Send an Accept: application/json header or append .json to the URL ("Authentication" in the API reference).');
  }
  return path.split('/').filter(Boolean);
}

/** GET /merchants/:id, and its collections (/merchants/:id/bills…): only the token's own merchant. */
function merchantEndpoint(r: ResourceRequest, extra: string | undefined): void {
  const target = ownMerchant(r.ctx, r.merchant, r.id);
  if (extra !== undefined) throw notFound(r.url);
  requireMethod(r.method, 'GET', r.url.pathname);
  if (r.action === undefined) return sendJson(r.res, 200, renderMerchant(target, r.ctx.state, r.ctx.baseUrl));
  return list(r.ctx, r.res, r.url, target, r.action);
}

/** The merchant named in the path, when it is the token's own (404, 403 otherwise). */
function ownMerchant(ctx: SandboxContext, merchant: MerchantRecord, id: string): MerchantRecord {
  const target = ctx.state.merchants.get(id);
  if (!target) throw new SandboxHttpError(404, `Merchant ${id} not found.`);
  if (target.id !== merchant.id) throw new SandboxHttpError(403, `This access token belongs to merchant ${merchant.id}; it cannot read merchant ${id}. Use that merchant's own token.`);
  return target;
}

/** The record, when it exists and belongs to the token's merchant (404, 403 otherwise). */
function owned<T extends { merchantId: string }>(r: ResourceRequest, record: T | undefined, label: string): T {
  if (!record) throw new SandboxHttpError(404, `${label} ${r.id} not found.`);
  if (record.merchantId !== r.merchant.id) throw new SandboxHttpError(403, `${label} ${r.id} belongs to another merchant; use that merchant's access token.`);
  return record;
}

/** The bill actions the spec documents: the method each takes, its state change, and the status it answers. */
const BILL_ACTIONS = new Map<string, { method: string; status: number; apply: (lifecycle: MoneyLifecycle, bill: BillRecord) => void }>([
  ['retry', { method: 'POST', status: 201, apply: (l, b) => l.retryBill(b) }],
  ['cancel', { method: 'PUT', status: 200, apply: (l, b) => l.cancelBill(b) }],
  ['refund', { method: 'POST', status: 201, apply: (l, b) => l.refundBill(b) }],
]);

/** GET /bills/:id, POST /bills/:id/retry, PUT /bills/:id/cancel, POST /bills/:id/refund. */
function billEndpoint(r: ResourceRequest): void {
  const { ctx, res, url, method, merchant, action } = r;
  const bill = ctx.state.bills.get(r.id);
  const b = owned(r, bill && !bill.inactive ? bill : undefined, 'Bill');
  if (action === undefined) {
    requireMethod(method, 'GET', url.pathname);
    return sendJson(res, 200, renderBill(b, ctx.baseUrl, ctx.lifecycle.nowMs(), merchant.refundsEnabled));
  }
  const change = BILL_ACTIONS.get(action);
  if (!change) throw notFound(url);
  requireMethod(method, change.method, url.pathname);
  change.apply(ctx.lifecycle, b);
  ctx.changed();
  return sendJson(res, change.status, renderBill(b, ctx.baseUrl, ctx.lifecycle.nowMs(), merchant.refundsEnabled));
}

/** GET and PUT …/cancel for /subscriptions/:id and /pre_authorizations/:id. */
function mandateEndpoint(r: ResourceRequest, isSub: boolean): void {
  const { ctx, res, url, method, action } = r;
  const s = ctx.state;
  const m = owned(r, isSub ? s.subscriptions.get(r.id) : s.preAuthorizations.get(r.id), isSub ? 'Subscription' : 'Pre-authorization');
  const render = (): unknown => (isSub ? renderSubscription(m as never, ctx.baseUrl) : renderPreAuthorization(m as never, ctx.baseUrl));
  if (action === undefined) {
    requireMethod(method, 'GET', url.pathname);
    return sendJson(res, 200, render());
  }
  if (action === 'cancel') {
    requireMethod(method, 'PUT', url.pathname);
    ctx.lifecycle.cancelMandate(isSub ? 'subscription' : 'pre_authorization', m);
    ctx.changed();
    return sendJson(res, 200, render());
  }
  throw notFound(url);
}

function list(ctx: SandboxContext, res: ServerResponse, url: URL, merchant: MerchantRecord, kind: string): void {
  const s = ctx.state;
  const index = s.merchantIndex(merchant.id);
  const requestUrl = new URL(url.pathname + url.search, ctx.baseUrl);
  const now = ctx.lifecycle.nowMs();
  if (!isListableResource(kind)) throw notFound(url);
  switch (kind) {
    case 'bills': {
      const q = parseListQuery('bills', url.searchParams);
      const predicate = billPredicate(q);
      let r;
      if (!predicate) {
        r = listRecords(index.bills, q, undefined, requestUrl);
      } else {
        const matches = matchingBills(ctx, merchant, q, predicate);
        r = listRecords(matches, { ...q, beforeMs: undefined, afterMs: undefined }, undefined, requestUrl);
      }
      return sendJson(res, 200, r.items.map((b) => renderBill(b, ctx.baseUrl, now, merchant.refundsEnabled)), r.headers);
    }
    case 'subscriptions': {
      const q = parseListQuery('subscriptions', url.searchParams);
      const r = listRecords(index.subscriptions, q, mandatePredicate(q), requestUrl);
      return sendJson(res, 200, r.items.map((x) => renderSubscription(x, ctx.baseUrl)), r.headers);
    }
    case 'pre_authorizations': {
      const q = parseListQuery('pre_authorizations', url.searchParams);
      const r = listRecords(index.preAuthorizations, q, mandatePredicate(q), requestUrl);
      return sendJson(res, 200, r.items.map((x) => renderPreAuthorization(x, ctx.baseUrl)), r.headers);
    }
    case 'users': {
      const q = parseListQuery('users', url.searchParams);
      const r = listRecords(index.users, q, undefined, requestUrl);
      return sendJson(res, 200, r.items.map(renderUser), r.headers);
    }
    case 'payouts': {
      const q = parseListQuery('payouts', url.searchParams);
      const r = listRecords(index.payouts, q, undefined, requestUrl);
      return sendJson(res, 200, r.items.map(renderPayout), r.headers);
    }
    default:
      // A path added to RESOURCE_TYPES without its list here does not compile.
      return kind satisfies never;
  }
}

const QUERY_CACHE_SIZE = 32;

/**
 * The merchant's bills matching the filters, in created_at order. Starts from
 * the smallest index the filters allow (source, user), narrows by before/after
 * with binary searches, and keeps the result until any bill changes, so paging
 * through a filtered list scans once.
 */
function matchingBills(ctx: SandboxContext, merchant: MerchantRecord, q: ListQuery, predicate: (b: BillRecord) => boolean): BillRecord[] {
  const s = ctx.state;
  const key = JSON.stringify([merchant.id, [...q.filters]]);
  const cached = s.billQueryCache.get(key);
  if (cached && cached.version === s.billsVersion) return cached.bills;
  let candidates = s.merchantIndex(merchant.id).bills;
  const bySource = q.filters.get('source_id') ?? q.filters.get('subscription_id') ?? q.filters.get('pre_authorization_id');
  const sourceList = bySource === undefined ? undefined : s.billsBySource.get(bySource);
  if (sourceList) candidates = sourceList;
  const user = q.filters.get('user_id');
  const userList = user === undefined ? undefined : s.billsByUser.get(user) ?? [];
  if (userList && userList.length < candidates.length) candidates = userList;
  const from = q.afterMs === undefined ? 0 : firstIndexAfter(candidates, q.afterMs);
  const to = q.beforeMs === undefined ? candidates.length : firstIndexAtOrAfter(candidates, q.beforeMs);
  const bills: BillRecord[] = [];
  for (let i = from; i < to; i++) {
    const b = candidates[i]!;
    if (b.merchantId === merchant.id && predicate(b)) bills.push(b);
  }
  if (s.billQueryCache.size >= QUERY_CACHE_SIZE) s.billQueryCache.delete(s.billQueryCache.keys().next().value!);
  s.billQueryCache.set(key, { version: s.billsVersion, bills });
  return bills;
}

/**
 * POST /api/v1/bills, "Create a bill under a pre-auth": the body is
 * `{"bill": {...}}`, as the spec's example posts it and the official clients
 * send it. Fields at the top level are refused (400) with the right shape, so
 * code that would fail against GoCardless fails here first.
 */
async function createBill(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, merchant: MerchantRecord): Promise<void> {
  const body = parseBody(req.headers['content-type'], await readBody(req));
  const nested = body['bill'];
  if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) {
    const stray = Object.keys(body).filter((k) => k !== 'bill');
    const given = stray.length ? ` (got ${stray.map((k) => JSON.stringify(k)).join(', ')} at the top level)` : '';
    throw new SandboxHttpError(400, `Send the bill's fields inside a "bill" object: {"bill": {"amount": "10.00", "pre_authorization_id": "…"}}${given}.`);
  }
  const fields = nested as Record<string, unknown>;
  const preId = fields['pre_authorization_id'];
  if (typeof preId !== 'string' || preId === '') throw new SandboxHttpError(422, 'pre_authorization_id is required: bills can only be created through the API under a pre-authorization.');
  const amount = parseAmount(fields['amount']);
  if (fields['amount'] === undefined) throw new SandboxHttpError(422, 'amount is required (a decimal string such as "10.00").');
  if (amount === undefined || amount <= 0) throw new SandboxHttpError(422, `amount must be a positive amount with at most 2 decimals, such as "10.00" (got ${JSON.stringify(fields['amount'])}).`);
  const name = optionalString(fields, 'name');
  const description = optionalString(fields, 'description');
  const chargeGiven = optionalString(fields, 'charge_customer_at');
  let charge: string | null = null;
  if (chargeGiven !== null) {
    // A date; a date-time is read as the calendar date written in it (Ruby's client sends "2030-01-31T00:00:00+00:00").
    const parsed = parseApiDate(chargeGiven);
    if (parsed === undefined) throw new SandboxHttpError(422, `${dateFormatMessage('charge_customer_at', chargeGiven)}; it is a date, YYYY-MM-DD.`);
    charge = parsed.date;
    const today = isoDate(ctx.lifecycle.nowMs());
    if (charge < today) throw new SandboxHttpError(422, `charge_customer_at ${charge} is in the past (today is ${today} on the sandbox clock).`);
  }
  const pre = ctx.state.preAuthorizations.get(preId);
  if (!pre) throw new SandboxHttpError(404, `Pre-authorization ${preId} not found.`);
  if (pre.merchantId !== merchant.id) throw new SandboxHttpError(403, `Pre-authorization ${preId} belongs to another merchant.`);
  const bill = ctx.lifecycle.createPreAuthorizationBill(pre, amount, { name, description, chargeCustomerAt: charge });
  ctx.changed();
  const json = renderBill(bill, ctx.baseUrl, ctx.lifecycle.nowMs(), merchant.refundsEnabled);
  sendJson(res, 201, json, { location: json.uri });
}

/** POST /api/v1/confirm with Basic app_id:app_secret ("Confirming payments"). */
async function confirm(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const creds = basicAuth(req.headers.authorization);
  const app = creds ? ctx.state.apps.get(creds.user) : undefined;
  if (!creds || !app || !secretsEqual(app.secret, creds.pass)) {
    throw new SandboxHttpError(401, 'Confirm with HTTP Basic authentication: your app ID as the user name and your app secret as the password.', { 'www-authenticate': 'Basic realm="GoCardless sandbox"' });
  }
  const body = parseBody(req.headers['content-type'], await readBody(req));
  const id = body['resource_id'];
  const type = body['resource_type'];
  if (typeof id !== 'string' || typeof type !== 'string') throw new SandboxHttpError(400, 'resource_id and resource_type are required (the values from the redirect).');
  ctx.lifecycle.runDue();
  ctx.lifecycle.confirm(app, type, id);
  ctx.changed();
  sendJson(res, 200, { success: true });
}

function authenticate(ctx: SandboxContext, req: IncomingMessage): MerchantRecord {
  const header = req.headers.authorization;
  const m = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const challenge = { 'www-authenticate': 'Bearer realm="GoCardless sandbox"' };
  if (!m) throw new SandboxHttpError(401, 'Missing access token: send "Authorization: bearer <merchant access token>".', challenge);
  const merchant = ctx.state.merchantsByToken.get(m[1]!);
  if (!merchant) throw new SandboxHttpError(401, 'The access token is not valid for this sandbox. Check it was copied whole, and that it is a sandbox (not live) token.', challenge);
  return merchant;
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === 'application/json' || type === '*/*' || type === 'application/*';
  });
}

function requireMethod(method: string, allowed: string, path: string): void {
  if (method !== allowed) throw new SandboxHttpError(405, `${method} is not allowed here: use ${allowed} ${path}.`, { allow: allowed });
}

function notFound(url: URL): SandboxHttpError {
  return new SandboxHttpError(404, `No such endpoint: ${url.pathname}. See the Resources section of the API reference.`);
}

function optionalString(fields: Record<string, unknown>, key: string): string | null {
  const v = fields[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new SandboxHttpError(422, `${key} must be a string.`);
  return v;
}
