import { randomBytes } from 'node:crypto';
import type { ConnectResourceType, NamedEnvironment } from '../api/models';
import { flattenParams, hmacHex, normalizePairs, parseNormalized, type SignableParams, type SignableValue } from '../signing';
import {
  checkRequired, checkText, checkUtcTimestamp, isPresent, parseApiInstant, throwIfInvalid, validateConnectParams,
  ValidationError, type ConnectResourceParams, type ValidationIssue,
} from '../validation';
import { CONNECT_LINK_LIFETIME_MS, CONNECT_PATHS, type ConnectLink, formatConnectTimestamp } from './ConnectLink';
import { resolveBaseUrl } from './resolveBaseUrl';

export interface ConnectLinkOptions {
  readonly resourceType: ConnectResourceType;
  /** The app identifier, sent as client_id. */
  readonly appId: string;
  /** Keys the signature; never part of the link, the result or any error. */
  readonly appSecret: string;
  /** The resource's params, merchant_id included. Empty strings and nulls are left out of the link. */
  readonly resource: ConnectResourceParams;
  /** `live`, `sandbox` (the default) or a base URL such as a local sandbox's. */
  readonly environment?: NamedEnvironment | string;
  readonly redirectUri?: string;
  readonly cancelUri?: string;
  readonly state?: string;
  /** Fixed nonce for reproducible output; by default 48 random bytes in base64. */
  readonly nonce?: string;
  /** Fixed timestamp (ISO 8601 UTC without milliseconds, or a Date); by default the clock's now. */
  readonly timestamp?: string | Date;
  /** Epoch milliseconds; defaults to Date.now. */
  readonly clock?: () => number;
}

/**
 * crypto.randomBytes in base64url, as the spec recommends ("a random
 * base64-encoded string"), in the URL-safe alphabet (RFC 4648 §5): a nonce
 * with no `+`, `/` or `=` needs no percent-encoding, so a browser, a proxy
 * or a chat client that decodes `%2B` to `+` (a space to the server) cannot
 * change it and break the signature.
 */
export function newNonce(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Builds and signs a Connect payment link. Validates every parameter first and
 * throws one ValidationError listing all problems. Dates must come after the
 * link's timestamp, so a fixed timestamp gives the same verdict every time.
 */
export function buildConnectLink(options: ConnectLinkOptions): ConnectLink {
  const issues: ValidationIssue[] = [];
  const push = (i: ValidationIssue | undefined): void => {
    if (i) issues.push(i);
  };
  push(checkRequired('client_id', options.appId) ?? checkText('client_id', options.appId));
  push(checkRequired('app_secret', options.appSecret));
  if (options.nonce !== undefined) push(checkRequired('nonce', options.nonce) ?? checkText('nonce', options.nonce));

  const clock = options.clock ?? Date.now;
  let timestamp: string;
  if (options.timestamp instanceof Date) {
    timestamp = Number.isNaN(options.timestamp.getTime()) ? String(options.timestamp) : formatConnectTimestamp(options.timestamp.getTime());
  } else {
    timestamp = options.timestamp ?? formatConnectTimestamp(clock());
  }
  const timestampIssue = checkUtcTimestamp('timestamp', timestamp);
  push(timestampIssue);
  const issuedAt = timestampIssue ? clock() : parseApiInstant(timestamp)!;

  const resource = withoutEmpty(options.resource as unknown as Record<string, unknown>);
  // " 10.00" would be signed with its space, which no one meant (a form field, a shell argument): amounts go into
  // the link trimmed, as createBillBody sends them.
  for (const key of ['amount', 'max_amount', 'setup_fee']) {
    const value = resource[key];
    if (typeof value === 'string') resource[key] = value.trim();
  }
  issues.push(...validateConnectParams({
    resourceType: options.resourceType, resource,
    redirect_uri: options.redirectUri, cancel_uri: options.cancelUri, state: options.state,
  }, issuedAt));
  let baseUrl = '';
  try {
    baseUrl = resolveBaseUrl(options.environment ?? 'sandbox');
  } catch (err) {
    if (err instanceof ValidationError) issues.push(...err.issues);
    else throw err;
  }
  throwIfInvalid(issues);

  const nonce = options.nonce ?? newNonce();
  const params: Record<string, SignableValue> = {
    client_id: options.appId,
    nonce,
    timestamp,
    [options.resourceType]: resource as SignableParams,
  };
  if (isPresent(options.redirectUri)) params['redirect_uri'] = options.redirectUri;
  if (isPresent(options.cancelUri)) params['cancel_uri'] = options.cancelUri;
  if (isPresent(options.state)) params['state'] = options.state;

  const pairs = flattenParams(params);
  const normalized = normalizePairs(pairs);
  const signature = hmacHex(normalized, options.appSecret);
  // The query is the normalized string with the signature in its sorted place, like the spec's example link.
  const query = normalizePairs([...pairs, ['signature', signature]]);
  return {
    url: `${baseUrl}${CONNECT_PATHS[options.resourceType]}?${query}`,
    resourceType: options.resourceType,
    baseUrl,
    params,
    pairs: parseNormalized(normalized),
    normalized,
    signature,
    nonce,
    timestamp,
    expiresAt: formatConnectTimestamp(issuedAt + CONNECT_LINK_LIFETIME_MS),
  };
}

/** Drops unset optional values ('' and null), one level deep into `user`, so a form's blank inputs don't reach the link. */
function withoutEmpty(resource: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (!isPresent(value)) continue;
    if (key === 'user' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const user = withoutEmpty(value as Record<string, unknown>);
      if (Object.keys(user).length > 0) out[key] = user;
      continue;
    }
    out[key] = value;
  }
  return out;
}
