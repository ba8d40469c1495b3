// No `vscode` import: the webview tests render these same pages in Chromium.

export interface WebviewHtmlOptions {
  /** The panel's title, also the page's. */
  readonly title: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh base64 nonce from crypto.randomBytes for every render. */
  readonly nonce: string;
  /** The bundle, `dist/webview/<name>.js`, as a webview URI. */
  readonly scriptUri: string;
  /** The stylesheet, `media/<name>.css`, as a webview URI. */
  readonly styleUri: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Every webview's page: an empty body its bundle fills with DOM APIs (text
 * only). Nothing runs without the nonce, nothing loads but the extension's own
 * files, and images only from them or data: (the link builder draws its QR
 * code on a canvas).
 */
export function webviewHtml(o: WebviewHtmlOptions): string {
  const nonce = escapeAttr(o.nonce);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${o.cspSource} 'nonce-${nonce}'`,
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(o.title)}</title>
</head>
<body>
<script type="module" nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}
