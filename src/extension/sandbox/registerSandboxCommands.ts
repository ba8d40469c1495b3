import * as vscode from 'vscode';
// SandboxOptions holds only types and this list, so the sandbox itself is not loaded with the commands.
import { BILL_OUTCOMES } from '../../core/sandbox/SandboxOptions';
import type { ExtensionDeps } from '../ExtensionDeps';
import { BillNode } from '../merchants/BillNode';
import { formatDate } from '../present/formatAmount';
import { CancelledError } from '../commands/CancelledError';
import { validateDays } from '../commands/inputRules';
import { registerCommand } from '../commands/registerCommand';
import { withProgress } from '../commands/withProgress';
import { outcomesFor } from './billOutcomes';
import { useLocalSandbox } from './useLocalSandbox';
import type { BillStatus } from '../../core/api/models';

const DAY = 24 * 60 * 60 * 1000;
const ADVANCES = [
  { label: '1 day', ms: DAY },
  { label: '3 days', ms: 3 * DAY },
  { label: '1 week', ms: 7 * DAY },
  { label: '1 month', ms: 30 * DAY },
  { label: 'Custom…', ms: 0 },
] as const;


/** Drive the local sandbox: move its clock, script a bill's outcome, stop it. */
export function registerSandboxCommands(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.sandbox.use', () => useLocalSandbox(deps));
  registerCommand(context, deps, 'gocardless.sandbox.advanceClock', async (arg) => {
    const sandbox = await runningSandbox(deps);
    let ms = typeof arg === 'number' ? arg : undefined;
    if (ms === undefined) {
      const picked = await deps.prompter.showQuickPick(ADVANCES, { title: `Advance the sandbox clock (now ${formatDate(sandbox.now().toISOString())})` });
      if (!picked) return undefined;
      ms = picked.ms;
      if (ms === 0) {
        const days = await deps.prompter.showInputBox({
          title: 'Advance the sandbox clock by how many days?',
          prompt: 'A number of days (decimals allowed, e.g. 0.5), at most 3650',
          validateInput: validateDays,
        });
        if (days === undefined) return undefined;
        const problem = validateDays(days);
        if (problem) throw new Error(problem);
        ms = Number(days) * DAY;
      }
    }
    const advance = ms;
    const report = await withProgress('Advancing the sandbox clock…', () => sandbox.advanceClock(advance));
    deps.log.info(`Sandbox clock advanced to ${report.now}: ${JSON.stringify(report)}`);
    deps.tree.refresh();
    // Bills were paid, withdrawn…: open JSON documents of local accounts' resources read their state again.
    const local = new Set(deps.accounts.list().filter((a) => a.environment === 'local').map((a) => a.id));
    deps.documents.refreshOpen((accountId) => local.has(accountId));
    void deps.prompter.showInformationMessage(
      `Sandbox clock now ${formatDate(report.now)}: ${report.billsCreated} bills created, ${report.billsPaid} paid, ${report.billsWithdrawn} withdrawn, ${report.payoutsCreated} payouts, ${report.expired} expired, ${report.webhooks} webhooks.`,
    );
    return report;
  });

  registerCommand(context, deps, 'gocardless.sandbox.triggerBillOutcome', async (node, outcomeArg) => {
    const sandbox = await runningSandbox(deps);
    const billId =
      node instanceof BillNode
        ? node.record.id
        : typeof node === 'string'
          ? node
          : (await deps.prompter.showInputBox({ title: 'Trigger a bill outcome', prompt: 'Bill id (of the local sandbox)' }))?.trim();
    if (!billId) throw new CancelledError();
    let outcome = BILL_OUTCOMES.find((o) => o === outcomeArg);
    const before = node instanceof BillNode ? node.record.status : await localBillStatus(deps, billId);
    if (!outcome) {
      // Only what the bill's state allows (the sandbox refuses the rest with 422).
      const possible = outcomesFor(before);
      if (possible.length === 0) throw new Error(`Bill ${billId} is ${before ?? 'in a final state'}: no outcome can follow.`);
      outcome = (await deps.prompter.showQuickPick(possible.map((label) => ({ label })), { title: `Outcome for bill ${billId}${before ? ` (${before})` : ''}` }))?.label;
    }
    if (!outcome) return undefined;
    const chosen = outcome;
    const bill = await withProgress(`Bill ${billId} → ${chosen}…`, () => sandbox.triggerBillOutcome(billId, chosen).catch((e: unknown) => {
      deps.log.warn(`Sandbox trigger: bill ${billId} → ${chosen} refused: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }));
    deps.log.info(`Sandbox trigger: bill ${billId} → ${chosen} (now ${bill.status})`);
    for (const account of deps.accounts.list().filter((a) => a.environment === 'local')) deps.documents.remember(account.id, 'bill', bill.id, bill);
    void deps.prompter.showInformationMessage(`Bill ${bill.id} is now ${bill.status}${before && before !== bill.status ? ` (was ${before})` : ''}.`);
    for (const found of deps.tree.findRecordNodes(bill.id)) {
      if (found.kind === 'bill') found.record = bill;
      deps.tree.refresh(found);
      deps.tree.refresh(found.parent);
    }
    const local = deps.accounts.list().filter((a) => a.environment === 'local');
    for (const account of local) {
      const accountNode = deps.tree.accountNode(account.id);
      if (accountNode) deps.tree.refresh(accountNode);
    }
    return bill;
  });

  // "This endpoint will only be available if refunds have been enabled on your merchant account." The local
  // merchants start with refunds off, as GoCardless accounts do; this is the switch GoCardless support holds.
  registerCommand(context, deps, 'gocardless.sandbox.setRefunds', async (arg) => {
    const sandbox = await runningSandbox(deps);
    const merchantId = localMerchantId(deps);
    const merchant = sandbox.merchants().find((m) => m.id === merchantId);
    if (!merchant) throw new Error(`Merchant ${merchantId} is not in the running local sandbox.`);
    let enable = typeof arg === 'boolean' ? arg : undefined;
    if (enable === undefined) {
      const now = merchant.refunds_enabled ? 'enabled' : 'disabled';
      const picked = await deps.prompter.showQuickPick(
        [
          { label: 'Enable refunds', enable: true, description: merchant.refunds_enabled ? 'current' : undefined },
          { label: 'Disable refunds', enable: false, description: merchant.refunds_enabled ? undefined : 'current' },
        ],
        { title: `Refunds for ${merchant.name} (${merchant.id}) are ${now} in the local sandbox` },
      );
      if (!picked) return undefined;
      enable = picked.enable;
    }
    const settings = sandbox.setMerchantSettings({ refunds_enabled: enable }, merchant.id);
    // can_be_refunded changes on every paid bill: reload, so the Refund menu follows.
    deps.tree.refresh();
    void deps.prompter.showInformationMessage(
      `Refunds are now ${settings.refunds_enabled ? 'enabled' : 'disabled'} for ${merchant.name} (${merchant.id}) in the local sandbox.`,
    );
    return settings;
  });

  registerCommand(context, deps, 'gocardless.sandbox.reset', async () => {
    const choice = await deps.prompter.showWarningMessage(
      'Reset the local sandbox? Its bills, subscriptions, payouts and clock go back to the seeded data; your accounts stay.',
      { modal: true }, 'Reset',
    );
    if (choice !== 'Reset') throw new CancelledError();
    await deps.sandbox.reset();
    deps.tree.refresh();
    const local = new Set(deps.accounts.list().filter((a) => a.environment === 'local').map((a) => a.id));
    deps.documents.refreshOpen((accountId) => local.has(accountId));
    void deps.prompter.showInformationMessage('Local sandbox reset to its seeded data.');
  });
  registerCommand(context, deps, 'gocardless.sandbox.stop', async () => {
    await deps.sandbox.stop();
    deps.tree.refresh();
  });
}

/** The merchant of the active account when it is local, else of the first local account. */
function localMerchantId(deps: ExtensionDeps): string {
  const active = deps.accounts.active();
  const local = active?.environment === 'local' ? active : deps.accounts.list().find((a) => a.environment === 'local');
  if (!local) throw new Error('The local sandbox is not in use: run "GoCardless: Use Local Sandbox" first.');
  return local.merchantId;
}

async function runningSandbox(deps: ExtensionDeps): ReturnType<ExtensionDeps['sandbox']['ensureStarted']> {
  if (deps.sandbox.current) return deps.sandbox.current;
  const local = deps.accounts.list().find((a) => a.environment === 'local');
  if (!local) throw new Error('The local sandbox is not in use: run "GoCardless: Use Local Sandbox" first.');
  const secrets = await deps.accounts.secretsOf(local.id);
  return deps.sandbox.ensureStarted(secrets ? { app_id: local.appId, merchant_id: local.merchantId, app_secret: secrets.appSecret, access_token: secrets.accessToken } : undefined);
}

/** The bill's status read from a local account's sandbox, or undefined when it cannot be read (then every outcome is offered). */
async function localBillStatus(deps: ExtensionDeps, billId: string): Promise<BillStatus | undefined> {
  const account = deps.accounts.list().find((a) => a.environment === 'local');
  if (!account) return undefined;
  try {
    return (await (await deps.clientFor(account)).getBill(billId)).status;
  } catch (e) {
    deps.log.warn(`trigger outcome: could not read bill ${billId}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
