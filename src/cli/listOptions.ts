import { FILTERS_BY_RESOURCE, type ListableResource, type Page, type PageRequest } from '../core/api';
import { CliError, type CliIO } from './CliCommand';
import { printJson } from './apiCall';

/**
 * Every filter of the spec's Filtering table as a flag. Each list command accepts all of them
 * and lets core's encodeFilter refuse the ones its resource does not take, so the message
 * (naming the flag and the filters that do apply) comes from the one table in core.
 */
export const FILTER_FLAGS = [
  'status', 'paid', 'source-id', 'source-type', 'subscription-id', 'pre-authorization-id',
  'user-id', 'before', 'after', 'name', 'description',
] as const;

export const LIST_OPTIONS = {
  ...Object.fromEntries(FILTER_FLAGS.map((f) => [f, { type: 'string' }])) as Record<(typeof FILTER_FLAGS)[number], { type: 'string' }>,
  page: { type: 'string' },
  'per-page': { type: 'string' },
  all: { type: 'boolean', default: false },
} as const;

type ListValues = Partial<Record<(typeof FILTER_FLAGS)[number] | 'page' | 'per-page', string>> & { all?: boolean };

/** `--status paid --source-id X` → `{ status: 'paid', source_id: 'X' }`; an empty value is refused, not dropped. */
export function filterFromFlags(values: ListValues): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const flag of FILTER_FLAGS) {
    const value = values[flag];
    if (value === undefined) continue;
    if (value === '') throw new CliError(`--${flag} is empty`);
    filter[flag.replace(/-/g, '_')] = value;
  }
  return filter;
}

function pageNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new CliError(`${flag} must be a whole number, 1 or more, got ${JSON.stringify(raw)}`);
  return n;
}

/** The flags each resource's list takes, for its --help. */
export function filterUsage(resource: ListableResource): string {
  const names = Object.keys(FILTERS_BY_RESOURCE[resource]).map((k) => `--${k.replace(/_/g, '-')}`);
  return names.length === 0 ? '(the spec documents no filters for this list)' : names.join(' ');
}

export interface Lister<T> {
  list(filter: object, page: PageRequest | undefined, signal: AbortSignal): Promise<Page<T>>;
  iterate(filter: object, perPage: number | undefined, signal: AbortSignal): AsyncGenerator<T, void, undefined>;
}

/**
 * Prints one JSON array: the whole unpaginated list, one page (--page/--per-page), or with --all
 * every page followed to the end. When a page is not the last, says on stderr how to get the rest.
 */
export async function runList<T>(io: CliIO, name: string, values: ListValues, lister: Lister<T>, signal: AbortSignal): Promise<number> {
  const filter = filterFromFlags(values);
  const page = pageNumber('--page', values.page);
  const perPage = pageNumber('--per-page', values['per-page']);
  if (values.all === true) {
    if (page !== undefined) throw new CliError('--all fetches every page from the first: leave out --page');
    const records: T[] = [];
    for await (const record of lister.iterate(filter, perPage, signal)) records.push(record);
    printJson(io, records);
    return 0;
  }
  const requested: PageRequest | undefined = page === undefined && perPage === undefined ? undefined
    : { ...(page === undefined ? {} : { page }), ...(perPage === undefined ? {} : { perPage }) };
  const result = await lister.list(filter, requested, signal);
  printJson(io, result.records);
  if (result.next !== undefined) {
    const of = result.totalPages === undefined ? '' : ` of ${result.totalPages}`;
    const total = result.totalRecords === undefined ? '' : ` (${result.totalRecords} records)`;
    io.stderr.write(`gcdev ${name}: page ${result.page}${of}${total}; --page ${result.next} for the next, --all for every page\n`);
  }
  return 0;
}
