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

/** The signed keys and the signature: each may appear once. */
const ONCE: ReadonlySet<string> = new Set([...REDIRECT_SIGNED_KEYS, 'signature']);

function repeated(key: string): RedirectParseError {
  return new RedirectParseError(key, `${key} appears more than once in the redirect: GoCardless sends each signed parameter once, so the URL was changed after signing`);
}

/**
 * Accepts a full redirect URL, a bare query string, or the params already
 * read from one. A signed key (or the signature) given twice is refused:
 * frameworks differ on which of `resource_id=A&resource_id=B` they hand the
 * app, so a check of one value would vouch for the other.
 */
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
    for (const [k, v] of queryPairs(search)) {
      if (ONCE.has(k) && map.has(k)) throw repeated(k);
      map.set(k, v); // the last of other repeated keys wins, as in Rack
    }
    return map;
  }
  for (const [k, v] of Object.entries(input)) {
    if (Array.isArray(v) && v.length > 1 && ONCE.has(k)) throw repeated(k);
    const value = Array.isArray(v) ? (v as readonly string[])[v.length - 1] : (v as string | undefined);
    if (value !== undefined) map.set(k, value);
  }
  return map;
}

/** A redirect's params as received, its resource_type not yet checked against the three the spec names. */
export interface RedirectFields {
  readonly resource_id: string;
  readonly resource_type: string;
  readonly resource_uri: string;
  readonly state?: string;
  readonly signature: string;
}

/** Reads the redirect's signed params and signature; throws RedirectParseError when one is missing or repeated. */
export function readRedirectFields(input: string | RedirectParams): RedirectFields {
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
  const state = params.get('state');
  return { resource_id, resource_type, resource_uri, signature, ...(state === undefined ? {} : { state }) };
}

/** The problem with a resource_type that is not one of the spec's three, or undefined. */
export function resourceTypeProblem(resourceType: string): string | undefined {
  return isConnectResourceType(resourceType) ? undefined : 'resource_type must be bill, subscription or pre_authorization';
}

/** Reads the resource and signature GoCardless appended to a redirect URL; other params the merchant's URL carried are ignored. */
export function parseRedirectUrl(input: string | RedirectParams): RedirectResource {
  const fields = readRedirectFields(input);
  const { resource_type } = fields;
  if (!isConnectResourceType(resource_type)) {
    throw new RedirectParseError('resource_type', `resource_type must be bill, subscription or pre_authorization, got "${resource_type}"`);
  }
  return { ...fields, resource_type };
}
