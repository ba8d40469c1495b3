import { parseArgs } from 'node:util';
import { RedirectParseError, verifyRedirect } from '../../core/links';
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

Exit status: 0 when the signature is valid, 1 when it is not, 2 for bad input
(not a redirect: resource_id, resource_type, resource_uri or signature missing).
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
    io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.valid ? 0 : 1;
  },
};
