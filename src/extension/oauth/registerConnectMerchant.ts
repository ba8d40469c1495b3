import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { type AccountInfo, type Environment, ENVIRONMENT_LABELS, accountLabel, fixedBaseUrl } from '../accounts/Account';
import { normalizeBaseUrl, validateAccountField } from '../accounts/validateAccountField';
import { CancelledError } from '../commands/CancelledError';
import { registerCommand } from '../commands/registerCommand';
import type { ExtensionDeps } from '../ExtensionDeps';
import { type AuthorizeResult, LoopbackRedirect } from './LoopbackRedirect';

const EXTENSION_ID = 'gocardless-devtools.gocardless-devtools';
const URI_PATH = '/oauth';

interface App {
  environment: Environment;
  baseUrl: string;
  appId: string;
  appSecret: string;
}

/**
 * Partner OAuth ("Connect a merchant…"): open the authorize URL, receive the
 * code — through a loopback redirect for the local sandbox, or the
 * `vscode://gocardless-devtools.gocardless-devtools/oauth` URI handler
 * elsewhere (register that as the app's redirect_uri) — exchange it, and add
 * the merchant as an account.
 */
export function registerConnectMerchant(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const pending = new Map<string, (result: AuthorizeResult) => void>();
  context.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri(uri: vscode.Uri): void {
        if (uri.path !== URI_PATH) return;
        const params = new URLSearchParams(uri.query);
        const state = params.get('state') ?? '';
        const deliver = pending.get(state);
        if (!deliver) {
          deps.log.warn('Ignored an OAuth redirect whose state matches no pending authorization.');
          return;
        }
        const code = params.get('code');
        deliver(code ? { code, state } : { error: params.get('error') ?? 'no_code', description: params.get('error_description') ?? undefined, state });
      },
    }),
  );
  registerCommand(context, deps, 'gocardless.connectMerchant', async (arg) => {
    const app = await pickApp(deps, arg);
    if (!app) return undefined;
    return connect(deps, app, pending);
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
    { title: 'Connect a merchant (partner OAuth): which app?', ignoreFocusOut: true },
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

async function connect(deps: ExtensionDeps, app: App, pending: Map<string, (result: AuthorizeResult) => void>): Promise<AccountInfo | undefined> {
  const state = randomBytes(16).toString('hex');
  const { buildAuthorizeUrl, exchangeAuthorizationCode } = await import('../../core/api/oauth.js');
  let redirectUri: string;
  let result: Promise<AuthorizeResult>;
  let cleanup: () => Promise<void>;
  if (app.environment === 'local') {
    const loopback = await LoopbackRedirect.start({ expectedState: state });
    // The sandbox checks the redirect_uri against the app's registered one (scheme, host, port).
    deps.sandbox.current?.setRedirectUris({ redirectUri: loopback.redirectUri });
    redirectUri = loopback.redirectUri;
    result = loopback.result;
    cleanup = () => loopback.dispose();
  } else {
    const callback = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}${URI_PATH}`));
    redirectUri = callback.toString(true);
    result = new Promise<AuthorizeResult>((resolve) => pending.set(state, resolve));
    cleanup = () => {
      pending.delete(state);
      return Promise.resolve();
    };
    void deps.prompter.showInformationMessage(`The app's redirect URI on the dashboard must be ${redirectUri} for this to complete.`);
  }
  try {
    const url = buildAuthorizeUrl({ baseUrl: app.baseUrl, clientId: app.appId, redirectUri, state });
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
    await cleanup();
  }
}

function uniqueName(base: string, names: readonly string[]): string {
  let name = base;
  for (let i = 2; names.some((n) => n.toLowerCase() === name.toLowerCase()); i++) name = `${base} (${i})`;
  return name;
}
