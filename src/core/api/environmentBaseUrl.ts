import { ValidationError } from '../validation/ValidationError';
import { ENVIRONMENT_BASE_URLS, type NamedEnvironment } from './models';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `live` → https://gocardless.com, `sandbox` → https://sandbox.gocardless.com (spec, "API endpoints"),
 * or a custom base URL (a local sandbox, a proxy), returned without a trailing slash.
 * Custom URLs must be absolute http(s) without credentials, query or fragment; plain http is allowed
 * only on loopback, because the client sends a bearer token with every request.
 */
export function environmentBaseUrl(environment: NamedEnvironment | string, options: { allowInsecureHttp?: boolean } = {}): string {
  if (Object.hasOwn(ENVIRONMENT_BASE_URLS, environment)) return ENVIRONMENT_BASE_URLS[environment as NamedEnvironment];
  const fail = (why: string): never => {
    throw new ValidationError([{ field: 'baseUrl', rule: 'http-url', message: `baseUrl must be live, sandbox or an https:// URL: ${why}` }]);
  };
  let url: URL;
  try {
    url = new URL(environment);
  } catch {
    return fail(`"${environment}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${url.protocol} is not http(s)`);
  if (url.username !== '' || url.password !== '') fail('credentials do not belong in the URL');
  if (url.search !== '' || url.hash !== '') fail('a base URL has no query or fragment');
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && options.allowInsecureHttp !== true) {
    fail(`plain http would send the access token unencrypted to ${url.host}; use https (http is allowed for localhost only)`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
