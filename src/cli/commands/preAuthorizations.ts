import { printJson } from '../apiCall';
import { filterUsage, LIST_OPTIONS, runList } from '../listOptions';
import { resourceCommand } from '../resourceCommand';

export const command = resourceCommand({
  name: 'pre-authorizations',
  summary: 'List, get and cancel pre-authorizations (REST API)',
  about: `Pre-authorizations let the merchant bill a customer variable amounts up to
max_amount per interval (see gcdev bills create).`,
  actions: {
    list: {
      synopsis: '[filters] [--page N] [--per-page N] [--all]', summary: 'the merchant\'s pre-authorizations',
      options: LIST_OPTIONS,
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => client.listPreAuthorizations(filter, page, { signal: s }),
        iterate: (filter, perPage, s) => client.iteratePreAuthorizations(filter, perPage, { signal: s }),
      }, signal),
    },
    get: { synopsis: 'ID', summary: 'one pre-authorization', takesId: true, run: async ({ client, io, id, signal }) => { printJson(io, await client.getPreAuthorization(id, { signal })); return 0; } },
    cancel: { synopsis: 'ID', summary: 'cancel it: no further bills under it', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.cancelPreAuthorization(id)); return 0; } },
  },
  flagsUsage: `List filters (the spec's Filtering table): ${filterUsage('pre_authorizations')}
  --status S              inactive, active, cancelled, expired
  --before T, --after T   created before/after an ISO 8601 time, e.g. 2011-11-17T15:00:23Z
Pagination: --page N, --per-page N (default 100), or --all for every page as one array.`,
});
