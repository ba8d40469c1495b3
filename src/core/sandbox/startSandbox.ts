import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_OBJECTS_KEY, type Bill, type WebhookResourceType } from '../api/models';
import type { SignableParams } from '../signing';
import { applySettings, handleAdmin, merchantSummary, type AdminActions } from './adminApi';
import { clockReportChanged } from './ClockReport';
import { ConnectFlow } from './connectFlow';
import { escapeHtml, sendHtml } from './htmlPage';
import { sendError } from './httpIO';
import { MoneyLifecycle, type WebhookEvent } from './MoneyLifecycle';
import { NonceStore } from './NonceStore';
import { OAuthFlow } from './oauthFlow';
import { loadSnapshot, saveSnapshot } from './persistence';
import { RequestRecorder } from './RequestRecorder';
import { renderBill, renderBillWebhookObject, renderMandateWebhookObject } from './renderResources';
import { handleApi } from './restApi';
import type { SandboxContext } from './SandboxContext';
import { merchantSettings } from './records';
import { SandboxHttpError } from './SandboxHttpError';
import type { RunningSandbox, SandboxOptions } from './SandboxOptions';
import { SandboxState } from './SandboxState';
import { resolveScale, seedState, seededCredentials } from './seedData';
import { HOUR_MS } from './time';
import { WebhookSender } from './WebhookSender';

const PERSIST_DEBOUNCE_MS = 500;
/** Things fall due as real time passes too; check every so often even without requests. */
const TICK_MS = 15_000;

/** Starts the local GoCardless sandbox: a real HTTP server on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const realNow = (): number => (options.now ? options.now() : new Date()).getTime();
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const credentials = seededCredentials(seed, options.credentials);
  const unconfirmedTtlMs = options.unconfirmedTtlMs ?? 3 * HOUR_MS;
  const log = options.log ?? ((): void => undefined);

  const seedFresh = (offsetMs: number): SandboxState => seedState({
    seed, scale: resolveScale(options.scale), nowMs: realNow() + offsetMs, credentials,
    webhookUrl: options.webhookUrl ?? null, redirectUri: options.redirectUri ?? null, cancelUri: options.cancelUri ?? null,
    refundsEnabled: options.refundsEnabled,
  });
  const saved = options.dataDir ? await loadSnapshot(options.dataDir) : undefined;
  const initialState = saved ? SandboxState.fromSnapshot(saved) : seedFresh(0);
  const savedDefault = saved ? initialState.merchants.get(credentials.merchant_id) : undefined;
  if (savedDefault && options.refundsEnabled !== undefined) savedDefault.refundsEnabled = options.refundsEnabled;

  const webhooks = new WebhookSender({
    timeoutMs: options.webhookTimeoutMs ?? 5000, retryScale: options.webhookRetryScale ?? 1, realNow,
  });
  // emit and renderObject run only after `ctx` below exists (the first request or clock tick).
  const emit = (events: WebhookEvent[]): void => {
    for (const e of events) {
      const merchant = ctx.state.merchants.get(e.merchantId);
      const app = merchant ? ctx.state.apps.get(merchant.appId) : undefined;
      if (!merchant || !app) continue;
      webhooks.send({ merchantId: merchant.id, url: merchant.webhookUrl, secret: app.secret, resourceType: e.resourceType, action: e.action, objects: e.objects });
    }
  };
  const renderObject = (resourceType: WebhookResourceType, id: string): SignableParams | undefined => {
    if (resourceType === 'bill') {
      const b = ctx.state.bills.get(id);
      return b && renderBillWebhookObject(b, ctx.baseUrl);
    }
    const m = resourceType === 'subscription' ? ctx.state.subscriptions.get(id) : ctx.state.preAuthorizations.get(id);
    return m && renderMandateWebhookObject(WEBHOOK_OBJECTS_KEY[resourceType], m, ctx.baseUrl);
  };
  const lifecycle = new MoneyLifecycle(initialState, realNow, saved?.clockOffsetMs ?? 0, unconfirmedTtlMs, emit, renderObject);

  // Persistence: debounced, one write at a time, flushed on dispose.
  let persistTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const persistNow = (): Promise<void> => {
    if (!options.dataDir) return Promise.resolve();
    const dir = options.dataDir;
    const snapshot = ctx.state.snapshot(lifecycle.clockOffsetMs);
    writing = writing.then(() => saveSnapshot(dir, snapshot)).catch((e: unknown) => log(`persistence failed: ${e instanceof Error ? e.message : String(e)}`));
    return writing;
  };
  const changed = (): void => {
    if (!options.dataDir || persistTimer) return;
    persistTimer = setTimeout(() => {
      persistTimer = undefined;
      void persistNow();
    }, PERSIST_DEBOUNCE_MS);
    persistTimer.unref();
  };

  const server = createServer();
  // Bounded, but generous: an unpaginated list of 100,000 bills takes seconds to serialize on a busy machine.
  server.requestTimeout = 120_000;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${publicHost}:${address.port}`;

  const nonces = new NonceStore();
  const ctx: SandboxContext = { state: initialState, lifecycle, webhooks, nonces, baseUrl, realNow, unconfirmedTtlMs, changed };
  const connect = new ConnectFlow(ctx);
  const oauth = new OAuthFlow(ctx);

  const defaultApp = (): NonNullable<ReturnType<SandboxState['apps']['get']>> => {
    const app = ctx.state.apps.get(credentials.app_id);
    if (!app) throw new Error('The default app is missing from the sandbox state.');
    return app;
  };
  const actions: AdminActions & { setWebhookUrl: RunningSandbox['setWebhookUrl'] } = {
    reset: async () => {
      const fresh = seedFresh(0);
      ctx.state = fresh;
      lifecycle.replaceState(fresh, 0);
      nonces.clear();
      webhooks.clear();
      await persistNow();
    },
    setWebhookUrl: (target, merchantId) => {
      const merchant = ctx.state.merchants.get(merchantId ?? credentials.merchant_id);
      if (!merchant) throw new SandboxHttpError(404, `Merchant ${merchantId ?? credentials.merchant_id} not found.`);
      merchant.webhookUrl = target;
      changed();
    },
    setRedirectUris: (uris) => {
      const app = defaultApp();
      if (uris.redirectUri !== undefined) app.redirectUri = uris.redirectUri;
      if (uris.cancelUri !== undefined) app.cancelUri = uris.cancelUri;
      changed();
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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

  // The request log (issue 19): one redacted record per request, only when asked for.
  const recorder = options.requestLog ? new RequestRecorder((token) => ctx.state.merchantsByToken.get(token)?.id, log) : undefined;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = realNow();
    const startedPrecise = performance.now();
    res.on('finish', () => {
      // Paths only: query strings carry signatures, nonces and OAuth codes.
      log(`${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]} ${res.statusCode} ${realNow() - started}ms`);
      recorder?.answered(req, res, started, performance.now() - startedPrecise);
    });
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof SandboxHttpError) return sendError(res, e);
      log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      sendError(res, new SandboxHttpError(500, 'The sandbox failed to handle this request; see its log.'));
    });
  });

  const tick = setInterval(() => {
    if (clockReportChanged(lifecycle.runDue())) changed();
  }, TICK_MS);
  tick.unref();
  if (!saved) void persistNow();

  let disposed: Promise<void> | undefined;
  return {
    url: baseUrl,
    credentials,
    now: () => new Date(lifecycle.nowMs()),
    advanceClock: (ms) => {
      lifecycle.runDue();
      const report = lifecycle.advance(ms);
      changed();
      return Promise.resolve(report);
    },
    triggerBillOutcome: (billId, outcome): Promise<Bill> => {
      lifecycle.runDue();
      const bill = ctx.state.bills.get(billId);
      if (!bill) return Promise.reject(new SandboxHttpError(404, `Bill ${billId} not found.`));
      try {
        lifecycle.triggerOutcome(bill, outcome);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      changed();
      return Promise.resolve(renderBill(bill, baseUrl, lifecycle.nowMs(), ctx.state.merchants.get(bill.merchantId)?.refundsEnabled ?? false));
    },
    setWebhookUrl: actions.setWebhookUrl,
    setRedirectUris: actions.setRedirectUris,
    merchants: () => [...ctx.state.merchants.values()].map(merchantSummary),
    setMerchantSettings: (settings, merchantId) => {
      const id = merchantId ?? credentials.merchant_id;
      const merchant = ctx.state.merchants.get(id);
      if (!merchant) throw new SandboxHttpError(404, `Merchant ${id} not found.`);
      const body: Record<string, unknown> = {};
      if (settings.refunds_enabled !== undefined) body['refunds_enabled'] = settings.refunds_enabled;
      if (settings.international_payments !== undefined) body['international_payments'] = settings.international_payments;
      if (settings.hide_variable_amount !== undefined) body['hide_variable_amount'] = settings.hide_variable_amount;
      applySettings(merchant, body);
      changed();
      return merchantSettings(merchant);
    },
    webhookDeliveries: () => webhooks.deliveries(),
    onWebhookDelivery: (listener) => webhooks.onDelivery(listener),
    onRequest: (listener) => recorder?.onRequest(listener) ?? { dispose: () => undefined },
    reset: actions.reset,
    dispose: () => {
      disposed ??= (async () => {
        clearInterval(tick);
        if (persistTimer) clearTimeout(persistTimer);
        persistTimer = undefined;
        webhooks.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await persistNow();
      })();
      return disposed;
    },
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
