import type { ConnectResourceType } from '../api/models';

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
      const kwargs = Object.entries(params).map(([k, v]) => `    ${k}=${literal('python', v, '    ')},`).join('\n');
      const setup = custom
        ? `gocardless.environment = "sandbox"\ngocardless.Client.base_url = ${str(env)}  # the local sandbox`
        : env === 'sandbox' ? 'gocardless.environment = "sandbox"' : '# live: gocardless.environment defaults to "production"';
      return `import os\nimport gocardless\n\n${setup}\ngocardless.set_details(\n    app_id=${str(input.appId)},\n    app_secret=os.environ["${SECRET_ENV}"],\n    access_token=os.environ["${TOKEN_ENV}"],\n    merchant_id=${str(input.merchantId)},\n)\n\n# ${note}\nurl = gocardless.client.new_${input.resourceType}_url(\n${kwargs}\n)\nprint(url)\n`;
    }
    case 'php': {
      const setup = custom
        ? `GoCardless::$environment = 'sandbox';\nGoCardless::$base_urls['sandbox'] = ${str(env)}; // the local sandbox`
        : env === 'sandbox' ? `GoCardless::$environment = 'sandbox';` : `GoCardless::$environment = 'production';`;
      return `<?php\nrequire 'vendor/autoload.php';\n\n${setup}\nGoCardless::set_account_details(array(\n  'app_id' => ${str(input.appId)},\n  'app_secret' => getenv('${SECRET_ENV}'),\n  'merchant_id' => ${str(input.merchantId)},\n  'access_token' => getenv('${TOKEN_ENV}'),\n));\n\n// ${note}\n$url = GoCardless::new_${input.resourceType}_url(${literal('php', params, '')});\necho $url;\n`;
    }
  }
}
