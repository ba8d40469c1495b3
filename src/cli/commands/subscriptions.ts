import { printJson } from '../apiCall';
import { filterUsage, LIST_OPTIONS, runList } from '../listOptions';
import { resourceCommand } from '../resourceCommand';

export const command = resourceCommand({
  name: 'subscriptions',
  summary: 'List, get and cancel subscriptions (REST API)',
  about: 'Subscriptions bill a customer a fixed amount every interval until cancelled or expired.',
  actions: {
    list: {
      synopsis: '[filters] [--page N] [--per-page N] [--all]', summary: 'the merchant\'s subscriptions',
      options: LIST_OPTIONS,
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => client.listSubscriptions(filter, page, { signal: s }),
        iterate: (filter, perPage, s) => client.iterateSubscriptions(filter, perPage, { signal: s }),
      }, signal),
    },
    get: { synopsis: 'ID', summary: 'one subscription', takesId: true, run: async ({ client, io, id, signal }) => { printJson(io, await client.getSubscription(id, { signal })); return 0; } },
    cancel: { synopsis: 'ID', summary: 'cancel it: no further bills', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.cancelSubscription(id)); return 0; } },
  },
  flagsUsage: `List filters (the spec's Filtering table): ${filterUsage('subscriptions')}
  --status S              inactive, active, cancelled, expired
  --before T, --after T   created before/after an ISO 8601 time, e.g. 2011-11-17T15:00:23Z
Pagination: --page N, --per-page N (default 100), or --all for every page as one array.`,
});
