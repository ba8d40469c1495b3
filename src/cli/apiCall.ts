import { ApiError } from '../core/api';
import { ValidationError } from '../core/validation';
import { CliError, type CliIO } from './CliCommand';

/** How a core field name reads on the command line, where it differs from --kebab-case of itself. */
const FIELD_FLAGS: Readonly<Record<string, string>> = {
  id: 'ID',
  merchantId: '--merchant-id',
  accessToken: '--access-token',
  baseUrl: '--base-url',
  per_page: '--per-page',
  'bill[pre_authorization_id]': '--pre-authorization-id',
  'bill[amount]': '--amount',
  'bill[name]': '--name',
  'bill[description]': '--description',
  'bill[charge_customer_at]': '--charge-customer-at',
};

/** `source_id` → `--source-id`, `bill[amount]` → `--amount`. */
export function flagOf(field: string): string {
  return FIELD_FLAGS[field] ?? `--${field.replace(/_/g, '-')}`;
}

/** A ValidationError from core as one line naming each flag at fault; lists of filter names read as flags too. */
export function validationToCliError(err: ValidationError): CliError {
  const parts = err.issues.map((issue) => {
    const message = issue.message.replace(/; use ([a-z_, ]+)$/, (_m, names: string) => `; use ${names.split(', ').map(flagOf).join(', ')}`);
    return `${flagOf(issue.field)}: ${message}`;
  });
  return new CliError(parts.join('; '));
}

/** The API's JSON, as one document on stdout. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/**
 * Runs one exchange with the API and turns its failures into exit codes: bad input (caught
 * before sending) is 2; the API's refusal prints the API's own message(s) on stderr and is 1,
 * as are network failures, timeouts and answers that are not the documented JSON.
 */
export async function apiCall(io: CliIO, name: string, call: () => Promise<number>): Promise<number> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ValidationError) throw validationToCliError(err);
    if (err instanceof ApiError) {
      io.stderr.write(`gcdev ${name}: ${err.serverMessages.join('; ')} (HTTP ${err.status} from ${err.method} ${err.path})\n`);
      return 1;
    }
    throw err;
  }
}

/** Aborts reads when the process is asked to stop (Ctrl-C), so a long --all ends at once. */
export function stopController(io: CliIO): AbortController {
  const controller = new AbortController();
  void io.stopSignal.then((signal) => controller.abort(new CliError(`interrupted (${signal})`, 130)));
  return controller;
}
