import { parseArgs } from 'node:util';
import { apiCall, printJson, stopController } from '../apiCall';
import {
  CONNECTION_OPTIONS, CONNECTION_USAGE, CREDENTIAL_OPTIONS, CREDENTIAL_USAGE, openClient, requireYesOnLive, resolveConnection,
} from '../apiConnection';
import { CliError, type CliCommand } from '../CliCommand';
import { readAll } from '../readStdin';
import { resolveApiPath } from '../resolveApiPath';

type Method = 'GET' | 'POST' | 'PUT';

function usage(method: Method): string {
  const verb = method.toLowerCase();
  const data = method === 'GET' ? '' : ' [--data JSON]';
  return `gcdev ${verb} PATH${data} [options]

Sends ${method} to any endpoint of the REST API with the merchant's token, for what the
other commands do not cover, and prints the API's JSON. PATH is relative to /api/v1
("bills/0ABC"), an absolute path ("/api/v1/bills/0ABC"), or a full URL on the same
host as the base URL (a resource's "uri" or "sub_resource_uris"); a query string
is kept. A URL on any other host is refused: the token is only sent to the base URL.

  gcdev get 'merchants/0MERCHANT/bills?status=paid&per_page=10'
${method === 'GET' ? '' : `  gcdev ${verb} bills${method === 'POST' ? '' : '/0ABC/cancel'}${method === 'POST' ? ` --data '{"bill": {"amount": "10.00", "pre_authorization_id": "0PRE"}}'` : ''}
`}
Options:
${method === 'GET' ? '' : `  --data JSON             the request body, a JSON document; "-" reads it from stdin
`}${CONNECTION_USAGE}${method === 'GET' ? '' : ' (every ' + method + ' counts as one)'}
${CREDENTIAL_USAGE}

Exit status: 0 on a 2xx answer, 1 when the API refuses (its message on stderr) or
cannot be reached, 2 for bad options.
`;
}

function rawCommand(method: Method): CliCommand {
  const verb = method.toLowerCase();
  return {
    name: verb,
    summary: `${method} any /api/v1 path, e.g. gcdev ${verb} ${method === 'GET' ? 'bills/ID' : method === 'POST' ? 'bills/ID/retry' : 'bills/ID/cancel'} (REST API)`,
    usage: usage(method),
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args, strict: true, allowPositionals: true,
        options: { ...CONNECTION_OPTIONS, ...CREDENTIAL_OPTIONS, ...(method === 'GET' ? {} : { data: { type: 'string' } }) },
      });
      if (positionals.length !== 1) throw new CliError(`give exactly one path, e.g. gcdev ${verb} bills/ID`);
      const connection = resolveConnection(values, io);
      const target = resolveApiPath(positionals[0]!, connection.baseUrl);
      let body: unknown;
      const data = 'data' in values && typeof values.data === 'string' ? values.data : undefined;
      if (data !== undefined) {
        const text = data === '-' ? await readAll(io.stdin) : data;
        try {
          body = JSON.parse(text) as unknown;
        } catch (err) {
          throw new CliError(`--data is not JSON: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (method !== 'GET') requireYesOnLive(connection, values, `gcdev ${verb}`);
      const client = openClient(connection, values, io);
      const controller = stopController(io);
      try {
        return await apiCall(io, verb, async () => {
          printJson(io, await client.request(method, target.path, { query: target.query, signal: controller.signal, ...(body === undefined ? {} : { body }) }));
          return 0;
        });
      } finally {
        await client.close();
      }
    },
  };
}

export const getCommand = rawCommand('GET');
export const postCommand = rawCommand('POST');
export const putCommand = rawCommand('PUT');
