// No `vscode` import: the webview test renders this same page in Chromium.
import { webviewHtml, type WebviewHtmlOptions } from '../webviews/webviewHtml';

export type WebhookDetailHtmlOptions = Omit<WebviewHtmlOptions, 'title'>;

/** The detail page of one delivery; its styles are media/webhookDetail.css. */
export function webhookDetailHtml(o: WebhookDetailHtmlOptions): string {
  return webviewHtml({ ...o, title: 'Webhook delivery' });
}
