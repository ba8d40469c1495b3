import type { ConnectResourceType } from '../api/models';
import { parseApiInstant } from '../validation/parseApiDate';

/**
 * "Copy as code": the same Connect link written with each official client
 * library's own API, so a partner can paste it into their integration. The
 * libraries add client_id, nonce, timestamp and the signature themselves, so
 * only those differ from the link shown in the builder. Secrets are read from
 * the environment, never written into the snippet.
 */

export type SnippetLanguage = 'node' | 'ruby' | 'python' | 'php';

export interface CodeSnippetInput {
  readonly resourceType: ConnectResourceType;
  /** 'live', 'sandbox', or the base URL of another GoCardless (a local sandbox). */
  readonly environment: string;
  readonly appId: string;
  readonly merchantId: string;
  /** The resource's params without merchant_id (the libraries add it from their configuration). */
  readonly resource: Readonly<Record<string, unknown>>;
  readonly redirectUri?: string;
  readonly cancelUri?: string;
  readonly state?: string;
}

export const SECRET_ENV = 'GOCARDLESS_APP_SECRET';
export const TOKEN_ENV = 'GOCARDLESS_ACCESS_TOKEN';

type Value = string | number | boolean | { readonly [k: string]: Value };

interface Syntax {
  str(s: string): string;
  bool(b: boolean): string;
  map(entries: readonly [string, string][], indent: string): string;
}

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** JSON string literals are valid in JavaScript and Python alike. */
const dq = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const SYNTAX: Record<SnippetLanguage, Syntax> = {
  node: {
    str: dq, bool: String,
    map: (e, i) => `{\n${e.map(([k, v]) => `${i}  ${/^[A-Za-z_$][\w$]*$/.test(k) ? k : dq(k)}: ${v},`).join('\n')}\n${i}}`,
  },
  ruby: {
    str: q, bool: String,
    map: (e, i) => `{\n${e.map(([k, v]) => `${i}  ${/^[A-Za-z_]\w*$/.test(k) ? `${k}:` : `${q(k)} =>`} ${v},`).join('\n')}\n${i}}`,
  },
  python: {
    str: dq, bool: (b) => (b ? 'True' : 'False'),
    map: (e, i) => `{\n${e.map(([k, v]) => `${i}    ${dq(k)}: ${v},`).join('\n')}\n${i}}`,
  },
  php: {
    str: q, bool: String,
    map: (e, i) => `array(\n${e.map(([k, v]) => `${i}  ${q(k)} => ${v},`).join('\n')}\n${i})`,
  },
};

function literal(lang: SnippetLanguage, value: Value, indent: string): string {
  const s = SYNTAX[lang];
  if (typeof value === 'string') return s.str(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : s.str(String(value));
  if (typeof value === 'boolean') return s.bool(value);
  const inner = indent + (lang === 'python' ? '    ' : '  ');
  return s.map(Object.entries(value).map(([k, v]) => [k, literal(lang, v, inner)]), indent);
}

/** Keeps strings, numbers, booleans and nested objects; drops anything else (and empty strings). */
function toValue(v: unknown): Value | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v)) {
      const value = toValue(x);
      if (value !== undefined) out[k] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return undefined;
}

function linkParams(input: CodeSnippetInput): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(input.resource)) {
    if (k === 'merchant_id') continue;
    const value = toValue(v);
    if (value !== undefined) out[k] = value;
  }
  if (input.redirectUri) out['redirect_uri'] = input.redirectUri;
  if (input.cancelUri) out['cancel_uri'] = input.cancelUri;
  if (input.state) out['state'] = input.state;
  return out;
}

const NODE_RESOURCE: Record<ConnectResourceType, string> = { bill: 'bill', subscription: 'subscription', pre_authorization: 'preAuthorization' };
const NAMED = (e: string): e is 'live' | 'sandbox' => e === 'live' || e === 'sandbox';

/**
 * What the Python library (gocardless 0.5.3) needs, and its known mismatch
 * with the spec, said where a Python user reads it (issue 23, docs/client-libraries.md).
 */
const PYTHON_NOTES = [
  '# Amounts are Decimals and dates datetimes: the library compares them with 0 and with datetime.now().',
  '# Note: Client.merchant() parses next_payout_date as "%Y-%m-%dT%H:%M:%SZ", but the API returns a date',
  '# ("next_payout_date": "2014-08-01"), so merchant() raises ValueError whenever a payout is due; read the',
  '# merchant with gocardless.client.api_get("/merchants/<merchant id>") instead.',
].join('\n');

const PYTHON_AMOUNTS = ['amount', 'max_amount', 'setup_fee'];
const PYTHON_INTEGERS = ['interval_length', 'interval_count'];

/**
 * A keyword argument as the Python library wants it: amounts as Decimal (it
 * tests `amount > 0`, which a str fails in Python 3), counts as int, dates as
 * naive UTC datetimes (it subtracts datetime.now()). A pre-authorization's
 * expires_at reaches the link as str(datetime), "2030-01-31 09:00:00"; a
 * subscription's dates as isoformat()[:-7] + "Z", which needs microseconds to
 * cut, hence microsecond=1.
 */
function pythonArgument(key: string, value: Value, resourceType: ConnectResourceType): string {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (PYTHON_AMOUNTS.includes(key) && /^\d+(\.\d+)?$/.test(text)) return `Decimal(${dq(text)})`;
    if (PYTHON_INTEGERS.includes(key) && /^\d+$/.test(text)) return String(Number(text));
    const at = (key === 'start_at' || key === 'expires_at') ? parseApiInstant(text) : undefined;
    if (at !== undefined) {
      const d = new Date(at);
      const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
      if (resourceType === 'subscription') parts.push(1);
      return `datetime.datetime(${parts.join(', ')})`;
    }
  }
  return literal('python', value, '    ');
}

export function codeSnippet(language: SnippetLanguage, input: CodeSnippetInput): string {
  const params = linkParams(input);
  const env = input.environment;
  const custom = !NAMED(env);
  const note = 'client_id, nonce, timestamp and signature are added by the library; the other parameters match the builder\'s link.';
  const str = SYNTAX[language].str;
  switch (language) {
    case 'node': {
      const config = literal('node', { appId: input.appId, merchantId: input.merchantId }, '').replace(/\n}$/, '');
      const secrets = `  appSecret: process.env.${SECRET_ENV},\n  token: process.env.${TOKEN_ENV},`;
      const setup = custom
        ? `// gocardless@1.0.0-beta6; its Client takes any base URL, here the local sandbox.\nconst Client = require('gocardless/lib/client');\nconst gocardless = new Client(${config}\n${secrets}\n  baseUrl: ${str(env)},\n});`
        : `// gocardless@1.0.0-beta6\nconst gocardless = require('gocardless')(${config}\n${secrets}${env === 'sandbox' ? '\n  sandbox: true,' : ''}\n});`;
      return `${setup}\n\n// ${note}\nconst url = gocardless.${NODE_RESOURCE[input.resourceType]}.newUrl(${literal('node', params, '')});\nconsole.log(url);\n`;
    }
    case 'ruby': {
      const setup = custom
        ? `GoCardless::Client.base_url = ${str(env)} # the local sandbox`
        : env === 'sandbox' ? 'GoCardless.environment = :sandbox' : '# live: the default environment';
      return `require 'gocardless'\n\n${setup}\nGoCardless.account_details = {\n  app_id: ${str(input.appId)},\n  app_secret: ENV['${SECRET_ENV}'],\n  token: ENV['${TOKEN_ENV}'],\n  merchant_id: ${str(input.merchantId)},\n}\n\n# ${note}\nurl = GoCardless.new_${input.resourceType}_url(${literal('ruby', params, '')})\nputs url\n`;
    }
    case 'python': {
      const kwargs = Object.entries(params).map(([k, v]) => `    ${k}=${pythonArgument(k, v, input.resourceType)},`).join('\n');
      const kwargsText = kwargs.replace(/"(?:[^"\\]|\\.)*"/g, '');
      const imports = ['import os', ...(kwargsText.includes('datetime.') ? ['import datetime'] : []), ...(kwargsText.includes('Decimal(') ? ['from decimal import Decimal'] : []), 'import gocardless'];
      const setup = custom
        ? `gocardless.environment = "sandbox"\ngocardless.Client.base_url = ${str(env)}  # the local sandbox`
        : env === 'sandbox' ? 'gocardless.environment = "sandbox"' : '# live: gocardless.environment defaults to "production"';
      return `${imports.join('\n')}\n\n${setup}\ngocardless.set_details(\n    app_id=${str(input.appId)},\n    app_secret=os.environ["${SECRET_ENV}"],\n    access_token=os.environ["${TOKEN_ENV}"],\n    merchant_id=${str(input.merchantId)},\n)\n\n# ${note}\n${PYTHON_NOTES}\nurl = gocardless.client.new_${input.resourceType}_url(\n${kwargs}\n)\nprint(url)\n`;
    }
    case 'php': {
      // The client reads a base_url from the account details; GoCardless::$base_urls does not exist (the table is GoCardless_Client's).
      const setup = env === 'live' ? `GoCardless::$environment = 'production';` : `GoCardless::$environment = 'sandbox';`;
      const baseUrl = custom ? `\n  'base_url' => ${str(env)}, // the local sandbox` : '';
      return `<?php\nrequire 'vendor/autoload.php';\n\n${setup}\nGoCardless::set_account_details(array(\n  'app_id' => ${str(input.appId)},\n  'app_secret' => getenv('${SECRET_ENV}'),\n  'merchant_id' => ${str(input.merchantId)},\n  'access_token' => getenv('${TOKEN_ENV}'),${baseUrl}\n));\n\n// ${note}\n$url = GoCardless::new_${input.resourceType}_url(${literal('php', params, '')});\necho $url;\n`;
    }
  }
}
