/**
 * GoCardless Dev Tools: the table of contents. Construct the services (cheap,
 * nothing networked), then one registerX(context, deps) per feature. The API
 * client and the sandbox are loaded on first use, after every command exists.
 */
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { AccountStore } from './extension/accounts/AccountStore';
import { ClientPool } from './extension/api/ClientPool';
import { ResourceDocuments } from './extension/merchants/ResourceDocuments';
import type { ExtensionDeps } from './extension/ExtensionDeps';
import { Journey } from './extension/walkthrough/Journey';
import { SwappablePrompter } from './extension/Prompter';
import { EmbeddedSandbox } from './extension/sandbox/EmbeddedSandbox';
import { registerSandboxOnActivation } from './extension/sandbox/registerSandboxOnActivation';
import { MerchantTreeProvider } from './extension/merchants/MerchantTreeProvider';
import { createMerchantsView, registerMerchantTree } from './extension/merchants/registerMerchantTree';
import { registerAccountCommands } from './extension/accounts/registerAccountCommands';
import { registerTreeCommands } from './extension/merchants/registerTreeCommands';
import { registerResourceCommands } from './extension/merchants/registerResourceCommands';
import { registerSandboxCommands } from './extension/sandbox/registerSandboxCommands';
import { registerConnectMerchant } from './extension/accounts/registerConnectMerchant';
import { registerStatusBar } from './extension/accounts/registerStatusBar';
import { registerSecretLeakWarnings } from './extension/secrets/registerSecretLeakWarnings';
import { registerIntegrationCheck } from './extension/integrationCheck/registerIntegrationCheck';
import { createExtensionApi, type ExtensionApi } from './extension/ExtensionApi';
import { registerLinkBuilder } from './extension/links/registerLinkBuilder';
import { registerJourney } from './extension/walkthrough/registerJourney';
import { registerWebhooks } from './extension/webhooks/registerWebhooks';
import { registerDebugConfiguration } from './extension/yourApp/registerDebugConfiguration';
import { registerSampleIntegration } from './extension/yourApp/registerSampleIntegration';
import { registerSandboxVariables } from './extension/sandbox/sandboxVariables';
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
  const clientFor: ExtensionDeps['clientFor'] = (account) => clients.clientFor(account);
  const tree = new MerchantTreeProvider(accounts, clientFor);
  const treeView = createMerchantsView(tree);
  const documents = new ResourceDocuments(accounts, clientFor);
  const prompter = new SwappablePrompter();
  context.subscriptions.push(log, accounts, clients, tree, treeView, documents, sandbox);
  const revealResource: ExtensionDeps['revealResource'] = async (id, found) => {
    const node = tree.findRecordNodes(id)[0] ?? (found ? await tree.placeRecord(found.account.id, found.kind, found.record) : undefined);
    if (!node) return false;
    await treeView.reveal(node, { select: true, focus: true, expand: false });
    return true;
  };
  deps = Object.freeze({
    accounts, log, clientFor, sandbox, tree, treeView, documents, prompter, journey: new Journey(context.globalState), logUri: context.logUri, revealResource,
  });
  mark('services');

  registerMerchantTree(context, deps);
  registerAccountCommands(context, deps);
  registerTreeCommands(context, deps);
  registerResourceCommands(context, deps);
  registerSandboxCommands(context, deps);
  registerConnectMerchant(context, deps);
  registerStatusBar(context, deps);
  registerLinkBuilder(context, deps);
  const webhooks = registerWebhooks(context, deps);
  const requests = registerRequests(context, deps, clients.onDidRequest);
  registerSecretLeakWarnings(context, deps);
  registerIntegrationCheck(context, deps);
  registerJourney(context, deps);
  registerSandboxVariables(context, deps);
  registerDebugConfiguration(context, deps, webhooks.service);
  registerSampleIntegration(context, deps);
  mark('registered');

  registerSandboxOnActivation(context, deps);
  mark('total');
  return createExtensionApi(context, { deps, clients, requests, webhooks }, timings);
}

/** Stops the embedded sandbox (closing its sockets) before the host goes away. */
export async function deactivate(): Promise<void> {
  await deps?.sandbox.stop();
  deps = undefined;
}
