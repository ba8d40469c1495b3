/**
 * A non-2xx answer from the GoCardless API (or the local sandbox).
 * Carries the status, the server's own message and the request that failed, so
 * callers can show "what the server said" rather than a bare status code.
 * Never carries request headers: the access token must not travel with errors.
 */
export interface ApiErrorInit {
  status: number;
  /** The server's message, extracted from its JSON (`error`, `errors`, `message`…) or text body. */
  serverMessage: string;
  /** Every message when the body listed several (400 and 422 answer with an array, per the spec). */
  serverMessages?: readonly string[];
  method: string;
  /** Request path (with the non-secret query string), never the host's credentials. */
  path: string;
  /** The raw response body, bounded, with known secrets redacted. */
  body?: string;
}

/** What the spec's "HTTP response codes" section says each status means, as a hint for the user. */
const STATUS_HINTS: Readonly<Record<number, string>> = {
  400: 'The request could not be understood, usually due to malformed syntax.',
  401: 'The access token was not accepted: check it, and that it belongs to this environment (sandbox and live tokens differ).',
  403: 'The access token is valid but may not access this resource (it belongs to another merchant?).',
  404: 'The requested resource was not found.',
  412: 'A precondition failed (for example a timestamp that is too old).',
  418: 'The server is temporarily unavailable ("I\'m a teapot"); try again shortly.',
  422: 'The request was understood but is invalid for this resource in its current state.',
  500: 'GoCardless failed while processing the request; report it to GoCardless support if it persists.',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly serverMessage: string;
  readonly serverMessages: readonly string[];
  readonly method: string;
  readonly path: string;
  readonly body: string | undefined;

  constructor(init: ApiErrorInit) {
    super(`${init.method} ${init.path} failed with HTTP ${init.status}: ${init.serverMessage}`);
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.serverMessages = init.serverMessages ?? [init.serverMessage];
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
  }

  /** A one-line explanation of the status from the spec, or undefined for statuses it does not describe. */
  get hint(): string | undefined {
    return STATUS_HINTS[this.status] ?? (this.status >= 500 ? STATUS_HINTS[500] : undefined);
  }

  /** Whether repeating the same GET may succeed (spec: 418 is temporary; 5xx are server failures). */
  get isTransient(): boolean {
    return this.status === 418 || this.status >= 500;
  }
}
