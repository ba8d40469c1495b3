/** The server did not answer (headers and body) within the client's `timeoutMs`. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(init: { method: string; path: string; origin: string; timeoutMs: number; cause?: unknown }) {
    super(`${init.method} ${init.origin}${init.path} timed out after ${init.timeoutMs} ms`, { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
    this.timeoutMs = init.timeoutMs;
  }
}
