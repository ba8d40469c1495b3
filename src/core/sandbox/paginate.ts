import type { ListQuery } from './ListQuery';
import { firstIndexAfter, firstIndexAtOrAfter } from './SandboxState';

export interface ListResult<T> {
  items: T[];
  headers: Record<string, string>;
}

/**
 * Filters a created_at-ordered list and cuts the requested page. before/after
 * are binary searches; the other filters are one pass over that slice, which
 * also counts the records for X-Pagination.
 */
export function listRecords<T extends { createdMs: number }>(
  list: readonly T[], q: ListQuery, predicate: ((item: T) => boolean) | undefined, requestUrl: URL,
): ListResult<T> {
  const from = q.afterMs === undefined ? 0 : firstIndexAfter(list, q.afterMs);
  const to = q.beforeMs === undefined ? list.length : firstIndexAtOrAfter(list, q.beforeMs);
  const headers: Record<string, string> = {};
  if (q.ignored.length) headers['x-sandbox-ignored-params'] = q.ignored.join(', ');
  const start = q.page ? (q.page.page - 1) * q.page.perPage : 0;
  const end = q.page ? start + q.page.perPage : Infinity;
  let items: T[];
  let records: number;
  if (!predicate) {
    records = Math.max(0, to - from);
    items = list.slice(from + Math.min(start, records), from + Math.min(end, records));
  } else {
    items = [];
    records = 0;
    for (let i = from; i < to; i++) {
      const item = list[i]!;
      if (!predicate(item)) continue;
      if (records >= start && records < end) items.push(item);
      records++;
    }
  }
  if (q.page) Object.assign(headers, paginationHeaders(requestUrl, q.page.page, q.page.perPage, records));
  return { items, headers };
}

/** Link and X-Pagination as in the spec's example: next/last while there are more pages, first/prev after page 1. */
export function paginationHeaders(requestUrl: URL, page: number, perPage: number, records: number): Record<string, string> {
  const pages = Math.ceil(records / perPage);
  const links: Record<string, number> = {};
  if (page > 1) {
    links['first'] = 1;
    links['prev'] = Math.min(page - 1, Math.max(pages, 1));
  }
  if (page < pages) {
    links['next'] = page + 1;
    links['last'] = pages;
  }
  const link = Object.entries(links).map(([rel, n]) => `<${pageUrl(requestUrl, n, perPage)}>; rel="${rel}"`).join(', ');
  const headers: Record<string, string> = { 'x-pagination': JSON.stringify({ records, pages, links }) };
  if (link) headers['link'] = link;
  return headers;
}

function pageUrl(requestUrl: URL, page: number, perPage: number): string {
  const params = new URLSearchParams();
  params.set('page', String(page));
  params.set('per_page', String(perPage));
  for (const [k, v] of requestUrl.searchParams) if (k !== 'page' && k !== 'per_page') params.append(k, v);
  return `${requestUrl.origin}${requestUrl.pathname}?${params.toString()}`;
}
