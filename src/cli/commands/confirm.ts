import { parseArgs } from 'node:util';
import { confirmResource, RedirectParseError, verifyRedirect } from '../../core/links';
import { CONNECT_RESOURCE_TYPES } from '../../core/api/models';
import { apiCall, printJson } from '../apiCall';
import { API_ENV, CONNECTION_OPTIONS, CONNECTION_USAGE, credential, requireYesOnLive, resolveConnection } from '../apiConnection';
import { CliError, type CliCommand } from '../CliCommand';

const USAGE = `gcdev confirm [--app-id A] [--app-secret S] [connection] REDIRECT_URL

Completes a Connect payment: verifies the signature of the URL GoCardless redirected
your customer to (resource_id, resource_type, resource_uri and state, signed with
your app secret), and only when it is genuine POSTs /api/v1/confirm with HTTP Basic
app_id:app_secret. "You must confirm the resource otherwise it will be removed
within a short period of time." (spec, Confirmation)

  gcdev confirm --base-url http://127.0.0.1:8080 'https://example.com/return?resource_id=…&signature=…'

Options:
  --app-id A              your app identifier (or ${API_ENV.appId})
  --app-secret S          your app secret (or ${API_ENV.appSecret}; preferred: a
                          command-line argument is visible to other local users)

${CONNECTION_USAGE}

Prints the API's answer ({"success": true}) on stdout. Exit status: 0 when confirmed,
1 when the signature does not verify (nothing is sent) or the API refuses (its message
on stderr), 2 for bad options or a URL that is not a Connect redirect.
`;

export const command: CliCommand = {
  name: 'confirm',
  summary: 'Verify a Connect redirect URL\'s signature, then confirm the resource (REST API)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, strict: true, allowPositionals: true,
      options: { ...CONNECTION_OPTIONS, 'app-id': { type: 'string' }, 'app-secret': { type: 'string' } },
    });
    if (positionals.length !== 1) throw new CliError('give exactly one redirect URL (quote it: it contains &)');
    const connection = resolveConnection(values, io);
    const appId = credential(io, '--app-id', values['app-id'], API_ENV.appId)!;
    const appSecret = credential(io, '--app-secret', values['app-secret'], API_ENV.appSecret)!;
    requireYesOnLive(connection, values, 'gcdev confirm');
    let verified;
    try {
      verified = verifyRedirect(positionals[0]!, appSecret);
    } catch (err) {
      if (err instanceof RedirectParseError) throw new CliError(err.message);
      throw err;
    }
    if (!verified.valid) {
      io.stderr.write(`gcdev confirm: the redirect's signature does not verify with this app secret (${verified.diagnosis.reason}); nothing was confirmed\n`);
      return 1;
    }
    const { resource } = verified;
    // A valid redirect has no problems, so its resource_type is one of the spec's three.
    const resourceType = CONNECT_RESOURCE_TYPES.find((t) => t === resource.resource_type);
    if (!resourceType) throw new CliError(`resource_type must be one of ${CONNECT_RESOURCE_TYPES.join(', ')}`);
    // resource_uri is signed, so it tells truly which API issued the resource; a different host is most likely the wrong environment.
    const issuer = originOf(resource.resource_uri);
    if (issuer !== undefined && issuer !== new URL(connection.baseUrl).origin) {
      io.stderr.write(`gcdev confirm: warning: the resource was issued by ${issuer}, but confirming at ${connection.baseUrl}\n`);
    }
    return apiCall(io, 'confirm', async () => {
      const result = await confirmResource({ baseUrl: connection.baseUrl, appId, appSecret, resourceId: resource.resource_id, resourceType });
      printJson(io, result.body);
      return result.success ? 0 : 1;
    });
  },
};

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}
