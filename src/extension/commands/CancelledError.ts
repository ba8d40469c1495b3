/** Thrown when the user dismisses a prompt mid-command; the command then ends quietly. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled.');
  }
}
