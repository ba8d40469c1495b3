// No `vscode` import: the webview tests render this same page in Chromium.
import { webviewHtml, type WebviewHtmlOptions } from '../webviews/webviewHtml';

export type LinkBuilderHtmlOptions = Omit<WebviewHtmlOptions, 'title'>;

/** The builder's page; the QR code is drawn on a canvas, hence data: images in the shared CSP. */
export function linkBuilderHtml(o: LinkBuilderHtmlOptions): string {
  return webviewHtml({ ...o, title: 'Create Payment Link' });
}
