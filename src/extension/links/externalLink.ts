import * as vscode from 'vscode';
import type { Prompter } from '../Prompter';

/**
 * A signed URL for `env.openExternal`, unchanged. A parsed `vscode.Uri`
 * cannot carry it: tried in the real host, `Uri.parse(link).toString()`
 * encodes the query's `=` and `&`, and `toString(true)` decodes `%2B` to `+`
 * (a space to the server) — either way the signature no longer matches.
 * The extension host's openExternal also accepts the string itself and then
 * opens exactly that string (extHostWindow.openUri → $openUri(uri, uriString)),
 * so the string is passed through the Uri-typed API.
 */
export function externalLink(url: string): vscode.Uri {
  return url as unknown as vscode.Uri;
}

/** The parts of `vscode.env` that decide where a loopback URL is reachable from the user's browser. */
export interface ExternalUriResolver {
  asExternalUri(uri: vscode.Uri): Thenable<vscode.Uri>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** scheme://authority, then the rest exactly as written (path, query, fragment). */
const SPLIT = /^(https?):\/\/([^/?#]*)(.*)$/is;

/**
 * The URL to open in the user's browser for `url`, keeping its path and query
 * byte-for-byte. Only a loopback URL changes: its origin is resolved with
 * `asExternalUri` (unchanged on a local desktop, a forwarded port on a remote
 * host, code-server's `/proxy/PORT/` in a browser) and the original path and
 * query are appended as written.
 *
 * Why not let `openExternal` resolve it: when VS Code maps a loopback URL
 * itself, its opener rebuilds the address as `encodeURI(uri.toString(true))`
 * (openerService `_resolveExternalUriOpenTarget`), which decodes every
 * percent-escape of the query — `%2B` becomes `+` (a space to the server),
 * `%26` becomes `&` — and a signed link fails with "Signature is invalid".
 * A URL that needs no mapping is opened as the exact string.
 */
export async function browserUrlFor(url: string, resolver: ExternalUriResolver = vscode.env): Promise<string> {
  const parts = SPLIT.exec(url);
  if (!parts) return url;
  const [, scheme, authority, rest] = parts as unknown as [string, string, string, string];
  const host = authority.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  if (!LOOPBACK.test(host)) return url;
  const origin = await resolver.asExternalUri(vscode.Uri.parse(`${scheme.toLowerCase()}://${authority}/`));
  // A resolver that adds a query or fragment (a token) cannot be joined with ours: let VS Code open the original.
  if (origin.query !== '' || origin.fragment !== '') return url;
  const base = origin.toString().replace(/\/$/, '');
  return `${base}${rest.startsWith('/') || rest === '' ? rest : `/${rest}`}`;
}

/**
 * Opens `url` in the user's browser so that the page receives it
 * byte-for-byte, on a desktop, a remote host and code-server alike. Every link
 * the extension opens goes through here.
 */
export async function openLink(prompter: Prompter, url: string, resolver?: ExternalUriResolver): Promise<boolean> {
  return prompter.openExternal(externalLink(await browserUrlFor(url, resolver)));
}
