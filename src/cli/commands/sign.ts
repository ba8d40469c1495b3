import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { signParams, type SignableParams, UnsignableValueError } from '../../core/signing';
import { appSecrets, optionalAppSecrets } from '../appSecret';
import { CliError, type CliCommand, type CliIO } from '../CliCommand';
import { readAll } from '../readStdin';

const USAGE = `gcdev sign [--secret S] [--batch]

Signs parameters the way the Signature Guide says: flatten, percent-encode
(RFC 5849), sort, join, HMAC-SHA256 with the app secret.

  echo '{"user":{"email":"fred@example.com","age":30}}' | gcdev sign --secret S
  {"normalized":"user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com","signature":"763f…"}

Options:
  --secret S   the app secret; defaults to the GOCARDLESS_APP_SECRET environment
               variable (preferred: a command-line argument is visible to other users)
  --batch      read JSON lines {"params": {…}, "secret": "…"} ("secret" optional when
               --secret or the variable is set) and write one result line per input
               line, in order; a bad line gets {"line": N, "error": "…"} and the rest go on

Value rules: strings as they are; numbers as their decimal text; booleans true/false;
null keeps its key with an empty value; empty arrays and objects give no pairs.

Exit status: 0 when everything was signed, 1 when a batch line failed, 2 for bad input.
`;

export const command: CliCommand = {
  name: 'sign',
  summary: 'Sign JSON params from stdin (normalized string + HMAC-SHA256); --batch for JSON lines',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { secret: { type: 'string' }, batch: { type: 'boolean', default: false } },
    });
    if (values.batch) return signBatch(io, optionalAppSecrets(values.secret, io)[0]);
    const secret = appSecrets(values.secret, io)[0]!;
    const params = parseParams(await readAll(io.stdin));
    io.stdout.write(JSON.stringify(sign(params, secret)) + '\n');
    return 0;
  },
};

function parseParams(text: string): SignableParams {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`standard input is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isParams(json)) throw new CliError('standard input must be a JSON object of params, e.g. {"user": {"email": "fred@example.com"}}');
  return json;
}

function sign(params: SignableParams, secret: string): { normalized: string; signature: string } {
  try {
    const { normalized, signature } = signParams(params, secret);
    return { normalized, signature };
  } catch (err) {
    if (err instanceof UnsignableValueError) throw new CliError(err.message);
    throw err;
  }
}

/** Streams: each line is signed and written as it arrives, waiting for stdout to drain. */
async function signBatch(io: CliIO, defaultSecret: string | undefined): Promise<number> {
  const fallback = defaultSecret;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  let failed = 0;
  for await (const line of lines) {
    n++;
    let out: string;
    try {
      out = JSON.stringify(signLine(line, fallback));
    } catch (err) {
      failed++;
      out = JSON.stringify({ line: n, error: err instanceof Error ? err.message : String(err) });
    }
    if (!io.stdout.write(out + '\n')) await once(io.stdout, 'drain');
  }
  return failed > 0 ? 1 : 0;
}

function signLine(line: string, fallbackSecret: string | undefined): { normalized: string; signature: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error('not JSON: each line must be {"params": {…}, "secret": "…"}');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('each line must be a JSON object {"params": {…}, "secret": "…"}');
  const record = json as Record<string, unknown>;
  const params = record['params'];
  if (!isParams(params)) throw new Error('"params" must be a JSON object');
  const secret = record['secret'] ?? fallbackSecret;
  if (typeof secret !== 'string' || secret === '') throw new Error('no secret: give "secret" on the line, or --secret / GOCARDLESS_APP_SECRET');
  const { normalized, signature } = signParams(params, secret);
  return { normalized, signature };
}

/** JSON objects are signable params; the guard proves it to the type system. */
function isParams(value: unknown): value is SignableParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
