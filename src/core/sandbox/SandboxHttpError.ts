/** A refusal the sandbox answers with: the status and a message the caller can act on. */
export class SandboxHttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'SandboxHttpError';
  }
}
