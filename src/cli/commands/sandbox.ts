import type { WriteStream } from 'node:fs';
import { chmod, open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../CliCommand';
import { startSandbox, type SandboxScale } from '../../core/sandbox';

const SCALE_KEYS: Record<string, keyof SandboxScale> = {
  bills: 'bills', subscriptions: 'subscriptions', pre_authorizations: 'preAuthorizations', preAuthorizations: 'preAuthorizations',
  users: 'users', payouts: 'payouts',
};

const USAGE = `gcdev sandbox — run the local GoCardless Basic API sandbox

Usage: gcdev sandbox [options]

  --port P             port to listen on (default: any free port)
  --host H             address to bind (default 127.0.0.1)
  --seed N             seed of the generated data (default 1)
  --scale K=N,…        how much data: bills, subscriptions, pre_authorizations, users, payouts
                       (e.g. --scale bills=100000)
  --data-dir D         keep state in D/sandbox-state.json across restarts (atomic writes)
  --webhook-url U      the merchant's web_hook_uri
  --refunds-enabled    switch refunds on for the default merchant (off by default, as
                       GoCardless enables them per account on request)
  --redirect-uri U     the app's registered redirect URI (Connect and OAuth)
  --cancel-uri U       the app's registered cancel URI
  --app-id, --app-secret, --merchant-id, --access-token
                       fix the credentials (default: derived from the seed)
  --log FILE           append one JSON line per request served to FILE (created 0600 if missing):
                       time, method, path, query, status, duration, merchant, error, headers and
                       bodies, with Authorization, cookies, tokens and secrets redacted
  --quiet              do not log requests

When listening, prints ONE JSON line to stdout:
  {"url","app_id","app_secret","merchant_id","access_token"}
then logs one line per request to stderr. Stops cleanly on SIGINT/SIGTERM.
Admin endpoints (no token; JSON bodies): GET/POST /admin/clock, POST /admin/bills/{id}/outcome,
PUT /admin/webhook-url, PUT /admin/redirect-uris, GET /admin/webhooks, POST /admin/reset,
GET /admin/merchants, GET|PUT /admin/merchants/{id}/settings
  (e.g. {"refunds_enabled": true} or {"international_payments": true}).
A second merchant, "Maison Dubois", accepts international payments (EUR); link it
through the partner OAuth page (/oauth/authorize) to get its access token.
`;

function parseScale(text: string): Partial<SandboxScale> {
  const scale: Partial<SandboxScale> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [key, value] = part.split('=');
    const prop = SCALE_KEYS[key?.trim() ?? ''];
    if (!prop) throw new CliError(`--scale: unknown kind "${key}" (use bills, subscriptions, pre_authorizations, users, payouts)`);
    if (!value || !/^\d+$/.test(value.trim())) throw new CliError(`--scale: ${key} needs a whole number (e.g. ${key}=1000)`);
    scale[prop] = Number(value.trim());
  }
  return scale;
}

function parseIntOption(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new CliError(`--${name} must be a whole number from 0 to ${max}`);
  return Number(value);
}

export const command: CliCommand = {
  name: 'sandbox',
  summary: 'Run the local GoCardless sandbox (REST API, Connect pages, OAuth, webhooks)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' },
        'data-dir': { type: 'string' }, 'webhook-url': { type: 'string' }, 'redirect-uri': { type: 'string' }, 'cancel-uri': { type: 'string' },
        'app-id': { type: 'string' }, 'app-secret': { type: 'string' }, 'merchant-id': { type: 'string' }, 'access-token': { type: 'string' },
        quiet: { type: 'boolean' }, 'refunds-enabled': { type: 'boolean' }, log: { type: 'string' },
      },
    });
    for (const key of ['webhook-url', 'redirect-uri', 'cancel-uri'] as const) {
      const v = values[key];
      if (v !== undefined && !/^https?:\/\/[^/]+/.test(v)) throw new CliError(`--${key} must be an http(s) URL`);
    }
    const credentials: Record<string, string> = {};
    for (const [flag, key] of [['app-id', 'app_id'], ['app-secret', 'app_secret'], ['merchant-id', 'merchant_id'], ['access-token', 'access_token']] as const) {
      const v = values[flag];
      if (v !== undefined) {
        if (v === '') throw new CliError(`--${flag} must not be empty`);
        credentials[key] = v;
      }
    }
    if (values.log === '') throw new CliError('--log needs a file name');
    const logFile = values.log === undefined ? undefined : await openLog(values.log);
    const sandbox = await startSandbox({
      requestLog: logFile !== undefined,
      port: parseIntOption('port', values.port, 65535),
      host: values.host,
      seed: parseIntOption('seed', values.seed, 2 ** 32 - 1),
      scale: values.scale === undefined ? undefined : parseScale(values.scale),
      dataDir: values['data-dir'],
      webhookUrl: values['webhook-url'],
      ...(values['refunds-enabled'] ? { refundsEnabled: true } : {}),
      redirectUri: values['redirect-uri'],
      cancelUri: values['cancel-uri'],
      credentials,
      log: values.quiet ? undefined : (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
    if (logFile) sandbox.onRequest((record) => logFile.write(JSON.stringify(record) + '\n'));
    const c = sandbox.credentials;
    io.stdout.write(JSON.stringify({ url: sandbox.url, app_id: c.app_id, app_secret: c.app_secret, merchant_id: c.merchant_id, access_token: c.access_token }) + '\n');
    const signal = await io.stopSignal;
    await sandbox.dispose();
    if (logFile) await new Promise<void>((resolve) => logFile.end(resolve));
    if (!values.quiet) io.stderr.write(`${new Date().toISOString()} stopped (${signal})\n`);
    return 0;
  },
};

/** The --log file, opened for appending; 0600 whether it is new or not (records hold request details). */
async function openLog(file: string): Promise<WriteStream> {
  let handle;
  try {
    handle = await open(file, 'a', 0o600);
    await chmod(file, 0o600);
  } catch (e) {
    await handle?.close();
    throw new CliError(`--log ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return handle.createWriteStream();
}
