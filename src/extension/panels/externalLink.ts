import type * as vscode from 'vscode';

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
