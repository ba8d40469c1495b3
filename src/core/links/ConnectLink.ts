import type { ConnectResourceType } from '../api/models';
import type { ParamPair, SignableParams } from '../signing';

/**
 * How long GoCardless accepts a Connect link: "The request must hit our server
 * within 3 hours of this timestamp", and the nonce "is stored for a period of 3 hours".
 */
export const CONNECT_LINK_LIFETIME_MS = 3 * 60 * 60 * 1000;

/** The Connect endpoint of each resource type ("Generating payment links"). */
export const CONNECT_PATHS: Readonly<Record<ConnectResourceType, string>> = {
  bill: '/connect/bills/new',
  subscription: '/connect/subscriptions/new',
  pre_authorization: '/connect/pre_authorizations/new',
};

/** A signed Connect payment link, with everything that went into its signature. */
export interface ConnectLink {
  readonly url: string;
  readonly resourceType: ConnectResourceType;
  /** The environment's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The signed parameter tree (client_id, nonce, timestamp, the resource, redirect_uri…), without the signature. */
  readonly params: SignableParams;
  /** The flattened, decoded pairs of `params`, in the normalized string's order. */
  readonly pairs: readonly ParamPair[];
  readonly normalized: string;
  readonly signature: string;
  readonly nonce: string;
  /** ISO 8601 UTC without milliseconds, e.g. 2011-01-01T12:00:00Z. */
  readonly timestamp: string;
  /** timestamp + CONNECT_LINK_LIFETIME_MS, same format: after this GoCardless answers "Timestamp has expired". */
  readonly expiresAt: string;
}

/** ISO 8601 UTC without milliseconds, as the spec's examples write timestamps. */
export function formatConnectTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
