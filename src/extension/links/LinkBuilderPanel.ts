import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { HostMessenger, LINK_BUILDER_VIEW_TYPE, linkBuilderProtocol, type LinkBuilderProtocol, type LinkForm } from '../../core/protocol';
import type { ExtensionDeps } from '../ExtensionDeps';
import { createLinkBuilderHandlers } from './linkBuilderHandlers';
import { linkBuilderHtml } from './linkBuilderHtml';
import type { LinkBuilderSession } from './LinkBuilderSession';

/**
 * The one "Create Payment Link" panel. Its webview asks, the host signs: the
 * messenger validates every message both ways. Reopening with a prefilled
 * form reuses the panel; a reload restores it through the serializer (the
 * webview's own state comes back with getState()).
 */
export class LinkBuilderPanel implements vscode.Disposable {
  private static current: LinkBuilderPanel | undefined;
  private readonly messenger: HostMessenger<LinkBuilderProtocol>;
  private readonly disposables: vscode.Disposable[] = [];
  private prefill: { form: LinkForm; accountId: string | null } | null;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly deps: ExtensionDeps,
    private readonly session: LinkBuilderSession,
    prefill: { form: LinkForm; accountId: string | null } | null,
  ) {
    this.prefill = prefill;
    const roots = [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
    panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'gocardless.svg');
    this.messenger = new HostMessenger({
      protocol: linkBuilderProtocol,
      readyRequest: 'ready',
      handlers: createLinkBuilderHandlers(session.ports(() => {
        const p = this.prefill;
        this.prefill = null;
        return p?.form ?? null;
      })),
      post: (m) => panel.webview.postMessage(m),
      log: (line) => deps.log.warn(`[link builder] ${line}`),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.messenger.receive(m)),
      deps.accounts.onDidChange(() => this.messenger.emit('accounts', session.summaries())),
      session.onRedirect((url) => void this.redirectReceived(url)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden, the page is torn down (its state lives in getState); events wait for its next "ready".
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.messenger.unready();
      }),
    );
    panel.webview.html = linkBuilderHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'linkBuilder.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'linkBuilder.css')).toString(),
    });
  }

  static get open(): LinkBuilderPanel | undefined {
    return LinkBuilderPanel.current;
  }

  static show(context: vscode.ExtensionContext, deps: ExtensionDeps, session: LinkBuilderSession, prefill: { form: LinkForm; accountId: string | null } | null): LinkBuilderPanel {
    const existing = LinkBuilderPanel.current;
    if (existing) {
      existing.panel.reveal();
      if (prefill) existing.messenger.emit('prefill', prefill);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(LINK_BUILDER_VIEW_TYPE, 'Create Payment Link', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    return LinkBuilderPanel.current = new LinkBuilderPanel(panel, context.extensionUri, deps, session, prefill);
  }

  /** The serializer's path: VS Code restored the panel after a reload. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: ExtensionDeps, session: LinkBuilderSession): void {
    LinkBuilderPanel.current?.panel.dispose();
    LinkBuilderPanel.current = new LinkBuilderPanel(panel, context.extensionUri, deps, session, null);
  }

  private async redirectReceived(url: string): Promise<void> {
    const { accountId, check } = await this.session.checkRedirect(url);
    this.panel.reveal(undefined, true);
    this.messenger.emit('redirectReceived', { url, accountId, check });
  }

  dispose(): void {
    if (LinkBuilderPanel.current === this) LinkBuilderPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.deps.log.debug('[link builder] panel closed');
  }
}
