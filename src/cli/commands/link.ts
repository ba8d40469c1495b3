import { parseArgs } from 'node:util';
import type { ConnectResourceType } from '../../core/api/models';
import { buildConnectLink } from '../../core/links';
import { ValidationError, isConnectResourceType, type ConnectResourceParams } from '../../core/validation';
import { appSecrets } from '../appSecret';
import { CliError, type CliCommand } from '../CliCommand';

const USAGE = `gcdev link bill|subscription|pre_authorization --app-id A --merchant-id M [options]

Builds a signed Connect payment link and prints its URL (or, with --json, the
whole result: params, flattened pairs, normalized string, signature, nonce,
timestamp and when the link expires — 3 hours after its timestamp).

  gcdev link subscription --app-id APP --merchant-id 0ABC --amount 10.00 \\
    --param interval_length=1 --param interval_unit=month --param name="Gold plan"

Options:
  --app-id A         your app identifier (sent as client_id)
  --app-secret S     the app secret; defaults to the GOCARDLESS_APP_SECRET environment
                     variable (preferred: a command-line argument is visible to other users)
  --merchant-id M    the merchant's id
  --env E            live, sandbox (default) or a base URL such as a local sandbox's
  --amount X         amount (max_amount for a pre_authorization)
  --param key=value  any other parameter, repeatable: name, description, interval_length,
                     interval_unit, interval_count, start_at, expires_at, setup_fee,
                     calendar_intervals, currency, user[email] (and the other user[…] fields),
                     redirect_uri, cancel_uri, state; "subscription[name]=…" works too
  --nonce N          fixed nonce (default: 48 random bytes, base64)
  --timestamp T      fixed timestamp, e.g. 2030-01-01T12:00:00Z (default: now)
  --json             print the whole result as JSON

Exit status: 0 with a link, 2 for bad input (each broken rule is named).
`;

const TOP_LEVEL = new Set(['redirect_uri', 'cancel_uri', 'state']);
const KEY = /^([a-z_0-9]+)(?:\[([a-z_0-9]+)\])?$/;

export const command: CliCommand = {
  name: 'link',
  summary: 'Build a signed Connect payment link (bill, subscription, pre_authorization)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, strict: true, allowPositionals: true,
      options: {
        'app-id': { type: 'string' },
        'app-secret': { type: 'string' },
        'merchant-id': { type: 'string' },
        env: { type: 'string', default: 'sandbox' },
        amount: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        nonce: { type: 'string' },
        timestamp: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const [type, ...extra] = positionals;
    if (!isConnectResourceType(type)) throw new CliError(`give the resource type first: bill, subscription or pre_authorization${type === undefined ? '' : ` (got "${type}")`}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}" (parameters go in --param key=value)`);
    const appId = values['app-id'] ?? io.env['GOCARDLESS_APP_ID'];
    if (!appId) throw new CliError('--app-id A is required (or the GOCARDLESS_APP_ID environment variable)');
    const merchantId = values['merchant-id'];
    if (!merchantId) throw new CliError('--merchant-id M is required');
    const appSecret = appSecrets(values['app-secret'], io, '--app-secret')[0]!;

    const resource: Record<string, unknown> = { merchant_id: merchantId };
    const top: Record<string, string> = {};
    if (values.amount !== undefined) resource[type === 'pre_authorization' ? 'max_amount' : 'amount'] = values.amount;
    for (const p of values.param) addParam(p, type, resource, top);

    try {
      const link = buildConnectLink({
        resourceType: type, appId, appSecret, environment: values.env,
        resource: resource as unknown as ConnectResourceParams,
        ...(top['redirect_uri'] === undefined ? {} : { redirectUri: top['redirect_uri'] }),
        ...(top['cancel_uri'] === undefined ? {} : { cancelUri: top['cancel_uri'] }),
        ...(top['state'] === undefined ? {} : { state: top['state'] }),
        ...(values.nonce === undefined ? {} : { nonce: values.nonce }),
        ...(values.timestamp === undefined ? {} : { timestamp: values.timestamp }),
      });
      io.stdout.write((values.json ? JSON.stringify(link, null, 2) : link.url) + '\n');
      return 0;
    } catch (err) {
      if (err instanceof ValidationError) throw new CliError(err.issues.map((i) => i.message).join('; '));
      throw err;
    }
  },
};

/** `name=Gold`, `user[email]=a@b.c`, `subscription[name]=Gold`, `redirect_uri=https://…`. */
function addParam(text: string, type: ConnectResourceType, resource: Record<string, unknown>, top: Record<string, string>): void {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliError(`--param must be key=value, got "${text}"`);
  let key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  const prefix = `${type}[`;
  if (key.startsWith(prefix) && key.endsWith(']')) {
    const inner = key.slice(prefix.length, -1);
    // subscription[user][email] → user[email]
    key = inner.includes('][') ? inner.replace('][', '[') + ']' : inner;
  }
  if (TOP_LEVEL.has(key)) {
    top[key] = value;
    return;
  }
  const m = KEY.exec(key);
  if (!m) throw new CliError(`--param key "${key}" is not a parameter name like name or user[email]`);
  const [, name, sub] = m;
  if (sub === undefined) {
    resource[name!] = value;
    return;
  }
  const nested = resource[name!];
  const record: Record<string, unknown> = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : {};
  record[sub] = value;
  resource[name!] = record;
}
