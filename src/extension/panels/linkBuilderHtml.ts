// No `vscode` import: the webview tests render this same page in Chromium.

export interface LinkBuilderHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh base64 nonce from crypto.randomBytes for every render. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The builder's page: an empty body the bundle fills with DOM APIs. Nothing
 * runs without the nonce, nothing loads but the extension's own files, and
 * images only from them or data: (the QR code is drawn on a canvas).
 */
export function linkBuilderHtml(o: LinkBuilderHtmlOptions): string {
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
<title>Create payment link</title>
</head>
<body>
<script type="module" nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}
