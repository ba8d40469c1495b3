import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer } from '../http/startHttpServer';
import { clockReportChanged } from './ClockReport';
import { sendError } from './httpIO';
import { MoneyLifecycle } from './MoneyLifecycle';
import { NonceStore } from './NonceStore';
import { loadSnapshot } from './persistence';
import { RequestRecorder } from './RequestRecorder';
import type { SandboxContext } from './SandboxContext';
import { sandboxControls } from './sandboxControls';
import { SandboxHttpError } from './SandboxHttpError';
import type { RunningSandbox, SandboxOptions } from './SandboxOptions';
import { sandboxRouter } from './sandboxRouter';
import { SandboxState } from './SandboxState';
import { resolveScale, seedState, seededCredentials } from './seedData';
import { snapshotWriter } from './snapshotWriter';
import { HOUR_MS } from './time';
import { renderWebhookObject, sendWebhookEvents } from './webhookEvents';
import { WebhookSender } from './WebhookSender';

/** Things fall due as real time passes too; check every so often even without requests. */
const TICK_MS = 15_000;

/** Starts the local GoCardless sandbox: a real HTTP server on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const realNow = (): number => (options.now ? options.now() : new Date()).getTime();
  const seed = options.seed ?? 1;
  const credentials = seededCredentials(seed, options.credentials);
  const unconfirmedTtlMs = options.unconfirmedTtlMs ?? 3 * HOUR_MS;
  const log = options.log ?? ((): void => undefined);

  const seedFresh = (): SandboxState => seedState({
    seed, scale: resolveScale(options.scale), nowMs: realNow(), credentials,
    webhookUrl: options.webhookUrl ?? null, redirectUri: options.redirectUri ?? null, cancelUri: options.cancelUri ?? null,
    refundsEnabled: options.refundsEnabled,
  });
  const saved = options.dataDir ? await loadSnapshot(options.dataDir) : undefined;
  const initialState = saved ? SandboxState.fromSnapshot(saved) : seedFresh();
  const savedDefault = saved ? initialState.merchants.get(credentials.merchant_id) : undefined;
  if (savedDefault && options.refundsEnabled !== undefined) savedDefault.refundsEnabled = options.refundsEnabled;

  const webhooks = new WebhookSender({
    timeoutMs: options.webhookTimeoutMs ?? 5000, retryScale: options.webhookRetryScale ?? 1, realNow,
  });
  // These callbacks run only after `ctx` below exists (the first request or clock tick).
  const lifecycle = new MoneyLifecycle(initialState, realNow, saved?.clockOffsetMs ?? 0, unconfirmedTtlMs,
    (events) => sendWebhookEvents(ctx, events), (type, id) => renderWebhookObject(ctx, type, id));
  const persistence = snapshotWriter(options.dataDir, () => ctx.state.snapshot(lifecycle.clockOffsetMs), log);

  // Bounded, but generous: an unpaginated list of 100,000 bills takes seconds to serialize on a busy machine.
  const http = await startHttpServer(options.host ?? '127.0.0.1', options.port ?? 0, { requestTimeoutMs: 120_000, headersTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000 });
  const { server, origin: baseUrl } = http;

  const ctx: SandboxContext = { state: initialState, lifecycle, webhooks, nonces: new NonceStore(), baseUrl, realNow, unconfirmedTtlMs, changed: persistence.changed };
  const controls = sandboxControls(ctx, { appId: credentials.app_id, merchantId: credentials.merchant_id }, seedFresh, persistence.persistNow);
  const handle = sandboxRouter(ctx, controls);

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
    if (clockReportChanged(lifecycle.runDue())) persistence.changed();
  }, TICK_MS);
  tick.unref();
  if (!saved) void persistence.persistNow();

  let disposed: Promise<void> | undefined;
  return {
    url: baseUrl,
    credentials,
    now: () => new Date(lifecycle.nowMs()),
    ...controls,
    webhookDeliveries: () => webhooks.deliveries(),
    onWebhookDelivery: (listener) => webhooks.onDelivery(listener),
    onRequest: (listener) => recorder?.onRequest(listener) ?? { dispose: () => undefined },
    dispose: () => {
      disposed ??= (async () => {
        clearInterval(tick);
        persistence.cancel();
        webhooks.dispose();
        await http.close();
        await persistence.persistNow();
      })();
      return disposed;
    },
  };
}
