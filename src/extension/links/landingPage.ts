// No `vscode` import: the HTML of the loopback pages the customer lands on, unit-tested through PaymentRedirectServer.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../core/http/escapeHtml';

/** What the extension made of a redirect, for the customer's page (never a secret). */
export interface RedirectVerdict {
  readonly valid: boolean;
  /** One sentence, e.g. `Signed by the app of "Local sandbox".` or why the signature does not match. */
  readonly reason: string;
}

export interface LandingPage {
  readonly title: string;
  readonly text: string;
  /** The redirect's verdict, shown as a coloured status line. */
  readonly verdict?: RedirectVerdict | { readonly valid: null; readonly reason: string };
  /** Name/value pairs from the URL, shown as a list: untrusted, escaped, cut to a readable length. */
  readonly values?: readonly (readonly [string, string])[];
}

/**
 * The one stylesheet of these pages: a system font, a readable width, a green or red status line. Fixed text, so
 * the CSP allows it by its hash and nothing else (no inline script, no other style, no image, no frame).
 */
const STYLE = [
  ':root{color-scheme:light dark}',
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:36em;margin:4em auto;padding:0 1.25em;color:#1f2328;background:#fff}',
  'h1{font-size:1.5em;margin:0 0 .5em}',
  '.status{border-left:4px solid #8c959f;padding:.5em .9em;margin:1em 0;background:#f6f8fa;border-radius:4px}',
  '.status strong{display:block}',
  '.valid{border-color:#1a7f37}.valid strong{color:#1a7f37}',
  '.invalid{border-color:#cf222e}.invalid strong{color:#cf222e}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em;margin:1em 0}',
  'dt{color:#59636e}dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}',
  '@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}.status{background:#161b22}dt{color:#9198a1}',
  '.valid{border-color:#3fb950}.valid strong{color:#3fb950}.invalid{border-color:#f85149}.invalid strong{color:#f85149}}',
].join('');

export const LANDING_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Longest value shown; the rest is cut with an ellipsis (the URL itself is bounded by the server). */
const MAX_SHOWN = 200;


const shown = (value: string): string => escapeHtml(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);

/** The whole page; every string in it is escaped, the fixed texts included. */
export function landingPageHtml(page: LandingPage): string {
  const v = page.verdict;
  const status = !v ? '' : `<div class="status ${v.valid === true ? 'valid' : v.valid === false ? 'invalid' : ''}"><strong>${
    v.valid === true ? 'Valid signature' : v.valid === false ? 'Signature not valid' : 'Signature not checked here'
  }</strong>${escapeHtml(v.reason)}</div>`;
  const values = page.values && page.values.length > 0
    ? `<dl>${page.values.map(([k, val]) => `<dt>${shown(k)}</dt><dd>${shown(val)}</dd>`).join('')}</dl>`
    : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(page.title)} · GoCardless Dev Tools</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(page.title)}</h1>${status}${values}<p>${escapeHtml(page.text)}</p></main></body></html>`;
}
