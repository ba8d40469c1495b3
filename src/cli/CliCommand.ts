import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes; tests pass their own streams. */
export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands wait on it. */
  readonly stopSignal: Promise<string>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `gcdev --help`. */
  readonly summary: string;
  /** The full `--help` text of the command. */
  readonly usage: string;
  /** Returns the exit code. Throw a CliError for bad input: it becomes one line on stderr and exit 2. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Bad input: printed as a single line, exit code 2 unless given. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'CliError';
  }
}
