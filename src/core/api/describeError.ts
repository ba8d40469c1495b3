import { ApiError } from './ApiError';
import { NetworkError } from './NetworkError';
import { TimeoutError } from './TimeoutError';

/**
 * One line for a person, safe to show and log (core errors never carry tokens):
 * - an API error: the server's own message and status ("Bill cannot be refunded (HTTP 422)");
 * - the embedded sandbox's refusals carry the status they would answer, so likewise;
 * - the client's NetworkError and TimeoutError: their message, which already says in words what failed;
 * - a raw transport error (undici, node:net: what the forwarder and the integration check see): its
 *   message, the message of the error it wraps, and its code when neither shows it, because undici's
 *   own messages can be as bare as "other side closed".
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.serverMessage} (HTTP ${error.status})`;
  if (!(error instanceof Error)) return String(error);
  if ('status' in error && typeof error.status === 'number') return `${error.message} (HTTP ${error.status})`;
  if (error instanceof NetworkError || error instanceof TimeoutError) return error.message;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const text = cause && !error.message.includes(cause.message) ? `${error.message}: ${cause.message}` : error.message;
  const code = transportCode(cause) ?? transportCode(error);
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

/** A system (ECONNRESET…) or undici (UND_ERR_SOCKET…) code; other codes (ABORT_ERR…) add nothing for a person. */
function transportCode(error: Error | undefined): string | undefined {
  const code = error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code) ? code : undefined;
}
