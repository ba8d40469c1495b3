/**
 * What the Requests view shows of a record, without vscode: the filter, the
 * one-line summary, the read-only document, and "Copy as curl". Everything
 * here is plain text: request and response values come from the network and
 * never become markup or links.
 */
import { explainError } from './errorExplanations';
import { REDACTED, resourceOf, type RequestRecord, type RequestResource } from './requestRecord';

export interface RequestFilter {
  readonly errorsOnly?: boolean;
  readonly resource?: RequestResource;
  /** Case-insensitive text the path (or query) contains. */
  readonly text?: string;
}

export function isErrorRecord(r: RequestRecord): boolean {
  return r.status >= 400 || r.status === 0;
}

export function matchesRequestFilter(r: RequestRecord, f: RequestFilter): boolean {
  if (f.errorsOnly && !isErrorRecord(r)) return false;
  if (f.resource && resourceOf(r.path) !== f.resource) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    // The path only, as the view says ("path contains"): a query can name any path (a redirect's resource_uri).
    if (!r.path.toLowerCase().includes(needle)) return false;
  }
  return true;
}

export function describeRequestFilter(f: RequestFilter): string {
  const parts: string[] = [];
  if (f.errorsOnly) parts.push('errors only');
  if (f.resource) parts.push(f.resource);
  if (f.text) parts.push(`path contains "${f.text}"`);
  return parts.join(', ');
}

/** The status as shown: the code, or "no answer". */
export function statusText(r: RequestRecord): string {
  return r.status === 0 ? 'no answer' : String(r.status);
}

/** "401 · 3 ms · merchant 0123ABC" */
export function requestSummary(r: RequestRecord): string {
  return [statusText(r), `${r.durationMs < 10 ? r.durationMs.toFixed(1) : Math.round(r.durationMs)} ms`, ...(r.merchantId ? [`merchant ${r.merchantId}`] : [])].join(' · ');
}

/** The spec's explanation of the record's error, as one line of text ("" for none). */
export function explanationLine(r: RequestRecord): string {
  const e = explainError(r.status, r.error);
  if (!e) return '';
  const where = e.section === 'Troubleshooting' ? `Troubleshooting, ${e.heading}` : `HTTP response codes, ${e.heading}`;
  return `The API reference (${where}): ${e.text}`;
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');
}

function prettyBody(body: string): { text: string; language: string } {
  try {
    return { text: JSON.stringify(JSON.parse(body), null, 2), language: 'json' };
  } catch {
    return { text: body, language: '' };
  }
}

/**
 * The read-only document for one record (Markdown). Every value from the
 * request or the response sits inside a code fence.
 */
export function requestDocument(r: RequestRecord): string {
  const out: string[] = [];
  out.push(`# Request ${r.id}`, '');
  out.push(fenced(`${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`), '');
  out.push(`- Time: ${r.time}`);
  out.push(`- Status: ${statusText(r)}`);
  out.push(`- Duration: ${r.durationMs} ms`);
  out.push(`- Served by: ${r.source === 'sandbox' ? 'the local sandbox' : 'a remote GoCardless (the extension\'s own request)'}`);
  if (r.merchantId) out.push(`- Merchant: ${fenceInline(r.merchantId)}`);
  out.push('');
  if (r.error !== undefined || isErrorRecord(r)) {
    out.push('## Error', '');
    if (r.error) out.push(fenced(r.error), '');
    const line = explanationLine(r);
    if (line) out.push(line, '');
  }
  for (const [title, m] of [['Request', r.request], ['Response', r.response]] as const) {
    out.push(`## ${title}`, '');
    if (!m) {
      out.push('Not recorded: the extension\'s client reports method, path, status and duration only.', '');
      continue;
    }
    if (Object.keys(m.headers).length > 0) out.push('Headers:', '', fenced(headerLines(m.headers), 'http'), '');
    if (m.body !== undefined) {
      const b = prettyBody(m.body);
      out.push(`Body${m.bodyTruncated ? ' (cut: only its start is kept)' : ''}:`, '', fenced(b.text, b.language), '');
    } else if (m.bodyNotKept) {
      out.push('Body not kept: the log keeps no successful read\'s answer ("Send again" fetches it anew).', '');
    } else {
      out.push('No body.', '');
    }
  }
  out.push(`Secrets (Authorization, cookies, tokens, app secrets, OAuth codes) are shown as ${REDACTED}; they are never recorded.`);
  return out.join('\n') + '\n';
}

function fenceInline(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  return `${tick} ${text} ${tick}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself, or that would be wrong on a replay. */
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding', 'authorization', 'cookie', 'user-agent']);

/**
 * The record as a curl command against `origin` (the sandbox or the account's
 * base URL). Credentials are shell variables, never values: the bearer token
 * as $GOCARDLESS_ACCESS_TOKEN, Basic as $GOCARDLESS_APP_ID:$GOCARDLESS_APP_SECRET.
 */
export function requestToCurl(r: RequestRecord, origin: string): string {
  const parts = [`curl -sS -X ${r.method}`];
  const auth = r.request ? (r.request.headers['authorization'] ?? '') : r.area === 'api' ? 'bearer' : '';
  if (/^bearer\b/i.test(auth)) parts.push('-H "Authorization: Bearer $GOCARDLESS_ACCESS_TOKEN"');
  else if (/^basic\b/i.test(auth)) parts.push('-u "$GOCARDLESS_APP_ID:$GOCARDLESS_APP_SECRET"');
  const headers = r.request?.headers ?? (r.area === 'api' ? { accept: 'application/json' } : {});
  for (const [k, v] of Object.entries(headers)) {
    if (SKIPPED_HEADERS.has(k) || v.includes(REDACTED)) continue;
    parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  }
  if (r.request?.body !== undefined) parts.push(`--data-binary ${shellQuote(r.request.body)}`);
  parts.push(shellQuote(`${origin.replace(/\/+$/, '')}${r.path}${r.query ? `?${r.query}` : ''}`));
  return parts.join(' \\\n  ');
}
