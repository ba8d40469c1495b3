import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, type AdminActions } from './adminApi';
import { ConnectFlow } from './connectFlow';
import { escapeHtml } from '../http/escapeHtml';
import { sendHtml } from './htmlPage';
import { OAuthFlow } from './oauthFlow';
import { handleApi } from './restApi';
import type { SandboxContext } from './SandboxContext';
import { SandboxHttpError } from './SandboxHttpError';

/** Which part of the sandbox answers a path: the REST API, the Connect pages, OAuth, /admin, or the index page. */
export function sandboxRouter(ctx: SandboxContext, actions: AdminActions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const connect = new ConnectFlow(ctx);
  const oauth = new OAuthFlow(ctx);
  const { baseUrl } = ctx;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const p = url.pathname;
    if (p === '/api/v1' || p.startsWith('/api/v1/')) return handleApi(ctx, req, res, url);
    if (p.startsWith('/connect/')) {
      if (await connect.handle(req, res, url)) return;
    } else if (p.startsWith('/oauth/')) {
      if (await oauth.handle(req, res, url)) return;
    } else if (p === '/admin' && req.method === 'GET') {
      return sendHtml(res, 200, 'Sandbox admin', adminIndex());
    } else if (p.startsWith('/admin/')) {
      return handleAdmin(ctx, actions, req, res, url);
    } else if (p === '/' && req.method === 'GET') {
      return sendHtml(res, 200, 'GoCardless local sandbox', `<h1>GoCardless local sandbox</h1><p>Point your Basic API client at <code>${escapeHtml(baseUrl)}</code>.</p>${adminIndex()}`);
    }
    throw new SandboxHttpError(404, `No such endpoint: ${req.method ?? 'GET'} ${p}.`);
  };
}

function adminIndex(): string {
  const rows: Array<[string, string]> = [
    ['GET /admin/clock', 'the sandbox time and its offset from the real clock'],
    ['POST /admin/clock', '{"days": 3} | {"hours": n} | {"ms": n} | {"to": "ISO"}: advance the clock, run what falls due'],
    ['POST /admin/bills/{id}/outcome', '{"outcome": "paid|failed|chargedback|refunded|cancelled|retried|withdrawn"} now, or {"outcome": "failed", "when": "settle"}'],
    ['PUT /admin/webhook-url', '{"url": "http://…" | null, "merchant_id"?: "…"}'],
    ['PUT /admin/redirect-uris', '{"redirect_uri"?: "…", "cancel_uri"?: "…"}'],
    ['GET /admin/merchants', 'every merchant with its settings (refunds_enabled, international_payments)'],
    ['GET|PUT /admin/merchants/{id}/settings', '{"refunds_enabled"?: true|false, "international_payments"?: true|false, "hide_variable_amount"?: true|false}'],
    ['GET /admin/webhooks', 'the webhook delivery log'],
    ['POST /admin/reset', 'regenerate the seeded data'],
  ];
  return `<h2>Admin endpoints</h2><dl>${rows.map(([k, v]) => `<dt><code>${escapeHtml(k)}</code></dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}
