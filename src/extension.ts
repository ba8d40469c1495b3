/**
 * GoCardless Dev Tools: the table of contents. Construct the services (cheap,
 * nothing networked), then one registerX(context, deps) per feature. The API
 * client and the sandbox are loaded on first use, after every command exists.
 */
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { AccountStore } from './extension/accounts/AccountStore';
import { ClientPool } from './extension/api/ClientPool';
import { ResourceDocuments } from './extension/documents/ResourceDocuments';
import type { ExtensionDeps } from './extension/ExtensionDeps';
import { Journey } from './extension/walkthrough/Journey';
import { SwappablePrompter } from './extension/Prompter';
import { EmbeddedSandbox } from './extension/sandbox/EmbeddedSandbox';
import { registerSandboxOnActivation } from './extension/sandbox/registerSandboxOnActivation';
import { ResourceTreeProvider } from './extension/tree/ResourceTreeProvider';
import { registerResourceTree } from './extension/tree/registerResourceTree';
import { registerAccountCommands } from './extension/commands/registerAccountCommands';
import { registerTreeCommands } from './extension/commands/registerTreeCommands';
import { registerResourceCommands } from './extension/commands/registerResourceCommands';
import { registerSandboxCommands } from './extension/commands/registerSandboxCommands';
import { registerConnectMerchant } from './extension/oauth/registerConnectMerchant';
import { registerStatusBar } from './extension/statusBar/registerStatusBar';
import { registerSecretLeakWarnings } from './extension/secrets/registerSecretLeakWarnings';
import { registerIntegrationCheck } from './extension/certification/registerIntegrationCheck';
import { createExtensionApi, type ExtensionApi } from './extension/ExtensionApi';
import { registerLinkBuilder } from './extension/panels/registerLinkBuilder';
import { registerJourney } from './extension/walkthrough/registerJourney';
import { registerWebhooks } from './extension/webhooks/registerWebhooks';
import { registerDebugConfiguration } from './extension/app/registerDebugConfiguration';
import { registerSampleIntegration } from './extension/app/registerSampleIntegration';
import { registerSandboxVariables } from './extension/app/sandboxVariables';
import { registerRequests } from './extension/requests/registerRequests';

let deps: ExtensionDeps | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const timings: Record<string, number> = {};
  const start = performance.now();
  const mark = (name: string): void => {
    timings[name] = performance.now() - start;
  };

  const log = vscode.window.createOutputChannel('GoCardless', { log: true });
  const accounts = new AccountStore(context.globalState, context.secrets);
  // Its state survives a window reload and a restart (issue 18): kept in the extension's global storage.
  const sandbox = new EmbeddedSandbox(log, vscode.Uri.joinPath(context.globalStorageUri, 'sandbox').fsPath);
  const clients = new ClientPool(accounts, sandbox, log);
  // Through deps, so the one seam (deps.clientFor) serves the tree, the documents and the commands.
  const clientFor: ExtensionDeps['clientFor'] = (account) => (deps ? deps.clientFor(account) : clients.clientFor(account));
  const tree = new ResourceTreeProvider(accounts, clientFor);
  const documents = new ResourceDocuments(accounts, clientFor);
  const prompter = new SwappablePrompter();
  context.subscriptions.push(log, accounts, clients, tree, documents, sandbox);
  deps = {
    accounts, log, clientFor: (account) => clients.clientFor(account), sandbox, tree, documents, prompter, journey: new Journey(context.globalState), treeView: undefined, logUri: context.logUri,
    revealResource: async (id, found) => {
      const node = tree.findRecordNodes(id)[0] ?? (found ? await tree.placeRecord(found.account.id, found.kind, found.record) : undefined);
      if (!node || !deps?.treeView) return false;
      await deps.treeView.reveal(node, { select: true, focus: true, expand: false });
      return true;
    },
  };
  mark('services');

  registerResourceTree(context, deps);
  registerAccountCommands(context, deps);
  registerTreeCommands(context, deps);
  registerResourceCommands(context, deps);
  registerSandboxCommands(context, deps);
  registerConnectMerchant(context, deps);
  registerStatusBar(context, deps);
  registerLinkBuilder(context, deps);
  const webhooks = registerWebhooks(context, deps);
  deps.requests = registerRequests(context, deps, clients.onDidRequest);
  registerSecretLeakWarnings(context, deps);
  registerIntegrationCheck(context, deps);
  registerJourney(context, deps);
  registerSandboxVariables(context, deps);
  registerDebugConfiguration(context, deps, webhooks);
  registerSampleIntegration(context, deps);
  mark('registered');

  registerSandboxOnActivation(context, deps);
  mark('total');
  return createExtensionApi(context, deps, timings);
}

/** Stops the embedded sandbox (closing its sockets) before the host goes away. */
export async function deactivate(): Promise<void> {
  await deps?.sandbox.stop();
  deps = undefined;
}
