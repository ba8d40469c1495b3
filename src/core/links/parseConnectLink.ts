import { CONNECT_RESOURCE_TYPES, type ConnectResourceType } from '../api/models';
import type { ParamPair, SignableParams, SignableValue } from '../signing';
import { CONNECT_PATHS } from './ConnectLink';
import { queryPairs, unflattenPairs } from './queryPairs';

/** A URL that is not a Connect link, or lacks what one needs to be read. */
export class ConnectLinkParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectLinkParseError';
  }
}

/** A Connect link read back into its parts; every part is as the link carried it, unvalidated. */
export interface ParsedConnectLink {
  readonly baseUrl: string;
  readonly resourceType: ConnectResourceType;
  /** Decoded pairs in the link's order, signature included. */
  readonly pairs: readonly ParamPair[];
  /** The nested params, without the signature: what the signature should be over. */
  readonly params: SignableParams;
  /** The resource's own params (`subscription[...]`), or an empty object when absent. */
  readonly resource: { readonly [key: string]: SignableValue };
  readonly signature?: string;
  readonly clientId?: string;
  readonly nonce?: string;
  readonly timestamp?: string;
  readonly redirectUri?: string;
  readonly cancelUri?: string;
  readonly state?: string;
}

/** Reads a Connect payment link (`…/connect/subscriptions/new?…`) back into its params. */
export function parseConnectLink(link: string): ParsedConnectLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new ConnectLinkParseError('not a URL: a Connect link looks like https://sandbox.gocardless.com/connect/bills/new?…');
  }
  const resourceType = CONNECT_RESOURCE_TYPES.find((t) => url.pathname.endsWith(CONNECT_PATHS[t]));
  if (!resourceType) {
    throw new ConnectLinkParseError(`not a Connect link: the path must end in /connect/bills/new, /connect/subscriptions/new or /connect/pre_authorizations/new, got ${url.pathname}`);
  }
  const prefix = url.pathname.slice(0, url.pathname.length - CONNECT_PATHS[resourceType].length);
  const pairs = queryPairs(url.search);
  const unsigned = pairs.filter(([k]) => k !== 'signature');
  const params = unflattenPairs(unsigned);
  const last = (key: string): string | undefined => {
    let found: string | undefined;
    for (const [k, v] of pairs) if (k === key) found = v;
    return found;
  };
  const resource = params[resourceType];
  return {
    baseUrl: `${url.origin}${prefix}`,
    resourceType,
    pairs,
    params,
    resource: typeof resource === 'object' && resource !== null && !Array.isArray(resource) ? (resource as { readonly [key: string]: SignableValue }) : {},
    ...optional('signature', last('signature')),
    ...optional('clientId', last('client_id')),
    ...optional('nonce', last('nonce')),
    ...optional('timestamp', last('timestamp')),
    ...optional('redirectUri', last('redirect_uri')),
    ...optional('cancelUri', last('cancel_uri')),
    ...optional('state', last('state')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
