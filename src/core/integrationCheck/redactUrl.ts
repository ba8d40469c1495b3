const SECRET_QUERY_NAME = /secret|token|key|pass|auth|sig|code/i;

/**
 * The URL as it may appear in a report someone attaches to a support case:
 * no user-info password, and query values whose names look like credentials
 * replaced by `REDACTED`.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.password) url.password = 'REDACTED';
  for (const name of [...new Set(url.searchParams.keys())]) {
    if (SECRET_QUERY_NAME.test(name)) url.searchParams.set(name, 'REDACTED');
  }
  return url.toString();
}
