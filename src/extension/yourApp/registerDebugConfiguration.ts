import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import type { WebhookService } from '../webhooks/WebhookService';
import { SandboxDebugAdapter } from './SandboxDebugAdapter';

export const DEBUG_TYPE = 'gocardless';

/** The configuration "Add Configuration…" offers and F5 uses without a launch.json. */
export const DEFAULT_LAUNCH: vscode.DebugConfiguration = {
  type: DEBUG_TYPE,
  request: 'launch',
  name: 'GoCardless: sandbox + webhooks',
  forwardTo: 'http://127.0.0.1:3000/webhooks',
};

/**
 * The `gocardless` debug type: starting it brings up the local sandbox and the
 * webhook listener (forwarding to the configuration's `forwardTo`); stopping it
 * stops the listener. It joins the user's own launch configuration in a
 * compound, whose app reads the sandbox through `${command:gocardless.sandbox.*}`.
 */
export function registerDebugConfiguration(context: vscode.ExtensionContext, deps: ExtensionDeps, webhooks: WebhookService): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      provideDebugConfigurations: () => [DEFAULT_LAUNCH],
      // F5 with no launch.json: an empty configuration becomes the default one.
      resolveDebugConfiguration: (_folder, config) => (config.type ? config : { ...DEFAULT_LAUNCH }),
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new SandboxDebugAdapter(deps, webhooks)),
    }),
  );
}
