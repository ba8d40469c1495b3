import * as vscode from 'vscode';
import { LINK_BUILDER_VIEW_TYPE, linkFormFromJson, type LinkForm } from '../../core/protocol';
import { isAccountInfo } from '../accounts/Account';
import { createPaymentLinkQuick } from './createPaymentLinkQuick';
import { registerCommand } from '../commands/registerCommand';
import { verifyRedirectUrl } from './verifyRedirectUrl';
import type { ExtensionDeps } from '../ExtensionDeps';
import { LinkBuilderPanel } from './LinkBuilderPanel';
import { LinkBuilderSession } from './LinkBuilderSession';

/** The account an account or merchant node was clicked on, if the argument is one. */
function accountIdOf(arg: unknown): string | null {
  if (typeof arg === 'object' && arg !== null && 'account' in arg && isAccountInfo(arg.account)) return arg.account.id;
  return null;
}

/** A prefilled form from the editor's JSON selection (editor/context menu). */
async function formFromSelection(deps: ExtensionDeps): Promise<LinkForm | null> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return null;
  const text = editor.document.getText(editor.selection);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The selection is not JSON: select an object such as {"subscription": {"amount": "50.00", …}}.');
  }
  const result = linkFormFromJson(value);
  if (typeof result === 'string') throw new Error(result);
  if (result.ignored.length > 0) void deps.prompter.showInformationMessage(`Not link parameters, left out: ${result.ignored.join(', ')}`);
  return result.form;
}

/** The payment link builder: its panel (and serializer), the quick flow, redirect verification and the landing page. */
export function registerLinkBuilder(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const session = new LinkBuilderSession(deps);
  context.subscriptions.push(session, { dispose: () => LinkBuilderPanel.open?.dispose() });

  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(LINK_BUILDER_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel) => LinkBuilderPanel.revive(panel, context, deps, session),
  }));

  // A customer came back to the landing page while the builder is closed: offer to verify and confirm.
  context.subscriptions.push(session.onRedirect((url) => {
    if (!LinkBuilderPanel.open) void verifyRedirectUrl(deps, session, url).catch((e: unknown) => deps.log.error(`redirect: ${e instanceof Error ? e.message : String(e)}`));
  }));

  registerCommand(context, deps, 'gocardless.links.createPaymentLink', async (arg?: unknown) => {
    const accountId = accountIdOf(arg);
    const form = arg instanceof vscode.Uri || arg === undefined ? await formFromSelection(deps) : null;
    // From an account or merchant node: that account becomes the active one, which the builder follows.
    if (accountId && accountId !== deps.accounts.active()?.id) await deps.accounts.setActive(accountId);
    LinkBuilderPanel.show(context, deps, session, form ? { form, accountId } : null);
  });
  registerCommand(context, deps, 'gocardless.links.quickPaymentLink', () => createPaymentLinkQuick(deps, session));
  registerCommand(context, deps, 'gocardless.links.verifyRedirectUrl', (arg?: unknown) => verifyRedirectUrl(deps, session, typeof arg === 'string' ? arg : undefined));
}
