import type { UserFilter } from '../../core/api';
import { LIST_OPTIONS, runList } from '../listOptions';
import { resourceCommand } from '../resourceCommand';

export const command = resourceCommand({
  name: 'users',
  summary: 'List the merchant\'s customers (REST API)',
  about: 'Users are the merchant\'s customers. The spec documents no filters for them and no GET of one user.',
  actions: {
    list: {
      synopsis: '[--page N] [--per-page N] [--all]', summary: 'the merchant\'s users',
      options: LIST_OPTIONS,
      // Any filter flag given still reaches the client, whose encodeFilter refuses it by name.
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => client.listUsers(filter as UserFilter, page, { signal: s }),
        iterate: (filter, perPage, s) => client.iterateUsers(filter as UserFilter, perPage, { signal: s }),
      }, signal),
    },
  },
  flagsUsage: 'Pagination: --page N, --per-page N (default 100), or --all for every page as one array.',
});
