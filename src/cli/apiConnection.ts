import { ENVIRONMENT_BASE_URLS, environmentBaseUrl, GoCardlessClient, type NamedEnvironment } from '../core/api';
import { ValidationError } from '../core/validation';
import { CliError, type CliIO } from './CliCommand';

/** Where the REST commands read their credentials when no flag gives them. */
export const API_ENV = {
  baseUrl: 'GOCARDLESS_BASE_URL',
  merchantId: 'GOCARDLESS_MERCHANT_ID',
  accessToken: 'GOCARDLESS_ACCESS_TOKEN',
  appId: 'GOCARDLESS_APP_ID',
  appSecret: 'GOCARDLESS_APP_SECRET',
} as const;

/** The parseArgs options every REST command takes. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  environment: { type: 'string' },
  yes: { type: 'boolean', default: false },
} as const;

export const CREDENTIAL_OPTIONS = {
  'merchant-id': { type: 'string' },
  'access-token': { type: 'string' },
} as const;

export const CONNECTION_USAGE = `Connection (flags override the environment):
  --base-url URL          the API's base URL, e.g. a local sandbox's http://127.0.0.1:PORT
                          (or ${API_ENV.baseUrl}; "live" and "sandbox" work there too)
  --environment E         sandbox or live: GoCardless's own hosts (${ENVIRONMENT_BASE_URLS.sandbox},
                          ${ENVIRONMENT_BASE_URLS.live})
  --yes                   needed on live for anything that moves money or changes a resource`;

export const CREDENTIAL_USAGE = `  --merchant-id M         the merchant's id (or ${API_ENV.merchantId})
  --access-token T        the merchant's access token (or ${API_ENV.accessToken}; preferred:
                          a command-line argument is visible to other local users)`;

export interface Connection {
  readonly baseUrl: string;
  /** The live API: real money, so changes need --yes. */
  readonly live: boolean;
}

interface ConnectionValues {
  'base-url'?: string | undefined;
  environment?: string | undefined;
  yes?: boolean | undefined;
}

/**
 * A value from its flag, else from the environment. An empty one is refused rather than sent:
 * the server would answer 401 and the cause (an unset shell variable) would be hidden.
 */
export function credential(io: CliIO, flag: string, given: string | undefined, envName: string, required = true): string | undefined {
  if (given !== undefined) {
    if (given.trim() === '') throw new CliError(`${flag} is empty`);
    return given;
  }
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined) {
    if (fromEnv.trim() === '') throw new CliError(`${envName} is set but empty; set it or pass ${flag}`);
    return fromEnv;
  }
  if (required) throw new CliError(`${flag} is required (or the ${envName} environment variable)`);
  return undefined;
}

/** Whether a base URL is GoCardless's live API: any gocardless.com host but the sandbox's. */
export function isLiveBaseUrl(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return (host === 'gocardless.com' || host.endsWith('.gocardless.com')) && host !== new URL(ENVIRONMENT_BASE_URLS.sandbox).hostname;
}

/** --environment, else --base-url, else GOCARDLESS_BASE_URL, checked as the client checks it (https, or http on loopback). */
export function resolveConnection(values: ConnectionValues, io: CliIO): Connection {
  const env = values.environment;
  if (env !== undefined && values['base-url'] !== undefined) throw new CliError('give --environment or --base-url, not both');
  let raw: string | undefined;
  let flag = '--base-url';
  if (env !== undefined) {
    if (!Object.hasOwn(ENVIRONMENT_BASE_URLS, env)) throw new CliError(`--environment must be sandbox or live, got ${JSON.stringify(env)} (use --base-url for any other host)`);
    raw = ENVIRONMENT_BASE_URLS[env as NamedEnvironment];
    flag = '--environment';
  } else {
    raw = credential(io, '--base-url', values['base-url'], API_ENV.baseUrl, false);
    if (raw === undefined) throw new CliError(`say which API to call: --base-url URL, --environment sandbox|live, or the ${API_ENV.baseUrl} environment variable`);
    if (values['base-url'] === undefined) flag = API_ENV.baseUrl;
  }
  let baseUrl: string;
  try {
    baseUrl = environmentBaseUrl(raw);
  } catch (err) {
    if (err instanceof ValidationError) throw new CliError(`${flag}: ${err.issues.map((i) => i.message).join('; ')}`);
    throw err;
  }
  return { baseUrl, live: isLiveBaseUrl(baseUrl) };
}

/** Refuses, before anything is sent, a change to the live API that --yes did not confirm. */
export function requireYesOnLive(connection: Connection, values: ConnectionValues, what: string): void {
  if (connection.live && values.yes !== true) {
    throw new CliError(`${what} on the live API (${connection.baseUrl}) moves real money or changes a real customer's resource; add --yes to do it`);
  }
}

/** A client for the merchant's REST API, from flags and the environment; the caller closes it. */
export function openClient(connection: Connection, values: { 'merchant-id'?: string | undefined; 'access-token'?: string | undefined }, io: CliIO): GoCardlessClient {
  const merchantId = credential(io, '--merchant-id', values['merchant-id'], API_ENV.merchantId)!;
  const accessToken = credential(io, '--access-token', values['access-token'], API_ENV.accessToken)!;
  return new GoCardlessClient({ baseUrl: connection.baseUrl, merchantId, accessToken });
}
