import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readBody, sendJson } from './httpIO';
import { renderBill } from './renderResources';
import { merchantSettings, type MerchantRecord } from './records';
import { refuseForeignHostOrOrigin } from './foreignRequests';
import type { SandboxContext } from './SandboxContext';
import { SandboxHttpError } from './SandboxHttpError';
import { BILL_OUTCOMES, type BillOutcome } from './SandboxOptions';
import { DAY_MS, HOUR_MS, parseDateTime } from './time';
import { isHttpUrl } from './uriMatch';

export interface AdminActions {
  reset(): Promise<void>;
  setWebhookUrl(url: string | null, merchantId?: string): void;
  setRedirectUris(uris: { redirectUri?: string; cancelUri?: string }): void;
}

/**
 * /admin: drives the sandbox from tools and other processes. No token, so it
 * guards against other sites instead: the Host header must name this server
 * (DNS rebinding), an Origin header must be this server's, and bodies must be
 * JSON (a cross-site form cannot send that without a preflight).
 */
export async function handleAdmin(ctx: SandboxContext, actions: AdminActions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  refuseForeignHostOrOrigin(req, ctx.baseUrl, 'Admin endpoints', true);
  const method = req.method ?? 'GET';
  let body: Record<string, unknown> = {};
  if (method !== 'GET') {
    const text = await readBody(req, 64 * 1024);
    if (text.trim() && !(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new SandboxHttpError(415, 'Admin requests take a JSON body (Content-Type: application/json).');
    }
    body = parseBody('application/json', text);
  }
  const parts = url.pathname.split('/').filter(Boolean).slice(1);
  const route = `${method} /${parts.map((p, i) => (i === 1 && (parts[0] === 'bills' || parts[0] === 'merchants') ? ':id' : p)).join('/')}`;
  const lc = ctx.lifecycle;
  switch (route) {
    case 'GET /clock':
      lc.runDue();
      return sendJson(res, 200, { now: new Date(lc.nowMs()).toISOString(), offset_ms: lc.clockOffsetMs });
    case 'POST /clock': {
      lc.runDue();
      const ms = clockAdvance(body, lc.nowMs());
      const report = lc.advance(ms);
      ctx.changed();
      return sendJson(res, 200, report);
    }
    case 'POST /bills/:id/outcome': {
      lc.runDue();
      const bill = ctx.state.bills.get(parts[1]!);
      if (!bill) throw new SandboxHttpError(404, `Bill ${parts[1]} not found.`);
      const outcome = body['outcome'];
      if (typeof outcome !== 'string' || !(BILL_OUTCOMES as readonly string[]).includes(outcome)) {
        throw new SandboxHttpError(400, `outcome must be one of ${BILL_OUTCOMES.join(', ')}.`);
      }
      if (body['when'] === 'settle') {
        if (outcome !== 'paid' && outcome !== 'failed') throw new SandboxHttpError(400, 'when=settle takes outcome paid or failed.');
        lc.scriptSettleOutcome(bill, outcome);
      } else {
        lc.triggerOutcome(bill, outcome as BillOutcome);
      }
      ctx.changed();
      return sendJson(res, 200, renderBill(bill, ctx.baseUrl, lc.nowMs(), ctx.state.merchants.get(bill.merchantId)?.refundsEnabled ?? false));
    }
    case 'PUT /webhook-url': {
      const target = body['url'];
      if (target !== null && (typeof target !== 'string' || !isHttpUrl(target))) throw new SandboxHttpError(400, 'url must be an http(s) URL or null.');
      const merchantId = typeof body['merchant_id'] === 'string' ? body['merchant_id'] : undefined;
      if (merchantId !== undefined && !ctx.state.merchants.has(merchantId)) throw new SandboxHttpError(404, `Merchant ${merchantId} not found.`);
      actions.setWebhookUrl(target, merchantId);
      return sendJson(res, 200, { success: true });
    }
    case 'PUT /redirect-uris': {
      const uris: { redirectUri?: string; cancelUri?: string } = {};
      for (const [key, prop] of [['redirect_uri', 'redirectUri'], ['cancel_uri', 'cancelUri']] as const) {
        const v = body[key];
        if (v === undefined) continue;
        if (typeof v !== 'string' || !isHttpUrl(v)) throw new SandboxHttpError(400, `${key} must be an http(s) URL.`);
        uris[prop] = v;
      }
      actions.setRedirectUris(uris);
      return sendJson(res, 200, { success: true });
    }
    case 'GET /merchants':
      return sendJson(res, 200, [...ctx.state.merchants.values()].map(merchantSummary));
    case 'GET /merchants/:id/settings':
      return sendJson(res, 200, merchantSettings(adminMerchant(ctx, parts[1]!)));
    case 'PUT /merchants/:id/settings': {
      const merchant = adminMerchant(ctx, parts[1]!);
      applySettings(merchant, body);
      ctx.changed();
      return sendJson(res, 200, merchantSettings(merchant));
    }
    case 'GET /webhooks':
      return sendJson(res, 200, ctx.webhooks.deliveries());
    case 'POST /reset':
      await actions.reset();
      return sendJson(res, 200, { success: true });
    default:
      throw new SandboxHttpError(404, `No admin endpoint ${method} ${url.pathname}. See GET /admin for the list.`);
  }
}

/** `{"ms": n}`, `{"hours": n}`, `{"days": n}` or `{"to": "2026-01-01T00:00:00Z"}`. */
function clockAdvance(body: Record<string, unknown>, nowMs: number): number {
  const num = (k: string, unit: number): number | undefined => (typeof body[k] === 'number' ? (body[k] as number) * unit : undefined);
  const to = typeof body['to'] === 'string' ? parseDateTime(body['to']) : undefined;
  if (typeof body['to'] === 'string' && to === undefined) throw new SandboxHttpError(400, 'to must be an ISO 8601 date-time.');
  const ms = num('ms', 1) ?? num('hours', HOUR_MS) ?? num('days', DAY_MS) ?? (to !== undefined ? to - nowMs : undefined);
  if (ms === undefined) throw new SandboxHttpError(400, 'Give how far to move the clock: {"ms": n}, {"hours": n}, {"days": n} or {"to": "<ISO date-time>"}.');
  if (!Number.isFinite(ms) || ms < 0) throw new SandboxHttpError(400, 'The sandbox clock only moves forward.');
  return ms;
}

function adminMerchant(ctx: SandboxContext, id: string): MerchantRecord {
  const merchant = ctx.state.merchants.get(id);
  if (!merchant) throw new SandboxHttpError(404, `Merchant ${id} not found (GET /admin/merchants lists them).`);
  return merchant;
}

/** What GET /admin/merchants shows of each merchant: never its access token. */
export function merchantSummary(m: MerchantRecord): { id: string; name: string } & ReturnType<typeof merchantSettings> {
  return { id: m.id, name: m.name, ...merchantSettings(m) };
}

const SETTING_KEYS = { refunds_enabled: 'refundsEnabled', international_payments: 'internationalPayments', hide_variable_amount: 'hideVariableAmount' } as const;

/** `{"refunds_enabled"?: boolean, "international_payments"?: boolean}`; anything else is refused whole, before any change. */
export function applySettings(merchant: MerchantRecord, body: Record<string, unknown>): void {
  const changes: Array<[(typeof SETTING_KEYS)[keyof typeof SETTING_KEYS], boolean]> = [];
  for (const [key, value] of Object.entries(body)) {
    if (!(key in SETTING_KEYS)) throw new SandboxHttpError(400, `Unknown setting "${key}": give refunds_enabled, international_payments or hide_variable_amount.`);
    if (typeof value !== 'boolean') throw new SandboxHttpError(400, `${key} must be true or false (got ${JSON.stringify(value)}).`);
    changes.push([SETTING_KEYS[key as keyof typeof SETTING_KEYS], value]);
  }
  if (changes.length === 0) throw new SandboxHttpError(400, 'Give at least one setting: {"refunds_enabled": true} and/or {"international_payments": true}.');
  for (const [prop, value] of changes) merchant[prop] = value;
}
