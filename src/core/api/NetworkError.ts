/**
 * The request never got an HTTP answer: connection refused or reset, DNS failure,
 * TLS failure, socket closed mid-response. Distinct from ApiError (the server answered)
 * and TimeoutError (the server was too slow).
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  /** The underlying code when known (ECONNREFUSED, ECONNRESET, ENOTFOUND, UND_ERR_SOCKET…). */
  readonly code: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; origin: string; code?: string; detail: string; cause?: unknown }) {
    super(`${init.method} ${init.origin}${init.path} could not be completed: ${init.detail}`, { cause: init.cause });
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
  }
}
