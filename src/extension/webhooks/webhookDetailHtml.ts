// No `vscode` import: the webview test renders this same page in Chromium.

export interface WebhookDetailHtmlOptions {
  readonly cspSource: string;
  /** A fresh base64 nonce from crypto.randomBytes for every render. */
  readonly nonce: string;
  readonly scriptUri: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1rem 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .2rem .6rem .2rem 0; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
/* Tables fit the panel: long ids, URIs and signatures wrap instead of pushing columns off-screen. */
table { max-width: 100%; }
#objects { width: 100%; }
td, td code, #objects th { overflow-wrap: anywhere; word-break: break-word; }
code, pre, textarea { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 12px); line-height: 1.5; }
pre { background: var(--vscode-textCodeBlock-background, #8881); padding: .5rem; overflow: auto; white-space: pre-wrap; word-break: break-all; }
/* One block, not one background per wrapped line: each line's background painted over the underscores above it (amount_minus_fees read "amount minus fees"). */
code.wrap { display: block; padding: .2rem .4rem; }
.wrap { word-break: break-all; }
textarea { width: 100%; box-sizing: border-box; }
.badge { padding: .1rem .5rem; border-radius: .6rem; font-size: .8em; vertical-align: middle; }
.badge.valid { background: var(--vscode-testing-iconPassed, #2a2); color: #fff; }
.badge.invalid { background: var(--vscode-testing-iconFailed, #c33); color: #fff; }
.badge.neutral { background: #8886; }
.actions { display: flex; gap: .5rem; margin: .5rem 0; flex-wrap: wrap; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 0; padding: .3rem .8rem; cursor: pointer; }
.warnings li, .error { color: var(--vscode-errorForeground, #c33); }
#status { position: sticky; bottom: 0; background: var(--vscode-editor-background); }
`;

/** The detail page: an empty body the bundle fills with DOM APIs (text only). */
export function webhookDetailHtml(o: WebhookDetailHtmlOptions): string {
  const nonce = escapeAttr(o.nonce);
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, `img-src ${o.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${STYLE}</style>
<title>Webhook delivery</title>
</head>
<body>
<script type="module" nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}
