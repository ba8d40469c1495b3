import { request, type Dispatcher, type ResponseData } from '../api/undici';
import { ApiError } from '../api/ApiError';
import { extractServerMessage } from '../api/extractServerMessage';
import type { ConnectResourceType } from '../api/models';
import { NetworkError } from '../api/NetworkError';
import { redactSecrets } from '../api/redactSecrets';
import { TimeoutError } from '../api/TimeoutError';

export interface ConfirmResourceOptions {
  /** The environment's base URL (ENVIRONMENT_BASE_URLS or a local sandbox). */
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly resourceId: string;
  readonly resourceType: ConnectResourceType;
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
  readonly userAgent?: string;
}

export interface ConfirmResult {
  readonly status: number;
  /** The spec's answer is `{"success": true}`. */
  readonly success: boolean;
  readonly body: unknown;
}

const CONFIRM_PATH = '/api/v1/confirm';
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /api/v1/confirm with HTTP Basic app_id:app_secret ("Completing the
 * process"): without it GoCardless removes the inactive resource. Throws
 * ApiError (status and server message) on non-2xx, NetworkError or TimeoutError
 * when no answer comes; none of them carries the app secret.
 */
export async function confirmResource(options: ConfirmResourceOptions): Promise<ConfirmResult> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = `${base}${CONFIRM_PATH}`;
  const origin = new URL(url).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const auth = Buffer.from(`${options.appId}:${options.appSecret}`, 'utf8').toString('base64');
  let response: ResponseData;
  try {
    response = await request(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${auth}`,
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': options.userAgent ?? 'gocardless-devtools',
      },
      body: JSON.stringify({ resource_id: options.resourceId, resource_type: options.resourceType }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (err) {
    throw transportError(err, origin, timeoutMs);
  }
  let text: string;
  try {
    text = await readBounded(response.body);
  } catch (err) {
    throw transportError(err, origin, timeoutMs);
  }
  const safe = redactSecrets(text, [options.appSecret, auth]);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const message = extractServerMessage(safe);
    throw new ApiError({
      status: response.statusCode,
      serverMessage: message?.message ?? `HTTP ${response.statusCode}`,
      ...(message ? { serverMessages: message.messages } : {}),
      method: 'POST',
      path: CONFIRM_PATH,
      body: safe.slice(0, 4096),
    });
  }
  let body: unknown = safe;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  const success = typeof body === 'object' && body !== null && (body as { success?: unknown }).success === true;
  return { status: response.statusCode, success, body };
}

async function readBounded(body: ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new Error(`response body larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function transportError(err: unknown, origin: string, timeoutMs: number): Error {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError({ method: 'POST', path: CONFIRM_PATH, origin, timeoutMs, cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new NetworkError({ method: 'POST', path: CONFIRM_PATH, origin, detail, cause: err, ...(code ? { code } : {}) });
}
