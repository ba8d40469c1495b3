import * as vscode from 'vscode';

/**
 * The value of a setting that decides where data goes or what listens: from
 * the user's own settings (or the default), never from the workspace. A
 * cloned repository's `.vscode/settings.json` is not the user's choice. These
 * settings are `"scope": "machine"` in package.json, so VS Code already drops
 * workspace values; reading only the user value here keeps that true even if
 * the manifest changes.
 */
export function machineSetting<T>(section: string, key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}
