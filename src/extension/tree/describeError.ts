import { ApiError } from '../../core/api/ApiError';

/**
 * One line for the user: the server's own message and status for API errors
 * ("Bill cannot be refunded (HTTP 422)"), the message otherwise. Core errors
 * never carry tokens, so this is safe to show and log.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.serverMessage} (HTTP ${error.status})`;
  // The embedded sandbox's own refusals (e.g. a bill outcome its state does not allow) carry the status they would answer.
  if (error instanceof Error && 'status' in error && typeof error.status === 'number') return `${error.message} (HTTP ${error.status})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
