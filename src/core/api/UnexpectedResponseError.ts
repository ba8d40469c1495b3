/**
 * A 2xx answer whose body is not what the spec documents (not JSON, a missing id,
 * an amount that is not a decimal string…). `problem` names exactly what was wrong.
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
  readonly problem: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;

  constructor(init: { method: string; path: string; status: number; problem: string }) {
    super(`${init.method} ${init.path} returned an unexpected response (HTTP ${init.status}): ${init.problem}`);
    this.problem = init.problem;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
  }
}
