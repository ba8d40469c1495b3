import { REDACTED, type RequestRecord } from '../../core/sandbox/requestRecord';
import type { Account } from '../accounts/Account';

/** Headers fetch sets itself, or that describe the first connection. */
const NOT_RESENT = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding', 'authorization', 'cookie', 'expect']);

export interface ResendRequest {
  readonly url: string;
  readonly init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual' };
}

/**
 * The request to send again against the running sandbox (`sandboxUrl`), with
 * the account's real credentials in place of the redacted ones: a bearer
 * token, or Basic app id and secret. Throws a message naming the reason when
 * the record cannot be replayed faithfully.
 */
export function resendRequest(r: RequestRecord, sandboxUrl: string, account: Account | undefined): ResendRequest {
  if (r.source !== 'sandbox' || !r.request) throw new Error('Send again works only for requests the local sandbox served.');
  if (r.request.bodyTruncated) throw new Error('This request\'s body was cut in the log (over 16 KiB), so it cannot be sent again as it was.');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.request.headers)) {
    if (!NOT_RESENT.has(k) && !v.includes(REDACTED)) headers[k] = v;
  }
  const auth = r.request.headers['authorization'] ?? '';
  if (auth !== '') {
    if (!account) throw new Error(`No local sandbox account${r.merchantId ? ` for merchant ${r.merchantId}` : ''} holds the credentials to send this again.`);
    if (/^bearer\b/i.test(auth)) headers['authorization'] = `bearer ${account.accessToken}`;
    else if (/^basic\b/i.test(auth)) headers['authorization'] = `Basic ${Buffer.from(`${account.appId}:${account.appSecret}`).toString('base64')}`;
  }
  const url = `${sandboxUrl.replace(/\/+$/, '')}${r.path}${r.query ? `?${r.query}` : ''}`;
  const withBody = r.request.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
  return { url, init: { method: r.method, headers, ...(withBody ? { body: r.request.body } : {}), redirect: 'manual' } };
}
