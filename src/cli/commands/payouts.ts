import { printJson } from '../apiCall';
import type { PayoutFilter } from '../../core/api';
import { LIST_OPTIONS, runList } from '../listOptions';
import { resourceCommand } from '../resourceCommand';

export const command = resourceCommand({
  name: 'payouts',
  summary: 'List and get payouts to the merchant\'s bank account (REST API)',
  about: 'Payouts are the transfers of collected money to the merchant. The spec documents no filters for them.',
  actions: {
    list: {
      synopsis: '[--page N] [--per-page N] [--all]', summary: 'the merchant\'s payouts',
      options: LIST_OPTIONS,
      // Any filter flag given still reaches the client, whose encodeFilter refuses it by name.
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => client.listPayouts(filter as PayoutFilter, page, { signal: s }),
        iterate: (filter, perPage, s) => client.iteratePayouts(filter as PayoutFilter, perPage, { signal: s }),
      }, signal),
    },
    get: { synopsis: 'ID', summary: 'one payout', takesId: true, run: async ({ client, io, id, signal }) => { printJson(io, await client.getPayout(id, { signal })); return 0; } },
  },
  flagsUsage: 'Pagination: --page N, --per-page N (default 100), or --all for every page as one array.',
});
