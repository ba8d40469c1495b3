import { parseArgs } from 'node:util';
import { RedirectParseError, verifyRedirect, type RedirectVerification } from '../../core/links';
import { signParams } from '../../core/signing';
import { appSecrets } from '../appSecret';
import { CliError, type CliCommand } from '../CliCommand';

const USAGE = `gcdev verify-redirect [--secret S] URL

Verifies the URL GoCardless redirected your customer to after the Connect flow:
re-signs resource_id, resource_type, resource_uri and state (only when present;
any other parameter your own redirect URI carried is ignored) and prints JSON
with "valid", the resource and the signature diagnosis.

  gcdev verify-redirect --secret S 'https://example.com/return?resource_id=…&signature=…'

Options:
  --secret S   the app secret; defaults to the GOCARDLESS_APP_SECRET environment
               variable (preferred: a command-line argument is visible to other users)

A resource_type other than bill, subscription or pre_authorization does not
stop the check: the signature is verified and the type listed in "problems".

Exit status: 0 when the signature is valid and there is no problem, 1 when it
is not or there is one, 2 for bad input (not a redirect: resource_id,
resource_type, resource_uri or signature missing, or a signed one repeated).
`;

export const command: CliCommand = {
  name: 'verify-redirect',
  summary: 'Verify the signature of a Connect redirect URL',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { secret: { type: 'string' } } });
    if (positionals.length !== 1) throw new CliError('give exactly one redirect URL (quote it: it contains &)');
    const secret = appSecrets(values.secret, io)[0]!;
    let result;
    try {
      result = verifyRedirect(positionals[0]!, secret);
    } catch (err) {
      if (err instanceof RedirectParseError) throw new CliError(err.message);
      throw err;
    }
    io.stdout.write(JSON.stringify(withExpectedSignature(result, secret), null, 2) + '\n');
    return result.valid ? 0 : 1;
  },
};

/**
 * Adds the signature a correct signer gives the redirect's params
 * (`diagnosis.expected.signature`), which core's diagnosis never carries (a
 * signing oracle wherever someone else chose the params). Allowed here: the
 * user runs this locally, on a URL they chose, with their own secret, and
 * asks for the answer on their own terminal; nothing is stored or sent.
 */
function withExpectedSignature(result: RedirectVerification, secret: string): RedirectVerification {
  const r = result.resource;
  const signed: Record<string, string> = { resource_id: r.resource_id, resource_type: r.resource_type, resource_uri: r.resource_uri };
  if (r.state !== undefined) signed['state'] = r.state;
  const { signature } = signParams(signed, secret);
  return { ...result, diagnosis: { ...result.diagnosis, expected: { ...result.diagnosis.expected, signature } as typeof result.diagnosis.expected } };
}
