// The test playing the user's browser on a redirect to one of the extension's loopback pages.
import { NAVIGATION_HEADERS, navigate, rawRequest, type RawAnswer } from '../../unit/extension/browserRequests';

/**
 * A top-level navigation to `url`. The test host is VS Code's bare server inside
 * code-server's package: vscode.env.asExternalUri gives code-server's forwarded
 * form (http://<host>/proxy/<port>/…) but nothing serves it there. This plays
 * code-server's proxy as it behaves: strip /proxy/<port>, keep the browser's Host.
 */
export function navigateAsBrowser(url: string): Promise<RawAnswer> {
  const location = new URL(url);
  const proxied = /^\/proxy\/(\d+)(\/.*)$/.exec(location.pathname);
  if (!proxied) return navigate(location.toString());
  return rawRequest(`http://127.0.0.1:${proxied[1]}${proxied[2]}${location.search}`, { headers: { ...NAVIGATION_HEADERS, host: location.host } });
}
