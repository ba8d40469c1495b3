/**
 * Per-field rules for the "Add Account" input boxes: each returns a message
 * naming what is wrong, or undefined when the value is acceptable.
 * vscode-free so it is unit-tested in plain Node.
 */
export type AccountField = 'name' | 'baseUrl' | 'appId' | 'appSecret' | 'merchantId' | 'accessToken';

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export function validateAccountField(field: AccountField, raw: string, existingNames: readonly string[] = []): string | undefined {
  const value = raw.trim();
  switch (field) {
    case 'name':
      if (!value) return 'Name is required.';
      if (value.length > 60) return 'Name must be at most 60 characters.';
      if (existingNames.some((n) => n.toLowerCase() === value.toLowerCase())) return `An account named "${value}" already exists.`;
      return undefined;
    case 'baseUrl': {
      if (!value) return 'Base URL is required, e.g. https://sandbox.gocardless.com or http://127.0.0.1:8080.';
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'Base URL must be an absolute URL such as http://127.0.0.1:8080.';
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Base URL must use http or https.';
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) return 'Plain http is only allowed for a loopback host (127.0.0.1, localhost, ::1); use https.';
      if (url.search || url.hash) return 'Base URL must not contain a query or fragment.';
      if (url.username || url.password) return 'Base URL must not contain credentials.';
      return undefined;
    }
    case 'appId':
      if (!value) return 'App identifier is required (Developer tab of the dashboard).';
      if (!ID_PATTERN.test(value)) return 'App identifier may contain only letters, digits, "-" and "_".';
      return undefined;
    case 'merchantId':
      if (!value) return 'Merchant id is required (Developer tab of the dashboard).';
      if (!ID_PATTERN.test(value)) return 'Merchant id may contain only letters, digits, "-" and "_".';
      return undefined;
    case 'appSecret':
      if (!value) return 'App secret is required.';
      if (/\s/.test(value)) return 'App secret must not contain spaces.';
      return undefined;
    case 'accessToken':
      if (!value) return 'Access token is required.';
      if (/\s/.test(value)) return 'Access token must not contain spaces (paste the token without "bearer ").';
      return undefined;
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

/** The stored form of a base URL: no trailing slash. */
export function normalizeBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}
