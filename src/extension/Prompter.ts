import * as vscode from 'vscode';
import { plainMessageText } from './present/messageText';

/**
 * Every question and message the extension puts to the user goes through a
 * Prompter. The integration tests swap in a scripted one through the test API
 * (`use()`), because input boxes and quick picks cannot be driven in the
 * extension host otherwise — and no module patching is needed.
 */
export interface Prompter {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Promise<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Promise<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Promise<string | undefined>;
  openExternal(uri: vscode.Uri): Promise<boolean>;
  writeClipboard(text: string): Promise<void>;
}

export const windowPrompter: Prompter = {
  showQuickPick: async (items, options) => vscode.window.showQuickPick(items, options),
  showInputBox: async (options) => vscode.window.showInputBox(options),
  showWarningMessage: async (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
  showInformationMessage: async (message, ...items) => vscode.window.showInformationMessage(message, ...items),
  showErrorMessage: async (message, ...items) => vscode.window.showErrorMessage(message, ...items),
  openExternal: async (uri) => vscode.env.openExternal(uri),
  writeClipboard: async (text) => vscode.env.clipboard.writeText(text),
};

/**
 * The Prompter the extension holds: delegates to the window, or to a test's
 * replacement. Every message passes plainMessageText here, once for all
 * callers: messages quote untrusted text and must never carry a link.
 */
export class SwappablePrompter implements Prompter {
  private current: Prompter = windowPrompter;

  /** Replace the prompter until the returned disposable is disposed. */
  use(prompter: Prompter): vscode.Disposable {
    this.current = prompter;
    return new vscode.Disposable(() => {
      if (this.current === prompter) this.current = windowPrompter;
    });
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    return this.current.showQuickPick(items, options);
  }
  showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.current.showInputBox(options);
  }
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Promise<string | undefined> {
    const plain = options.detail === undefined ? options : { ...options, detail: plainMessageText(options.detail) };
    return this.current.showWarningMessage(plainMessageText(message), plain, ...items);
  }
  showInformationMessage(message: string, ...items: string[]): Promise<string | undefined> {
    return this.current.showInformationMessage(plainMessageText(message), ...items);
  }
  showErrorMessage(message: string, ...items: string[]): Promise<string | undefined> {
    return this.current.showErrorMessage(plainMessageText(message), ...items);
  }
  openExternal(uri: vscode.Uri): Promise<boolean> {
    return this.current.openExternal(uri);
  }
  writeClipboard(text: string): Promise<void> {
    return this.current.writeClipboard(text);
  }
}
