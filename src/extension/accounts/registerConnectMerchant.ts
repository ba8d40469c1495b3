import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { type AccountInfo, type Environment, ENVIRONMENT_LABELS, accountLabel, fixedBaseUrl } from './Account';
import { normalizeBaseUrl, validateAccountField } from './validateAccountField';
import { CancelledError } from '../commands/CancelledError';
import { registerCommand } from '../commands/registerCommand';
import type { ExtensionDeps } from '../ExtensionDeps';
import { AuthorizationRedirectServer, type AuthorizeResult } from './AuthorizationRedirectServer';

/** globalState key prefix: the loopback port used for an app, so its redirect URI stays the same between runs. */
const PORT_KEY = 'gocardless.oauth.loopbackPort.';

interface App {
  environment: Environment;
  baseUrl: string;
  appId: string;
  appSecret: string;
}

/**
 * Partner OAuth ("Connect a merchant…"): open the authorize URL, receive the
 * code on a one-shot loopback redirect (`http://127.0.0.1:<port>/oauth/callback`,
 * through vscode.env.asExternalUri so a remote window's browser reaches it),
 * exchange it, and add the merchant as an account. The same way everywhere:
 * desktop VS Code, code-server and remote windows, the local sandbox and
 * GoCardless (whose authorize step takes only http(s) redirect URIs). For a
 * GoCardless app the port is kept per app, so the redirect URI to register on
 * the dashboard stays the same.
 */
export function registerConnectMerchant(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.accounts.connectMerchant', async (arg) => {
    const app = await pickApp(deps, arg);
    if (!app) return undefined;
    return connect(deps, app, context.globalState);
  });
}

async function pickApp(deps: ExtensionDeps, arg: unknown): Promise<App | undefined> {
  if (typeof arg === 'object' && arg !== null && 'account' in arg) return appOf(deps, (arg as { account: AccountInfo }).account);
  const accounts = deps.accounts.list();
  const picked = await deps.prompter.showQuickPick(
    [
      { label: `$(beaker) ${ENVIRONMENT_LABELS.local}`, description: 'the embedded sandbox\'s partner app', env: 'local' as Environment, account: undefined },
      ...accounts.filter((a) => a.environment !== 'local').map((account) => ({ label: `$(account) Use the app of ${accountLabel(account)}`, description: account.appId, env: account.environment, account })),
      { label: ENVIRONMENT_LABELS.sandbox, description: 'enter an app id and secret', env: 'sandbox' as Environment, account: undefined },
      { label: '$(warning) GoCardless LIVE', description: 'enter an app id and secret', env: 'live' as Environment, account: undefined },
      { label: ENVIRONMENT_LABELS.custom, description: 'enter a base URL, app id and secret', env: 'custom' as Environment, account: undefined },
    ],
    { title: 'Connect a Merchant (Partner OAuth): which app?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.account) return appOf(deps, picked.account);
  if (picked.env === 'local') {
    const sandbox = await deps.sandbox.ensureStarted();
    return { environment: 'local', baseUrl: sandbox.url, appId: sandbox.credentials.app_id, appSecret: sandbox.credentials.app_secret };
  }
  const ask = async (field: 'baseUrl' | 'appId' | 'appSecret', title: string, password = false): Promise<string> => {
    const value = await deps.prompter.showInputBox({ title: `Connect a merchant: ${title}`, password, ignoreFocusOut: true, validateInput: (v) => validateAccountField(field, v) });
    if (value === undefined) throw new CancelledError();
    const problem = validateAccountField(field, value);
    if (problem) throw new Error(`${title}: ${problem}`);
    return value.trim();
  };
  const baseUrl = picked.env === 'custom' ? normalizeBaseUrl(await ask('baseUrl', 'Base URL')) : (fixedBaseUrl({ environment: picked.env }) ?? '');
  return { environment: picked.env, baseUrl, appId: await ask('appId', 'App identifier'), appSecret: await ask('appSecret', 'App secret', true) };
}

async function appOf(deps: ExtensionDeps, account: AccountInfo): Promise<App> {
  const full = await deps.accounts.resolve(account.id);
  const clientBase = account.environment === 'local' ? (await deps.sandbox.ensureStarted()).url : (fixedBaseUrl(account) ?? '');
  return { environment: account.environment, baseUrl: clientBase, appId: full.appId, appSecret: full.appSecret };
}

async function connect(deps: ExtensionDeps, app: App, state: vscode.Memento): Promise<AccountInfo | undefined> {
  const nonce = randomBytes(16).toString('hex');
  const { buildAuthorizeUrl, exchangeAuthorizationCode } = await import('../../core/api/oauth.js');
  const loopback = await startLoopback(deps, app, state, nonce);
  try {
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(loopback.redirectUri));
    // A remote window's browser comes in through a forwarded address: accept its Host too.
    if (external.authority !== vscode.Uri.parse(loopback.redirectUri).authority) loopback.allowHost(external.authority);
    const redirectUri = external.toString(true);
    const result = loopback.result;
    if (app.environment === 'local') {
      // The sandbox checks the redirect_uri against the app's registered one (scheme, host, port).
      deps.sandbox.current?.setRedirectUris({ redirectUri });
    } else {
      void deps.prompter.showInformationMessage(`The app's redirect URI on the dashboard must be ${redirectUri} for this to complete.`);
    }
    const url = buildAuthorizeUrl({ baseUrl: app.baseUrl, clientId: app.appId, redirectUri, state: nonce });
    deps.log.info(`Opening the partner authorization page for app ${app.appId} (${ENVIRONMENT_LABELS[app.environment]})`);
    await deps.prompter.openExternal(vscode.Uri.parse(url, true));
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Waiting for the merchant to authorize the app in the browser…', cancellable: true },
      (_progress, token) =>
        new Promise<AuthorizeResult>((resolve, reject) => {
          token.onCancellationRequested(() => reject(new CancelledError()));
          result.then(resolve, reject);
        }),
    );
    if ('error' in answer) throw new Error(`Authorization was not granted: ${answer.error}${answer.description ? ` (${answer.description})` : ''}`);
    const token = await exchangeAuthorizationCode({ baseUrl: app.baseUrl, clientId: app.appId, clientSecret: app.appSecret, code: answer.code, redirectUri });
    const names = deps.accounts.list().map((a) => a.name);
    const suggested = uniqueName(`Merchant ${token.merchantId}`, names);
    const name = (await deps.prompter.showInputBox({ title: 'Connected: name this account', value: suggested, validateInput: (v) => validateAccountField('name', v, names) }))?.trim() || suggested;
    const account = await deps.accounts.add(
      { name: validateAccountField('name', name, names) ? suggested : name, environment: app.environment, appId: app.appId, merchantId: token.merchantId, ...(app.environment === 'custom' ? { baseUrl: app.baseUrl } : {}) },
      { appSecret: app.appSecret, accessToken: token.accessToken },
    );
    void deps.prompter.showInformationMessage(`Connected merchant ${token.merchantId} as "${accountLabel(account)}".`);
    return account;
  } finally {
    await loopback.dispose();
  }
}

/** The loopback redirect: any port for the local sandbox; for a GoCardless app the port it had last time when free. */
async function startLoopback(deps: ExtensionDeps, app: App, state: vscode.Memento, expectedState: string): Promise<AuthorizationRedirectServer> {
  if (app.environment === 'local') return AuthorizationRedirectServer.start({ expectedState });
  const key = `${PORT_KEY}${app.appId}`;
  const kept = state.get<number>(key);
  let loopback: AuthorizationRedirectServer;
  try {
    loopback = await AuthorizationRedirectServer.start({ expectedState, ...(kept ? { port: kept } : {}) });
  } catch (error) {
    if (!kept) throw error;
    deps.log.warn(`Port ${kept} (this app's earlier redirect URI) is in use; using another port, so the redirect URI changes.`);
    loopback = await AuthorizationRedirectServer.start({ expectedState });
  }
  await state.update(key, loopback.port);
  return loopback;
}

function uniqueName(base: string, names: readonly string[]): string {
  let name = base;
  for (let i = 2; names.some((n) => n.toLowerCase() === name.toLowerCase()); i++) name = `${base} (${i})`;
  return name;
}
