import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { describeError } from '../../core/api/describeError';
import { CancelledError } from './CancelledError';

/**
 * Registers a command whose failures reach the user as one message (the
 * server's message and status for API errors) and the log. The error is not
 * rethrown: the workbench would show it a second time for menu commands.
 * Such a command resolves to undefined.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  deps: Pick<ExtensionDeps, 'prompter' | 'log'>,
  id: string,
  run: (...args: unknown[]) => Promise<unknown>,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        if (error instanceof CancelledError) return undefined;
        const message = describeError(error);
        deps.log.error(`${id}: ${message}`);
        void deps.prompter.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
