import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../http/escapeHtml';
import { sendAnswer } from './httpIO';


const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1c1c28;margin:0}
main{max-width:560px;margin:40px auto;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:28px 32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}.muted{color:#5c6070}
.badge{display:inline-block;background:#ffe8a3;color:#5a4500;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600;letter-spacing:.03em}
.amount{font-size:30px;font-weight:700;margin:12px 0 2px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}dt{color:#5c6070}dd{margin:0}
label{display:block;margin:10px 0 2px;font-weight:600;font-size:13px}input,select{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid #c6c9d2;border-radius:6px;font:inherit}
input[type=radio]{width:auto;margin-right:6px}
.row{display:flex;gap:12px}.row>div{flex:1}.hint{background:#eef6ff;border:1px solid #cfe3ff;border-radius:6px;padding:10px 12px;margin:16px 0;font-size:14px}
.error{background:#fdecec;border:1px solid #f5c2c2;color:#8a1c1c;border-radius:6px;padding:10px 12px;margin:16px 0}
.actions{display:flex;gap:12px;margin-top:20px}button{font:inherit;font-weight:600;border-radius:6px;padding:10px 18px;border:1px solid #1c1c28;cursor:pointer}
button.primary{background:#1c1c28;color:#fff}button.secondary{background:#fff;color:#1c1c28}code{background:#f0f1f4;border-radius:4px;padding:1px 5px;word-break:break-all}
`;

/** What a page may add: headers, a tag in its head, and for a refusal its message (the request log shows it). */
export interface HtmlPageExtras {
  readonly headers?: Record<string, string>;
  readonly meta?: string;
  readonly error?: string;
}

/**
 * Sends a self-contained page: no scripts, the inline style allowed by nonce
 * only (CSP default-src 'none'), never framed.
 */
export function sendHtml(res: ServerResponse, status: number, title: string, body: string, { headers = {}, meta = '', error }: HtmlPageExtras = {}): void {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${meta}<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body><main><span class="badge">SANDBOX</span>${body}</main></body></html>`;
  sendAnswer(res, status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...headers,
  }, html, error);
}

/**
 * A Connect or OAuth refusal: a 400 page whose text is the spec's
 * troubleshooting message, also machine-readable in a meta tag and the
 * X-GoCardless-Error header (for the link builder and tests).
 */
export function sendErrorPage(res: ServerResponse, message: string, advice = ''): void {
  sendHtml(res, 400, 'Error',
    `<h1>400 error</h1><p class="error" id="gocardless-error">${escapeHtml(message)}</p>${advice ? `<p class="muted">${escapeHtml(advice)}</p>` : ''}`,
    { headers: { 'x-gocardless-error': message }, meta: `<meta name="gocardless-error" content="${escapeHtml(message)}">`, error: message });
}
