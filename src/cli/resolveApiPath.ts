import { CliError } from './CliCommand';

export interface ApiPath {
  /** Starts with /api/v1/, without the base URL's own path. */
  readonly path: string;
  readonly query: [string, string][];
}

const API_ROOT = '/api/v1/';

/**
 * What `gcdev get|post|put` was given → a path under /api/v1/ of the base URL. Accepts
 * "bills/ID", "/api/v1/bills/ID" and a full URL on the base URL's own host (an API resource's
 * uri); refuses any other host, since the merchant's token goes with the request, and any
 * path that "..", once resolved, takes outside /api/v1/.
 */
export function resolveApiPath(input: string, baseUrl: string): ApiPath {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const trimmed = input.trim();
  if (trimmed === '') throw new CliError('the path is empty');
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) {
    try {
      url = new URL(trimmed, base);
    } catch {
      throw new CliError(`"${trimmed}" is not a URL`);
    }
    if (url.origin !== base.origin) {
      throw new CliError(`refusing ${url.origin}: the access token is only sent to the base URL's host, ${base.origin}`);
    }
    if (url.username !== '' || url.password !== '') throw new CliError('credentials do not belong in the URL');
    if (prefix !== '' && !url.pathname.startsWith(`${prefix}/`)) throw new CliError(`the URL is not under the base URL ${baseUrl}`);
    url = new URL(`http://api${url.pathname.slice(prefix.length)}${url.search}`);
  } else {
    const relative = trimmed.startsWith(API_ROOT) || trimmed === API_ROOT.slice(0, -1) ? trimmed : API_ROOT + trimmed.replace(/^\/+/, '');
    url = new URL(relative, 'http://api');
  }
  if (!url.pathname.startsWith(API_ROOT)) {
    throw new CliError(`the path must stay under ${API_ROOT} (got ${url.pathname}); other endpoints are not the REST API`);
  }
  return { path: url.pathname, query: [...url.searchParams] };
}
