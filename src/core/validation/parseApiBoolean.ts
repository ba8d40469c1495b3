/**
 * A boolean the API takes as text (the `paid` filter, `calendar_intervals`).
 * The official libraries write booleans three ways (docs/client-libraries.md):
 * Node and Ruby `true`/`false`, Python `True`/`False` (`str(True)`, and what
 * `requests` puts in a query), PHP `1`/`0` (`http_build_query`). GoCardless
 * read all three, as Rails reads booleans, so the sandbox does too.
 * Anything else is not a boolean. Pure TypeScript (the webview bundles it).
 */
export function parseApiBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}
