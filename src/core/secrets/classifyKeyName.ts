/**
 * How a key name relates to GoCardless credentials:
 * - `app-secret` / `access-token`: it names one (app_secret, GOCARDLESS_ACCESS_TOKEN, setAppSecret);
 * - `generic`: a secret of unknown origin (secret, token, api_key), flagged only near the word GoCardless;
 * - `not-secret`: a GoCardless identifier that is public by design (app_id/client_id, merchant_id, nonce, signature);
 * - `other`: anything else.
 */
export type KeyClass = 'app-secret' | 'access-token' | 'generic-secret' | 'generic-token' | 'not-secret' | 'other';

// The app id (client_id) is 64 base64 characters too, and appears in every Connect link.
const PUBLIC = ['appid', 'clientid', 'merchantid', 'nonce', 'signature', 'userid', 'billid', 'redirect', 'uri', 'url'];

export function classifyKeyName(name: string): KeyClass {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === '') return 'other';
  if (PUBLIC.some((p) => n.includes(p))) return 'not-secret';
  const gocardless = n.includes('gocardless');
  if (n.includes('appsecret') || n.includes('clientsecret') || (gocardless && n.includes('secret'))) return 'app-secret';
  if (n.includes('accesstoken') || n.includes('bearertoken') || (gocardless && (n.includes('token') || n.endsWith('key')))) return 'access-token';
  // `Authorization: bearer <token>`, as the spec's Authentication section shows.
  if (n.includes('token') || n === 'bearer' || n === 'authorization') return 'generic-token';
  if (n.includes('secret') || n.includes('apikey') || n.includes('password') || n.includes('passwd') || n.includes('credential') || n.endsWith('key')) return 'generic-secret';
  return 'other';
}
