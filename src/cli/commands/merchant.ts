import { printJson } from '../apiCall';
import type { CliCommand } from '../CliCommand';
import { resourceCommand } from '../resourceCommand';

const merchant = resourceCommand({
  name: 'merchant',
  summary: 'Show the merchant: name, balances, next payout (REST API)',
  about: 'GET /api/v1/merchants/:id for the merchant whose access token is given.',
  actions: {
    get: { synopsis: '', summary: 'the merchant (also plain "gcdev merchant")', run: async ({ client, io, signal }) => { printJson(io, await client.getMerchant({ signal })); return 0; } },
  },
});

/** `gcdev merchant` reads as `gcdev merchant get`: the merchant is the only one the token reaches. */
export const command: CliCommand = {
  ...merchant,
  usage: merchant.usage.replace('gcdev merchant get [options]', 'gcdev merchant [get] [options]'),
  run: (args, io) => merchant.run(args[0] === 'get' ? args : ['get', ...args], io),
};
