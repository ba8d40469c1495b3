import { linkQueryNumber, parseLinkHeader } from './parseLinkHeader';
import { parsePaginationHeader } from './parsePaginationHeader';

/**
 * One page of a list endpoint. Page numbers are 1-based, as the API's `page` parameter.
 * `paginated` is false when the server sent no pagination headers: the records are then the
 * complete list (the spec makes pagination opt-in via `page`/`per_page`).
 */
export interface Page<T> {
  records: T[];
  page: number;
  perPage: number;
  paginated: boolean;
  totalRecords?: number;
  totalPages?: number;
  next?: number;
  previous?: number;
  first?: number;
  last?: number;
}

/** What the caller asked for; `per_page` defaults to 100 on the server (spec, Pagination). */
export interface PageRequest {
  page?: number;
  perPage?: number;
}

export const DEFAULT_PER_PAGE = 100;

/** Builds a Page from the records and the `Link` / `X-Pagination` headers; X-Pagination wins when both speak. */
export function pageFromResponse<T>(
  records: T[],
  headers: { link?: string | readonly string[]; 'x-pagination'?: string | readonly string[] },
  requested: PageRequest,
): Page<T> {
  const pagination = parsePaginationHeader(headers['x-pagination']);
  const links = parseLinkHeader(headers.link);
  if (pagination === undefined && links.size === 0) {
    if (requested.page === undefined && requested.perPage === undefined) {
      return { records, page: 1, perPage: records.length, paginated: false, totalRecords: records.length, totalPages: 1 };
    }
    // Pagination was asked for but the server sent no headers: all we know is this page.
    return { records, page: requested.page ?? 1, perPage: requested.perPage ?? DEFAULT_PER_PAGE, paginated: true };
  }
  const pageOf = (rel: string): number | undefined => linkQueryNumber(links.get(rel), 'page');
  const anyLink = links.get('next') ?? links.get('last') ?? links.get('prev') ?? links.get('previous') ?? links.get('first');
  const page: Page<T> = {
    records,
    page: requested.page ?? 1,
    perPage: requested.perPage ?? linkQueryNumber(anyLink, 'per_page') ?? DEFAULT_PER_PAGE,
    paginated: true,
  };
  const totalRecords = pagination?.records;
  const totalPages = pagination?.pages;
  const next = pagination?.links.next ?? pageOf('next');
  const previous = pagination?.links.previous ?? pageOf('prev') ?? pageOf('previous');
  const first = pagination?.links.first ?? pageOf('first');
  const last = pagination?.links.last ?? pageOf('last');
  if (totalRecords !== undefined) page.totalRecords = totalRecords;
  if (totalPages !== undefined) page.totalPages = totalPages;
  if (next !== undefined) page.next = next;
  if (previous !== undefined) page.previous = previous;
  if (first !== undefined) page.first = first;
  if (last !== undefined) page.last = last;
  return page;
}
