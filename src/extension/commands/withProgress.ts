import * as vscode from 'vscode';

/** Long calls show a notification with a spinner while they run. */
export function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, task));
}
