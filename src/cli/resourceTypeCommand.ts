import { getResource, iterateResources, listResources, RESOURCE_TYPES, type ResourceType } from '../core/api/resourceTypes';
import { printJson } from './apiCall';
import type { CliCommand } from './CliCommand';
import { filterUsage, LIST_OPTIONS, runList } from './listOptions';
import { resourceCommand, type ResourceAction } from './resourceCommand';
import { resourceCommandName } from './resourceCommandName';
import { RESOURCE_TYPE_CLI } from './resourceTypeCli';

const PAGINATION_USAGE = 'Pagination: --page N, --per-page N (default 100), or --all for every page as one array.';

/**
 * `gcdev <path> list|get …` for one RESOURCE_TYPES row: list (with the row's filters as
 * flags, pages and --all) and get by id (when the row has a get) come from the row; the
 * type's own actions and help prose from RESOURCE_TYPE_CLI.
 */
export function resourceTypeCommand(type: ResourceType): CliCommand {
  const row = RESOURCE_TYPES[type];
  const cli = RESOURCE_TYPE_CLI[type] ?? {};
  const plural = row.pluralLabel.toLowerCase();
  const hasFilters = Object.keys(row.filters).length > 0;
  const get: ResourceAction | undefined = row.get === undefined ? undefined : {
    synopsis: 'ID', summary: `one ${row.label.toLowerCase()}`, takesId: true,
    run: async ({ client, io, id, signal }) => { printJson(io, await getResource(client, type, id, { signal })); return 0; },
  };
  const actions: Record<string, ResourceAction> = {
    list: {
      synopsis: `${hasFilters ? '[filters] ' : ''}[--page N] [--per-page N] [--all]`, summary: `the merchant's ${plural}`,
      // Every filter flag reaches the client, whose encodeFilter refuses by name one that this list does not take.
      options: LIST_OPTIONS,
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => listResources(client, type, filter, page, { signal: s }),
        iterate: (filter, perPage, s) => iterateResources(client, type, filter, perPage, { signal: s }),
      }, signal),
    },
    ...(get === undefined ? {} : { get }),
    ...cli.actions,
  };
  const filters = hasFilters
    ? `List filters (the spec's Filtering table): ${filterUsage(row.path)}\n${cli.filterNotes === undefined ? '' : `${cli.filterNotes}\n`}`
    : '';
  return resourceCommand({
    name: resourceCommandName(row.path),
    summary: `${verbs(Object.keys(actions))} ${cli.what ?? plural} (REST API)`,
    about: cli.about ?? `${row.pluralLabel}: GET /api/v1/merchants/:id/${row.path}${get === undefined ? '' : `, and GET /api/v1/${row.path}/:id for one`}.`,
    actions,
    flagsUsage: filters + PAGINATION_USAGE,
  });
}

/** ['list', 'get', 'cancel'] → "List, get and cancel". */
function verbs(actions: string[]): string {
  const text = actions.length === 1 ? actions[0]! : `${actions.slice(0, -1).join(', ')} and ${actions.at(-1)!}`;
  return text[0]!.toUpperCase() + text.slice(1);
}
