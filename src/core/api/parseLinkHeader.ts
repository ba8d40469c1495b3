/**
 * Parses an HTTP `Link` header (RFC 8288) into relation → URL, e.g.
 *   <https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="next",
 *        <https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="last"
 * as the spec's Pagination section shows it, spread over several lines. Tolerant: a malformed
 * entry is skipped (pagination then falls back on X-Pagination), never thrown on. Relations are
 * lower-cased; `rel="next last"` names two; the first link for a relation wins.
 */
export function parseLinkHeader(header: string | readonly string[] | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (header === undefined) return links;
  const text = typeof header === 'string' ? header : header.join(', ');
  let i = 0;

  const skipWhitespace = (): void => {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
  };
  /** Skips to just after the next comma outside quotes: the start of the next link. */
  const skipEntry = (): void => {
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '\\' && quoted) i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) { i++; return; }
    }
  };

  while (i < text.length) {
    skipWhitespace();
    if (text.charAt(i) === ',') { i++; continue; }
    if (i >= text.length) break;
    if (text.charAt(i) !== '<') { skipEntry(); continue; }
    const close = text.indexOf('>', i + 1);
    if (close < 0) break;
    const url = text.slice(i + 1, close).trim();
    i = close + 1;
    const rels: string[] = [];
    // Parameters: ; name[=value]  where value is a token or a quoted string.
    while (i < text.length) {
      skipWhitespace();
      const c = text.charAt(i);
      if (c === ',') { i++; break; }
      if (c !== ';') { skipEntry(); break; }
      i++;
      skipWhitespace();
      const nameMatch = /^[^=;,\s]+/.exec(text.slice(i));
      const name = nameMatch?.[0].toLowerCase() ?? '';
      i += name.length;
      skipWhitespace();
      let value = '';
      if (text.charAt(i) === '=') {
        i++;
        skipWhitespace();
        if (text.charAt(i) === '"') {
          i++;
          while (i < text.length && text.charAt(i) !== '"') {
            if (text.charAt(i) === '\\') i++;
            value += text.charAt(i);
            i++;
          }
          i++;
        } else {
          const token = /^[^;,\s]*/.exec(text.slice(i))?.[0] ?? '';
          value = token;
          i += token.length;
        }
      }
      if (name === 'rel') rels.push(...value.toLowerCase().split(/\s+/).filter((r) => r !== ''));
    }
    for (const rel of rels) {
      if (url !== '' && !links.has(rel)) links.set(rel, url);
    }
  }
  return links;
}

/** A positive whole number from a query parameter of a link URL (`page`, `per_page`), if there is one. */
export function linkQueryNumber(url: string | undefined, name: string): number | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return undefined;
  }
  const raw = parsed.searchParams.get(name);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
