/** The spec's `X-Pagination` header: {"records":15,"pages":2,"links":{"next":2,"last":2}}. */
export interface PaginationHeader {
  records?: number;
  pages?: number;
  links: { next?: number; previous?: number; first?: number; last?: number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, min: number): number | undefined {
  // Accept "15" as well as 15: some servers stringify header JSON numbers.
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min ? n : undefined;
}

/**
 * Parses `X-Pagination`. Undefined when the header is absent or is not a JSON object;
 * individual fields that are not whole numbers are dropped rather than trusted.
 * `links.prev` is accepted as a spelling of `links.previous`.
 */
export function parsePaginationHeader(header: string | readonly string[] | undefined): PaginationHeader | undefined {
  if (header === undefined) return undefined;
  const text = typeof header === 'string' ? header : header[0];
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;
  const result: PaginationHeader = { links: {} };
  const records = count(json['records'], 0);
  const pages = count(json['pages'], 0);
  if (records !== undefined) result.records = records;
  if (pages !== undefined) result.pages = pages;
  const links = json['links'];
  if (isRecord(links)) {
    const next = count(links['next'], 1);
    const previous = count(links['previous'] ?? links['prev'], 1);
    const first = count(links['first'], 1);
    const last = count(links['last'], 1);
    if (next !== undefined) result.links.next = next;
    if (previous !== undefined) result.links.previous = previous;
    if (first !== undefined) result.links.first = first;
    if (last !== undefined) result.links.last = last;
  }
  return result;
}
