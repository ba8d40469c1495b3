import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import type { LinkBuilderSession } from './LinkBuilderSession';
import { offerReveal } from '../merchants/offerReveal';
import { signatureReport } from './signatureReport';

/**
 * "Verify Redirect URL…" (and a redirect arriving on the landing page while
 * the builder is closed): the verdict, the resource, and a Confirm action.
 * Returns the confirm message, or undefined when nothing was confirmed.
 */
export async function verifyRedirectUrl(deps: ExtensionDeps, session: LinkBuilderSession, given?: string): Promise<string | undefined> {
  const url = given ?? await deps.prompter.showInputBox({
    title: 'Verify Redirect URL',
    prompt: 'Paste the URL the customer came back with (it carries resource_id, resource_type, resource_uri, signature)',
    ignoreFocusOut: true,
    validateInput: (v) => (/[?&]signature=/.test(v) || v.trim() === '' ? null : 'A redirect URL carries a signature parameter'),
  });
  if (!url || url.trim() === '') return undefined;
  const { accountId, check, diagnosis, accountName } = await session.checkRedirect(url.trim(), deps.accounts.active()?.id);
  const r = check.resource;
  if (!check.valid || !r || !accountId) {
    if (!diagnosis) {
      await deps.prompter.showWarningMessage(`Invalid redirect: ${check.reason}`, {});
      return undefined;
    }
    // The toast keeps one line; the diagnosis, with the normalized string it mentions, opens beside it.
    const short = diagnosis.variant ? `${diagnosis.variant.title}.` : diagnosis.verdict === 'unexplained' ? 'the signature does not match this app secret.' : check.reason;
    const choice = await deps.prompter.showWarningMessage(`Invalid redirect: ${short}`, {}, 'Show diagnosis');
    if (choice === 'Show diagnosis') {
      const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: signatureReport(url.trim(), accountName ?? '', diagnosis) });
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return undefined;
  }
  const what = `${r.type.replace('_', '-')} ${r.id}${r.state !== null ? ` (state ${r.state})` : ''}`;
  // A warning, not information: until confirmed the resource is inactive and GoCardless deletes it after a few hours.
  const choice = await deps.prompter.showWarningMessage(`Valid redirect for ${what}. ${check.reason} Confirm it now, or GoCardless removes it.`, {}, 'Confirm');
  if (choice !== 'Confirm') return undefined;
  if (r.type !== 'bill' && r.type !== 'subscription' && r.type !== 'pre_authorization') return undefined;
  const message = await session.confirm(accountId, r.id, r.type);
  const account = deps.accounts.get(accountId);
  if (!account) {
    void deps.prompter.showInformationMessage(message);
    return message;
  }
  const type = r.type;
  void offerReveal(deps, message, {
    account, id: r.id,
    kind: type === 'bill' ? 'bills' : type === 'subscription' ? 'subscriptions' : 'preAuthorizations',
    fetch: async () => {
      const client = await deps.clientFor(account);
      return type === 'bill' ? client.getBill(r.id) : type === 'subscription' ? client.getSubscription(r.id) : client.getPreAuthorization(r.id);
    },
  });
  return message;
}
