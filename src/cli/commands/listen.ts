import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../CliCommand';
import {
  DEFAULT_MAX_WEBHOOK_BODY_BYTES, DeliveryStore, isForwardable, NotADeliveryStoreError, isLoopbackHost, WebhookListener, type WebhookAccount, type WebhookDelivery,
} from '../../core/webhooks';
import { optionalAppSecrets } from '../appSecret';

export const DEFAULT_LISTEN_PORT = 8787;

const USAGE = `gcdev listen [--port P] [--host H] --secret S [--secret S2 …] [--forward-to URL] [--store FILE]

Receives webhooks, verifies each payload's signature against every secret
given, answers 200 at once to a genuine one (403 to a forgery, 400 to a body
that is not a webhook, 405/413 to other methods and oversized bodies), keeps
it, and forwards it to your app.

Prints one JSON line first, {"listening": URL, ...}, then one JSON line per
delivery: time, id, valid, verification, resource_type, action, ids, status,
retry_of/attempt for a retry of an event already seen, and the forward result
(when --forward-to is set, the line is printed once your app has answered).

Options:
  --port P          port to listen on (default ${DEFAULT_LISTEN_PORT}; 0 for any free port)
  --host H          interface (default 127.0.0.1; anything else is reachable by others: a warning is printed)
  --secret S        an app secret to verify with; repeat for several accounts (sandbox and live, old and new).
                    Defaults to the GOCARDLESS_APP_SECRET environment variable, which keeps it off the command line.
  --forward-to URL  your app's webhook endpoint; every delivery is forwarded there after it is answered
  --store FILE      keep deliveries in this JSON-lines file (rotated, read back on start)
  --max-store-bytes N  rotate the store at N bytes per file (default 8 MiB, 4 files kept)
  --fsync           fdatasync each batch before answering (survives power loss; slower)
  --accept-all      answer 200 to every webhook, even forged ones (inspection only)
  --max-body-bytes N   refuse bodies larger than N bytes with 413 (default ${DEFAULT_MAX_WEBHOOK_BODY_BYTES})
  --allow-host H    also accept requests whose Host header is H (e.g. a tunnel's public name:
                    name:port as the client sends it); repeatable. Otherwise a loopback
                    listener refuses other Host values (DNS rebinding), requests with an
                    Origin header, and non-JSON POSTs with 403: what a web page can send.

Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
`;

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}


/** The line printed for a delivery: what a developer scanning a terminal needs, nothing secret. */
export function deliveryLine(d: WebhookDelivery): Record<string, unknown> {
  return {
    time: d.receivedAt,
    id: d.id,
    valid: d.verification.status === 'valid',
    verification: d.verification.status,
    ...(d.verification.account ? { account: d.verification.account.name } : {}),
    ...(d.verification.status !== 'valid' ? { reason: d.verification.reason } : {}),
    resource_type: d.resourceType ?? null,
    action: d.action ?? null,
    ids: d.objectIds,
    status: d.response.status,
    ...(d.retryOf ? { retry_of: d.retryOf, attempt: d.attempt } : {}),
    ...(d.forward ? {
      forward: {
        url: d.forward.url,
        ...(d.forward.status !== undefined ? { status: d.forward.status } : { error: d.forward.error }),
        latency_ms: d.forward.latencyMs,
        ...(d.forward.slow ? { warning: 'slower than the 5 s GoCardless waits before retrying' } : {}),
      },
    } : {}),
  };
}

export const command: CliCommand = {
  name: 'listen',
  summary: 'Receive, verify, keep and forward webhooks (like stripe listen, for the in-body signature)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        secret: { type: 'string', multiple: true },
        'forward-to': { type: 'string' },
        store: { type: 'string' },
        'max-store-bytes': { type: 'string' },
        fsync: { type: 'boolean', default: false },
        'accept-all': { type: 'boolean', default: false },
        'max-body-bytes': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
      },
    });
    const secrets = optionalAppSecrets(values.secret, io);
    if (secrets.length === 0 && !values['accept-all']) throw new CliError('at least one --secret S (or GOCARDLESS_APP_SECRET) is required to verify webhooks; --accept-all inspects without one');
    const accounts: WebhookAccount[] = secrets.map((secret, i) => ({ id: `secret-${i + 1}`, name: secrets.length === 1 ? 'the app secret' : `secret #${i + 1}`, secret }));
    const port = integer('--port', values.port, DEFAULT_LISTEN_PORT, 0);
    const host = values.host;
    if (values['forward-to'] !== undefined) {
      let url: URL;
      try { url = new URL(values['forward-to']); } catch { throw new CliError(`--forward-to must be a URL, got "${values['forward-to']}"`); }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('--forward-to must be an http:// or https:// URL');
    }
    if (!isLoopbackHost(host)) io.stderr.write(`gcdev listen: warning: listening on ${host}, not loopback: anyone who can reach it can send webhooks and read the answers.\n`);

    let store: DeliveryStore;
    try {
      store = await DeliveryStore.open({
        ...(values.store ? { file: values.store } : {}),
        maxFileBytes: integer('--max-store-bytes', values['max-store-bytes'], 8 * 1024 * 1024, 1024),
        durability: values.fsync ? 'fsync' : 'write',
      });
    } catch (err) {
      if (err instanceof NotADeliveryStoreError) throw new CliError(`--store: ${err.message}`);
      throw err;
    }
    let listener: WebhookListener;
    try {
      listener = await WebhookListener.start({
        host, port, accounts, store,
        acceptAll: values['accept-all'],
        maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'], DEFAULT_MAX_WEBHOOK_BODY_BYTES, 1),
        ...(values['forward-to'] ? { forwardTo: values['forward-to'] } : {}),
        ...(values['allow-host'] ? { allowedHosts: values['allow-host'] } : {}),
      });
    } catch (err) {
      await store.close();
      const code = err instanceof Error && 'code' in err ? String(err.code) : '';
      if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is in use; choose another with --port`, 1);
      if (err instanceof RangeError) throw new CliError(`--forward-to: ${err.message}`);
      throw err;
    }
    const print = (line: Record<string, unknown>): void => { io.stdout.write(JSON.stringify(line) + '\n'); };
    print({
      listening: listener.url, accounts: accounts.length, accept_all: listener.acceptAll,
      ...(values['forward-to'] ? { forward_to: listener.forwardTo } : {}),
      ...(values.store ? { store: values.store, read_back: store.loaded.deliveries, skipped_lines: store.loaded.skippedLines } : {}),
    });
    const forwarding = values['forward-to'] !== undefined;
    // A delivery that is not forwarded (refused, 405, 413, or forwarded here by a gcdev listener) gets its line at once.
    listener.onDelivery((d) => { if (!forwarding || !isForwardable(d)) print(deliveryLine(d)); });
    listener.onForward((d) => print(deliveryLine(d)));

    const signal = await io.stopSignal;
    io.stderr.write(`gcdev listen: ${signal}, stopping\n`);
    await listener.close();
    await store.close();
    return 0;
  },
};
