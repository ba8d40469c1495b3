import { diagnoseSignature, type SignatureDiagnosis } from '../signing';
import { checkRequired, checkUtcTimestamp, connectTimestampVerdict, parseApiInstant, validateConnectParams, type ValidationIssue } from '../validation';
import { CONNECT_LINK_LIFETIME_MS, formatConnectTimestamp } from './ConnectLink';
import { parseConnectLink, type ParsedConnectLink } from './parseConnectLink';

/** The top-level keys a Connect link may carry besides its resource. */
const LINK_KEYS = ['client_id', 'nonce', 'timestamp', 'signature', 'redirect_uri', 'cancel_uri', 'state'];

export interface ConnectLinkDiagnosis {
  /** True when the signature verifies, the timestamp is live and every parameter is valid. */
  readonly ok: boolean;
  readonly link: ParsedConnectLink;
  readonly signature: SignatureDiagnosis;
  /** Parameter problems, named by field and rule. */
  readonly issues: readonly ValidationIssue[];
  /** Undefined when the timestamp cannot be read. */
  readonly expiresAt?: string;
  /** GoCardless answers "Timestamp has expired" after 3 hours. */
  readonly expired: boolean;
}

/**
 * Everything that would make GoCardless reject a Connect link that we can
 * tell from the link and the app secret: the signature (with core's
 * diagnosis), the timestamp's age, and each parameter's rules. Client id and
 * merchant id can only be checked by the server.
 */
export function diagnoseConnectLink(url: string, appSecret: string, now: number = Date.now()): ConnectLinkDiagnosis {
  const link = parseConnectLink(url);
  const signature = diagnoseSignature(link.params, link.signature, appSecret);
  const issues: ValidationIssue[] = [];
  for (const key of ['client_id', 'nonce', 'timestamp']) {
    const i = checkRequired(key, link.pairs.find(([k]) => k === key)?.[1]);
    if (i) issues.push(i);
  }
  let expiresAt: string | undefined;
  let expired = false;
  let issuedAt = now;
  if (link.timestamp !== undefined) {
    const t = checkUtcTimestamp('timestamp', link.timestamp);
    const issued = parseApiInstant(link.timestamp);
    if (t || issued === undefined) {
      if (t) issues.push(t);
    } else {
      issuedAt = issued;
      const expiry = issued + CONNECT_LINK_LIFETIME_MS;
      expiresAt = formatConnectTimestamp(expiry);
      expired = now >= expiry;
      if (connectTimestampVerdict(issued, now) === 'ahead') {
        issues.push({ field: 'timestamp', rule: 'utc-timestamp', message: `timestamp ${link.timestamp} is more than 3 hours ahead of now: GoCardless refuses a link outside 3 hours either side of its timestamp. Is the clock right, and the time in UTC?` });
      }
    }
  }
  for (const key of Object.keys(link.params)) {
    if (key !== link.resourceType && !LINK_KEYS.includes(key)) {
      issues.push({ field: key, rule: 'not-allowed', message: `${key} is not a Connect link parameter` });
    }
  }
  issues.push(...validateConnectParams({
    resourceType: link.resourceType, resource: link.params[link.resourceType],
    redirect_uri: link.redirectUri, cancel_uri: link.cancelUri, state: link.state,
  }, issuedAt));
  return {
    ok: signature.valid && !expired && issues.length === 0,
    link, signature, issues, expired,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}
