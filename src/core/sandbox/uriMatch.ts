/**
 * "Please ensure that the port, scheme, host and domain of the two redirect
 * URIs match": compares scheme, host and port (default ports made explicit).
 */
export function sameOrigin(given: string, registered: string | null): boolean {
  if (registered === null) return false;
  try {
    const a = new URL(given);
    const b = new URL(registered);
    return a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port;
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
