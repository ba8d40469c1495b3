import * as vscode from 'vscode';
import { ENVIRONMENT_LABELS, isLive } from './Account';
import type { ExtensionDeps } from '../ExtensionDeps';

/** The active account and its environment; LIVE in the warning colours; click to switch. */
export function registerStatusBar(context: vscode.ExtensionContext, deps: ExtensionDeps): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('gocardless.account', vscode.StatusBarAlignment.Left, 50);
  item.name = 'GoCardless account';
  item.command = 'gocardless.accounts.switch';
  const update = (): void => {
    const account = deps.accounts.active();
    if (!account) {
      item.hide();
      return;
    }
    const live = isLive(account);
    const env = live ? 'LIVE' : ENVIRONMENT_LABELS[account.environment];
    // "Local sandbox · Local sandbox" says nothing twice.
    item.text = `${live ? '$(warning)' : '$(credit-card)'} ${account.name}${account.name === env ? '' : ` · ${env}`}`;
    item.tooltip = `GoCardless: ${account.name} (${ENVIRONMENT_LABELS[account.environment]}, merchant ${account.merchantId}). Click to switch account.`;
    item.backgroundColor = live ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.color = live ? new vscode.ThemeColor('statusBarItem.warningForeground') : undefined;
    item.show();
  };
  update();
  context.subscriptions.push(item, deps.accounts.onDidChange(update));
  return item;
}
