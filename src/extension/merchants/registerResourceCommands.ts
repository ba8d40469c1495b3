import * as vscode from 'vscode';
import type { Bill, PreAuthorization, Subscription } from '../../core/api/models';
import { type AccountInfo, isLive } from '../accounts/Account';
import type { MerchantApi } from '../api/MerchantApi';
import type { ExtensionDeps } from '../ExtensionDeps';
import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES, type ResourceType } from '../../core/api/resourceTypes';
import { formatAmount } from '../present/formatAmount';
import { BillNode } from './BillNode';
import { CollectionNode } from './CollectionNode';
import { PreAuthorizationNode } from './PreAuthorizationNode';
import { isRecordNode, type RecordNode, type ResourceNode } from './ResourceNode';
import { SubscriptionNode } from './SubscriptionNode';
import { CancelledError } from '../commands/CancelledError';
import { confirmAction } from '../commands/confirmAction';
import { offerReveal } from './offerReveal';
import { validateBillAmount, validateChargeDate } from '../commands/inputRules';
import { registerCommand } from '../commands/registerCommand';
import { withProgress } from '../commands/withProgress';

/** The resource type of each record node kind (`RESOURCE_TYPES`' `kind`), for its JSON document. */
const RECORD_TYPES = Object.fromEntries(RESOURCE_TYPE_NAMES.map((type) => [RESOURCE_TYPES[type].kind, type])) as Readonly<Record<RecordNode['kind'], ResourceType>>;

/** Open as JSON, copy, bill actions, cancellations, create a bill, show bills. */
export function registerResourceCommands(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.merchants.openJson', async (node) => {
    const record = requireRecord(node, 'Open as JSON');
    await deps.documents.open(record.account, RECORD_TYPES[record.kind], record.record.id, record.record);
  });
  registerCommand(context, deps, 'gocardless.merchants.copyId', async (node) => {
    const record = requireRecord(node, 'Copy ID');
    await deps.prompter.writeClipboard(record.record.id);
  });
  registerCommand(context, deps, 'gocardless.merchants.copyUri', async (node) => {
    const record = requireRecord(node, 'Copy URI');
    const uri = 'uri' in record.record && typeof record.record.uri === 'string' ? record.record.uri : undefined;
    await deps.prompter.writeClipboard(uri ?? resourceUriFallback(record));
  });

  // Retrying is not irreversible (the bill goes back to pending), but on live it still charges a customer.
  registerCommand(context, deps, 'gocardless.merchants.retryBill', (node) => changeBill(deps, node, {
    action: 'retry', verb: 'Retry', progress: 'Retrying', consequence: 'The customer\'s bank will be asked to pay again.', confirmOnLiveOnly: true,
    call: (client, id) => client.retryBill(id),
  }));
  registerCommand(context, deps, 'gocardless.merchants.cancelBill', (node) => changeBill(deps, node, {
    action: 'cancel', verb: 'Cancel', progress: 'Cancelling', consequence: 'A cancelled bill cannot be retried.',
    call: (client, id) => client.cancelBill(id),
  }));
  registerCommand(context, deps, 'gocardless.merchants.refundBill', (node) => changeBill(deps, node, {
    action: 'refund', verb: 'Refund', progress: 'Refunding', consequence: 'The full amount goes back to the customer.',
    call: (client, id) => client.refundBill(id),
  }));
  registerCommand(context, deps, 'gocardless.merchants.cancelSubscription', async (node) => {
    const { account, record } = await mandateTarget(deps, node, 'subscription');
    const sub = record as Subscription;
    if (!(await confirmAction(deps.prompter, account, { verb: 'Cancel', resource: `subscription ${sub.name ?? sub.id}`, amount: `${formatAmount(sub.amount, sub.currency)} per ${sub.interval_unit}`, consequence: 'No further bills will be created under it.' }))) return undefined;
    const updated = await withProgress(`Cancelling subscription ${sub.id}…`, async () => (await deps.clientFor(account)).cancelSubscription(sub.id));
    await afterRecordChange(deps, account, updated.id, updated);
    return updated;
  });
  registerCommand(context, deps, 'gocardless.merchants.cancelPreAuthorization', async (node) => {
    const { account, record } = await mandateTarget(deps, node, 'preAuthorization');
    const pa = record as PreAuthorization;
    if (!(await confirmAction(deps.prompter, account, { verb: 'Cancel', resource: `pre-authorization ${pa.name ?? pa.id}`, amount: `up to ${formatAmount(pa.max_amount, pa.currency)}`, consequence: 'No further bills can be created under it, and the customer is emailed.' }))) return undefined;
    const updated = await withProgress(`Cancelling pre-authorization ${pa.id}…`, async () => (await deps.clientFor(account)).cancelPreAuthorization(pa.id));
    await afterRecordChange(deps, account, updated.id, updated);
    return updated;
  });
  registerCommand(context, deps, 'gocardless.merchants.createBill', (node) => createBill(deps, node));
  registerCommand(context, deps, 'gocardless.merchants.showBills', async (node) => {
    // Without a node (the walkthrough's button, the palette): the active account's merchant's bills.
    const target = node === undefined ? await activeMerchantNode(deps) : node as ResourceNode;
    if (!target || !(isRecordNode(target) || target.kind === 'merchant') || target.kind === 'bill') throw new Error('Choose a subscription, pre-authorization, user or payout in the GoCardless view.');
    const children = await deps.tree.getChildren(target);
    const bills = children.find((c): c is CollectionNode => c instanceof CollectionNode && c.collection === 'bills');
    if (bills) await deps.treeView.reveal(bills, { expand: true, select: true, focus: true });
    if (bills) deps.journey.mark('billsBrowsed');
    return bills;
  });
}

/** The merchant node of the active account, or an error saying what to add first. */
async function activeMerchantNode(deps: ExtensionDeps): Promise<ResourceNode> {
  const account = deps.accounts.active();
  if (!account) throw new Error('Add a GoCardless account first (or use the local sandbox).');
  const accountNode = (await deps.tree.getChildren(undefined)).find((n) => n.kind === 'account' && n.account.id === account.id);
  const merchant = accountNode ? (await deps.tree.getChildren(accountNode)).find((n) => n.kind === 'merchant') : undefined;
  if (!merchant) throw new Error(`The account "${account.name}" shows no merchant: see the GoCardless view for the error.`);
  return merchant;
}

function requireRecord(node: unknown, action: string): RecordNode {
  const target = node as ResourceNode | undefined;
  if (!target || typeof target !== 'object' || !('kind' in target) || !isRecordNode(target)) throw new Error(`${action}: choose a resource in the GoCardless view.`);
  return target;
}

function resourceUriFallback(record: RecordNode): string {
  return `${RECORD_TYPES[record.kind]}:${record.record.id}`;
}

/** A bill action of the spec (retry, cancel, refund): confirmed (on live only, for a retry), run, then shown. */
interface BillChange {
  readonly action: string;
  readonly verb: string;
  readonly progress: string;
  readonly consequence: string;
  readonly confirmOnLiveOnly?: boolean;
  readonly call: (client: MerchantApi, id: string) => Promise<Bill>;
}

async function changeBill(deps: ExtensionDeps, node: unknown, change: BillChange): Promise<Bill | undefined> {
  const { account, bill } = await billTarget(deps, node, change.action);
  const ask = !change.confirmOnLiveOnly || isLive(account);
  if (ask && !(await confirmAction(deps.prompter, account, { verb: change.verb, resource: `bill ${bill.id}`, amount: formatAmount(bill.amount, bill.currency), consequence: change.consequence }))) return undefined;
  const updated = await withProgress(`${change.progress} bill ${bill.id}…`, async () => change.call(await deps.clientFor(account), bill.id));
  await afterBillChange(deps, account, updated);
  return updated;
}

/** The bill from a tree node, or — from the command palette — one asked for by id on the active account. */
async function billTarget(deps: ExtensionDeps, node: unknown, action: string): Promise<{ account: AccountInfo; bill: Bill }> {
  if (node instanceof BillNode) return { account: node.account, bill: node.record };
  const account = deps.accounts.active();
  if (!account) throw new Error('Add a GoCardless account first.');
  const id = typeof node === 'string' ? node : (await deps.prompter.showInputBox({ title: `Bill to ${action} (${account.name})`, prompt: 'Bill id' }))?.trim();
  if (!id) throw new CancelledError();
  const bill = await (await deps.clientFor(account)).getBill(id);
  return { account, bill };
}

async function mandateTarget(deps: ExtensionDeps, node: unknown, kind: 'subscription' | 'preAuthorization'): Promise<{ account: AccountInfo; record: Subscription | PreAuthorization }> {
  if (kind === 'subscription' && node instanceof SubscriptionNode) return { account: node.account, record: node.record };
  if (kind === 'preAuthorization' && node instanceof PreAuthorizationNode) return { account: node.account, record: node.record };
  const account = deps.accounts.active();
  if (!account) throw new Error('Add a GoCardless account first.');
  const label = kind === 'subscription' ? 'Subscription' : 'Pre-authorization';
  const id = typeof node === 'string' ? node : (await deps.prompter.showInputBox({ title: `${label} to cancel (${account.name})`, prompt: `${label} id` }))?.trim();
  if (!id) throw new CancelledError();
  const client = await deps.clientFor(account);
  return { account, record: kind === 'subscription' ? await client.getSubscription(id) : await client.getPreAuthorization(id) };
}


async function createBill(deps: ExtensionDeps, node: unknown): Promise<Bill | undefined> {
  const { account, record } = await mandateTarget(deps, node, 'preAuthorization');
  const pa = record as PreAuthorization;
  const title = `New bill under ${pa.name ?? pa.id}`;
  const amount = await deps.prompter.showInputBox({
    title: `${title} (1/4): amount`,
    prompt: `Amount in ${pa.currency}; at most ${formatAmount(pa.remaining_amount, pa.currency)} remains in this interval`,
    placeHolder: '10.00',
    ignoreFocusOut: true,
    validateInput: (v) => validateBillAmount(v, pa.remaining_amount),
  });
  if (amount === undefined) return undefined;
  // The local sandbox judges "the past" by its own (advanceable) clock.
  const today = account.environment === 'local' && deps.sandbox.current ? deps.sandbox.current.now() : new Date();
  const amountProblem = validateBillAmount(amount, pa.remaining_amount);
  if (amountProblem) throw new Error(amountProblem);
  const name = await deps.prompter.showInputBox({ title: `${title} (2/4): name`, prompt: 'Shown to the customer (optional)', ignoreFocusOut: true });
  if (name === undefined) return undefined;
  const description = await deps.prompter.showInputBox({ title: `${title} (3/4): description`, prompt: 'Optional', ignoreFocusOut: true });
  if (description === undefined) return undefined;
  const chargeDate = await deps.prompter.showInputBox({
    title: `${title} (4/4): charge date`,
    prompt: 'YYYY-MM-DD, not in the past; empty to charge as soon as possible',
    ignoreFocusOut: true,
    validateInput: (v) => validateChargeDate(v, today),
  });
  if (chargeDate === undefined) return undefined;
  const dateProblem = validateChargeDate(chargeDate, today);
  if (dateProblem) throw new Error(dateProblem);
  const formatted = formatAmount(amount.trim(), pa.currency);
  if (isLive(account) && !(await confirmAction(deps.prompter, account, { verb: 'Create bill', resource: `under pre-authorization ${pa.name ?? pa.id}`, amount: formatted, consequence: 'The customer will be charged.' }))) return undefined;
  const bill = await withProgress(`Creating a ${formatted} bill…`, async () =>
    (await deps.clientFor(account)).createBill({
      pre_authorization_id: pa.id,
      amount: amount.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(chargeDate.trim() ? { charge_customer_at: chargeDate.trim() } : {}),
    }),
  );
  // The pre-authorization's remaining amount and bills changed, and so did the merchant's bills.
  const fresh = await (await deps.clientFor(account)).getPreAuthorization(pa.id).catch(() => undefined);
  await afterRecordChange(deps, account, pa.id, fresh);
  for (const collection of deps.tree.collections(account.id)) {
    if (collection.collection === 'bills' && (!collection.scope || collection.scope.id === pa.id || collection.scope.id === bill.user_id)) deps.tree.reload(collection);
  }
  void offerReveal(deps, `Created bill ${bill.id} for ${formatted} (${bill.status}).`, { account, kind: 'bills', id: bill.id, fetch: async () => bill });
  return bill;
}

/** Redraw every node showing the bill, its collections, and the merchant summary (balances moved). */
async function afterBillChange(deps: ExtensionDeps, account: AccountInfo, bill: Bill): Promise<void> {
  await afterRecordChange(deps, account, bill.id, bill);
}

async function afterRecordChange(deps: ExtensionDeps, account: AccountInfo, id: string, fresh: unknown): Promise<void> {
  for (const node of deps.tree.findRecordNodes(id)) {
    if (fresh !== undefined) {
      (node as { record: unknown }).record = fresh;
      deps.documents.remember(account.id, RECORD_TYPES[node.kind], id, fresh);
    }
    deps.tree.refresh(node);
    // A filtered collection may no longer match: reload those; redraw the others (counts).
    if (Object.keys(deps.tree.stateOf(node.parent).filter).length) deps.tree.reload(node.parent);
    else deps.tree.refresh(node.parent);
  }
  const accountNode = deps.tree.accountNode(account.id);
  if (accountNode) deps.tree.refresh(accountNode);
  return Promise.resolve();
}
