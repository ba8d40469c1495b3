import * as vscode from 'vscode';
import {
  parseHttpUrl, renderReportMarkdown, renderReportText, runIntegrationCheck,
  type IntegrationCheckReport, type RedirectCheckOptions,
} from '../../core/integrationCheck';
import { accountLabel, type Account } from '../accounts/Account';
import { CancelledError } from '../commands/CancelledError';
import { confirmLiveSigning } from '../commands/confirmAction';
import { registerCommand } from '../commands/registerCommand';
import type { ExtensionDeps } from '../ExtensionDeps';

export const RUN_INTEGRATION_CHECK = 'gocardless.integrationCheck.run';
const LAST_APP_URL = 'gocardless.integrationCheck.appUrl';
const LAST_REDIRECT_URI = 'gocardless.integrationCheck.redirectUri';

/** What a caller (walkthrough, test) may pass instead of answering the prompts. */
interface CheckArgs {
  readonly appUrl?: string;
  /** '' skips the redirect round trip. */
  readonly redirectUri?: string;
}

function isCheckArgs(v: unknown): v is CheckArgs {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o['appUrl'] === undefined || typeof o['appUrl'] === 'string') && (o['redirectUri'] === undefined || typeof o['redirectUri'] === 'string');
}

/**
 * "GoCardless: Run Integration Check…": sends the user's webhook endpoint every
 * webhook the spec lists (signed with the active account's app secret) plus
 * forgeries, optionally checks the Connect redirect against the local
 * sandbox, and opens the Markdown report. Returns the report.
 */
export function registerIntegrationCheck(context: vscode.ExtensionContext, deps: Pick<ExtensionDeps, 'accounts' | 'prompter' | 'log' | 'sandbox'>): void {
  registerCommand(context, deps, RUN_INTEGRATION_CHECK, async (arg?: unknown) => {
    const args = isCheckArgs(arg) ? arg : {};
    const info = deps.accounts.active();
    if (!info) throw new Error('Add a GoCardless account first: the check signs its webhooks with the account’s app secret.');
    const account = await deps.accounts.resolve(info.id);

    const appUrl = args.appUrl ?? await ask(deps, {
      title: 'Integration check: your webhook endpoint',
      prompt: `The URL GoCardless posts webhooks to. They are signed with the app secret of "${accountLabel(info)}".`,
      value: context.workspaceState.get<string>(LAST_APP_URL) ?? 'http://127.0.0.1:3000/webhooks/gocardless',
      validateInput: (v) => urlProblem(v),
    });
    await context.workspaceState.update(LAST_APP_URL, appUrl);
    if (!(await confirmLiveSigning(deps.prompter, info, 'the integration check\'s webhooks (genuine and forged)', appUrl))) throw new CancelledError();

    const redirect = info.environment === 'local' ? await redirectOptions(context, deps, account, args) : undefined;
    const report = await runWithProgress(appUrl, account.appSecret, redirect);
    deps.log.info(`Integration check of ${report.target}: ${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.warn} warnings`);
    deps.log.debug(renderReportText(report));
    await showReport(context, deps, report);
    return report;
  });
}

async function ask(deps: Pick<ExtensionDeps, 'prompter'>, options: vscode.InputBoxOptions): Promise<string> {
  const answer = await deps.prompter.showInputBox({ ignoreFocusOut: true, ...options });
  if (answer === undefined) throw new CancelledError();
  return answer.trim();
}

function urlProblem(value: string): string | undefined {
  try {
    parseHttpUrl('URL', value.trim());
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** With the local sandbox, the Connect redirect can be checked end to end too (optional). */
async function redirectOptions(context: vscode.ExtensionContext, deps: Pick<ExtensionDeps, 'prompter' | 'sandbox'>, account: Account, args: CheckArgs): Promise<RedirectCheckOptions | undefined> {
  const redirectUri = args.redirectUri ?? await ask(deps, {
    title: 'Integration check: your Connect redirect page (optional)',
    prompt: 'Two bills are paid in the local sandbox and their redirects sent there: the genuine one must be confirmed, a tampered one refused. Leave empty to skip.',
    value: context.workspaceState.get<string>(LAST_REDIRECT_URI) ?? '',
    validateInput: (v) => (v.trim() === '' ? undefined : urlProblem(v)),
  });
  if (redirectUri === '') return undefined;
  await context.workspaceState.update(LAST_REDIRECT_URI, redirectUri);
  // Started with the account's credentials, so a restarted sandbox knows this app and merchant.
  const sandbox = await deps.sandbox.ensureStarted({
    app_id: account.appId, app_secret: account.appSecret, merchant_id: account.merchantId, access_token: account.accessToken,
  });
  return { sandboxUrl: sandbox.url, appId: account.appId, appSecret: account.appSecret, merchantId: account.merchantId, accessToken: account.accessToken, redirectUri };
}

function runWithProgress(appUrl: string, secret: string, redirect: RedirectCheckOptions | undefined): Promise<IntegrationCheckReport> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'GoCardless integration check', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        const report = await runIntegrationCheck({
          appUrl, secret, signal: controller.signal, ...(redirect ? { redirect } : {}),
          // A local https:// app usually has a self-signed or mkcert certificate; on loopback nobody can intercept.
          insecureTls: isLoopback(appUrl),
          onCaseDone: (r, done, total) => progress.report({ increment: 100 / total, message: `${done}/${total}: ${r.id}` }),
        });
        if (controller.signal.aborted) throw new CancelledError();
        return report;
      } finally {
        cancel.dispose();
      }
    },
  ));
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Writes the Markdown report to the extension's storage, previews it and offers to save a copy. */
async function showReport(context: vscode.ExtensionContext, deps: Pick<ExtensionDeps, 'prompter' | 'log'>, report: IntegrationCheckReport): Promise<void> {
  const dir = vscode.Uri.joinPath(context.globalStorageUri, 'integration-checks');
  await vscode.workspace.fs.createDirectory(dir);
  const file = vscode.Uri.joinPath(dir, `integration-check-${report.startedAt.replace(/[:.]/g, '-')}.md`);
  await vscode.workspace.fs.writeFile(file, Buffer.from(renderReportMarkdown(report), 'utf8'));
  try {
    await vscode.commands.executeCommand('markdown.showPreview', file);
  } catch {
    await vscode.window.showTextDocument(file);
  }
  const s = report.summary;
  const summary = `Integration check ${report.passed ? 'passed' : 'FAILED'}: ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings.`;
  // Not awaited: the command (and a test awaiting it) should not wait for the notification to be dismissed.
  void deps.prompter.showInformationMessage(summary, 'Save report…').then(async (choice) => {
    if (choice !== 'Save report…') return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      filters: { Markdown: ['md'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'gocardless-integration-check.md') } : {}),
    });
    if (target) await vscode.workspace.fs.copy(file, target, { overwrite: true });
  }, (error: unknown) => deps.log.warn(`Saving the report failed: ${String(error)}`));
}
