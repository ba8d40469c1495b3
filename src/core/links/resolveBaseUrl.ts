import { ENVIRONMENT_BASE_URLS, type NamedEnvironment } from '../api/models';
import { ValidationError } from '../validation';

/** `live`, `sandbox` or any absolute http(s) base URL (a local sandbox) → base URL without a trailing slash. */
export function resolveBaseUrl(environment: NamedEnvironment | string): string {
  if (Object.hasOwn(ENVIRONMENT_BASE_URLS, environment)) return ENVIRONMENT_BASE_URLS[environment as NamedEnvironment];
  let url: URL | undefined;
  try {
    url = new URL(environment);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new ValidationError([{ field: 'environment', rule: 'http-url', message: `environment must be live, sandbox or an http(s) base URL, got "${environment}"` }]);
  }
  return url.href.replace(/\/+$/, '');
}
