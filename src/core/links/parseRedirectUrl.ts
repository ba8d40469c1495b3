import type { ConnectResourceType } from '../api/models';
import { isConnectResourceType } from '../validation';
import { queryPairs } from './queryPairs';

/** The keys GoCardless signs a redirect over ("Checking the signature": the other 4 params, 3 if state is not used). */
export const REDIRECT_SIGNED_KEYS = ['resource_id', 'resource_type', 'resource_uri', 'state'] as const;

/** What GoCardless appends to the redirect URI when the customer completes the Connect flow. */
export interface RedirectResource {
  readonly resource_id: string;
  readonly resource_type: ConnectResourceType;
  readonly resource_uri: string;
  readonly state?: string;
  readonly signature: string;
}

/** A redirect that lacks a parameter GoCardless always sends, or carries an impossible one. */
export class RedirectParseError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'RedirectParseError';
  }
}

/** Redirect params as a framework hands them over (`req.query`) or as a query's pairs. */
export type RedirectParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Accepts a full redirect URL, a bare query string, or the params already read from one. */
export function redirectParamsOf(input: string | RedirectParams): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof input === 'string') {
    const trimmed = input.trim();
    let search = trimmed;
    try {
      search = new URL(trimmed).search;
    } catch {
      // not a whole URL: read it as a query string
    }
    for (const [k, v] of queryPairs(search)) map.set(k, v); // the last of repeated keys wins, as in Rack
    return map;
  }
  for (const [k, v] of Object.entries(input)) {
    const value = Array.isArray(v) ? (v as readonly string[])[v.length - 1] : (v as string | undefined);
    if (value !== undefined) map.set(k, value);
  }
  return map;
}

/** Reads the resource and signature GoCardless appended to a redirect URL; other params the merchant's URL carried are ignored. */
export function parseRedirectUrl(input: string | RedirectParams): RedirectResource {
  const params = redirectParamsOf(input);
  const required = (key: string): string => {
    const value = params.get(key);
    if (value === undefined || value === '') {
      throw new RedirectParseError(key, `the redirect has no ${key}: GoCardless sends resource_id, resource_type, resource_uri and signature (and state when the link had one)`);
    }
    return value;
  };
  const resource_id = required('resource_id');
  const resource_type = required('resource_type');
  const resource_uri = required('resource_uri');
  const signature = required('signature');
  if (!isConnectResourceType(resource_type)) {
    throw new RedirectParseError('resource_type', `resource_type must be bill, subscription or pre_authorization, got "${resource_type}"`);
  }
  const state = params.get('state');
  return { resource_id, resource_type, resource_uri, signature, ...(state === undefined ? {} : { state }) };
}
