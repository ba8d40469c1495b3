// Every action on a resource and its refusal, against the local sandbox:
// create a bill under a pre-authorization, cancel / refund / retry bills,
// cancel subscriptions and pre-authorizations, sandbox outcomes and clock —
// and the modal confirmation of a LIVE account.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Bill } from '../../src/core/api/models';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import type { ResourceNode } from '../../src/extension/merchants/ResourceNode';
import type { ScriptedPrompter } from './prompts/ScriptedPrompter';
import { waitFor } from './support/extensionApi';
import { gocardlessLog } from './support/logFile';
import { children, collection, itemOf, labelOf, removeAllAccounts, scripted, testingApi, testingDeps } from './prompts/testingDeps';

type Kind = ResourceNode['kind'];
type NodeOf<K extends Kind> = Extract<ResourceNode, { kind: K }>;

describe('resource actions', () => {
  let deps: ExtensionDeps;
  let account: AccountInfo;
  let prompter: ScriptedPrompter;
  let restore: vscode.Disposable;

  /** The first node of `kind` in a collection filtered server-side by `filter`. */
  async function first<K extends Kind>(label: string, kind: K, filter: Record<string, string | boolean>, accountId = account.id): Promise<NodeOf<K>> {
    const c = await collection(deps, accountId, label);
    deps.tree.setFilter(c as NodeOf<'collection'>, filter);
    const found = (await children(deps, c)).find((n): n is NodeOf<K> => n.kind === kind);
    if (!found) throw new Error(`no ${kind} in ${label} matching ${JSON.stringify(filter)}`);
    return found;
  }

  const nextWeek = (): string => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    const added = await vscode.commands.executeCommand<AccountInfo>('gocardless.sandbox.use');
    account = added;
  });

  beforeEach(() => {
    ({ prompter, restore } = scripted(deps));
  });

  afterEach(() => {
    restore.dispose();
  });

  after(async () => {
    await removeAllAccounts(deps);
  });

  it('creates a bill under an active pre-authorization, validating the amount and charge date', async () => {
    const pa = await first('Pre-authorizations', 'preAuthorization', { status: 'active' });
    assert.match(String(itemOf(deps, pa).contextValue), /^preAuthorization:active:cancellable:billable/);
    const tooMuch = (Number(pa.record.remaining_amount) + 1).toFixed(2);
    prompter.script({ input: tooMuch, refusedWith: 'remaining' });
    await vscode.commands.executeCommand('gocardless.merchants.createBill', pa);
    prompter.script({ input: '12.345', refusedWith: 'amount' });
    await vscode.commands.executeCommand('gocardless.merchants.createBill', pa);

    prompter.script(
      { input: '1.50' },
      { input: 'Test **bold** [link](https://example.com)' },
      { input: 'integration test' },
      { input: '2001-01-01', refusedWith: 'past' },
    );
    await vscode.commands.executeCommand('gocardless.merchants.createBill', pa);

    prompter.script({ input: '1.50' }, { input: 'Test **bold** [link](https://example.com)' }, { input: 'integration test' }, { input: nextWeek() });
    const bill = await vscode.commands.executeCommand<Bill>('gocardless.merchants.createBill', pa);
    prompter.assertDone();
    assert.equal(bill.amount.replace(/0+$/, ''), '1.5');
    assert.equal(bill.source_id, pa.record.id);
    assert.equal(bill.status, 'pending');
    assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.includes(bill.id)));

    // It appears under the pre-authorization, with network text escaped in the tooltip.
    const [bills] = await children(deps, pa);
    const shown = (await children(deps, bills)).find((n) => n.kind === 'bill' && n.record.id === bill.id);
    assert.ok(shown, 'the new bill is listed under its pre-authorization');
    const tooltip = itemOf(deps, shown).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(tooltip.value.includes('\\*\\*bold\\*\\* \\[link\\]\\(https'), tooltip.value);
    assert.ok(!tooltip.value.includes('[link](https'), 'no live link from network text');
  });

  it('cancels a pending bill after confirmation; dismissing changes nothing', async () => {
    prompter.script({ input: '2.00' }, { input: '' }, { input: '' }, { input: nextWeek() });
    const pa = await first('Pre-authorizations', 'preAuthorization', { status: 'active' });
    const created = await vscode.commands.executeCommand<Bill>('gocardless.merchants.createBill', pa);
    const bills = await collection(deps, account.id, 'Bills');
    deps.tree.setFilter(bills as NodeOf<'collection'>, { status: 'pending', source_id: pa.record.id });
    const target = (await children(deps, bills)).find((n): n is NodeOf<'bill'> => n.kind === 'bill' && n.record.id === created.id);
    assert.ok(target, 'the new pending bill is listed');
    assert.match(String(itemOf(deps, target).contextValue), /:cancellable/);

    prompter.script({ confirm: undefined, modal: false });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.cancelBill', target), undefined);
    prompter.script({ confirm: 'Cancel', modal: false });
    const cancelled = await vscode.commands.executeCommand<Bill>('gocardless.merchants.cancelBill', target);
    prompter.assertDone();
    assert.equal(cancelled.status, 'cancelled');
    // The node now shows the new state, and the state's menus.
    assert.equal(target.record.status, 'cancelled');
    assert.match(String(itemOf(deps, target).contextValue), /^bill:cancelled(?!.*cancellable)/);
  });

  it('refuses a refund while the local merchant\'s refunds are off, until the sandbox command enables them', async () => {
    // The spec: "This endpoint will only be available if refunds have been enabled on your merchant account."
    const bill = await first('Bills', 'bill', { paid: true });
    assert.doesNotMatch(String(itemOf(deps, bill).contextValue), /refundable/, 'refunds are off: the menu hides Refund');
    prompter.script({ confirm: 'Refund', modal: false });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.refundBill', bill), undefined, 'the command reports the error');
    const error = prompter.errors().at(-1) ?? '';
    assert.match(error, /Refunds are not enabled on merchant account/);
    assert.match(error, /HTTP 403/);
    assert.notEqual(bill.record.status, 'refunded');

    prompter.script({ pick: undefined });
    assert.equal(await vscode.commands.executeCommand('gocardless.sandbox.setRefunds'), undefined, 'dismissed: nothing changes');
    prompter.script({ pick: 'Enable refunds' });
    const settings = await vscode.commands.executeCommand<{ refunds_enabled: boolean }>('gocardless.sandbox.setRefunds');
    prompter.assertDone();
    assert.equal(settings.refunds_enabled, true);
    assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.startsWith('Refunds are now enabled')));
    const again = await first('Bills', 'bill', { paid: true });
    assert.match(String(itemOf(deps, again).contextValue), /:refundable/, 'the menu offers Refund now');
  });

  it('refuses to refund a pending bill with the server\'s 422 message', async () => {
    const bill = await first('Bills', 'bill', { status: 'pending' });
    assert.doesNotMatch(String(itemOf(deps, bill).contextValue), /refundable/, 'the menu hides Refund');
    prompter.script({ confirm: 'Refund' });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.refundBill', bill), undefined, 'the command reports the error and resolves to undefined');
    const error = prompter.errors().at(-1) ?? '';
    assert.match(error, /only paid or withdrawn bills can be refunded/);
    assert.match(error, /HTTP 422/);
  });

  it('refunds a paid bill after a non-modal confirmation naming it and its amount', async () => {
    const bill = await first('Bills', 'bill', { paid: true });
    assert.match(String(itemOf(deps, bill).contextValue), /:refundable/);
    await vscode.commands.executeCommand('gocardless.merchants.openJson', bill);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document);
    assert.doesNotMatch(document.getText(), /"status": "refunded"/);
    prompter.script({ confirm: 'Refund', modal: false });
    const refunded = await vscode.commands.executeCommand<Bill>('gocardless.merchants.refundBill', bill);
    assert.equal(refunded.status, 'refunded');
    assert.equal(bill.record.status, 'refunded');
    // The open JSON document of the bill follows.
    await waitFor(() => document.getText().includes('"status": "refunded"'), { message: 'the JSON document to show the refund' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(prompter.shown.some((m) => m.kind === 'warning' && m.message.includes(bill.record.id) && /£|€/.test(m.message)), 'the confirmation names the bill and amount');
  });

  it('retries a failed bill, and refuses to retry a refunded one', async () => {
    const failed = await first('Bills', 'bill', { status: 'failed' });
    assert.match(String(itemOf(deps, failed).contextValue), /:retriable/);
    const retried = await vscode.commands.executeCommand<Bill>('gocardless.merchants.retryBill', failed);
    assert.equal(retried.status, 'pending');

    const paid = await first('Bills', 'bill', { status: 'refunded' });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.retryBill', paid), undefined, 'the command reports the error and resolves to undefined');
    assert.match(prompter.errors().at(-1) ?? '', /only failed bills can be retried.*HTTP 422/);
  });

  it('cancels an active subscription, and refuses a second cancellation', async () => {
    const sub = await first('Subscriptions', 'subscription', { status: 'active' });
    prompter.script({ confirm: 'Cancel' });
    const cancelled = await vscode.commands.executeCommand<{ status: string }>('gocardless.merchants.cancelSubscription', sub);
    assert.equal(cancelled.status, 'cancelled');
    assert.doesNotMatch(String(itemOf(deps, sub).contextValue), /cancellable/);
    prompter.script({ confirm: 'Cancel' });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.cancelSubscription', sub), undefined, 'the command reports the error and resolves to undefined');
    assert.match(prompter.errors().at(-1) ?? '', /only active ones can be cancelled.*HTTP 422/);
  });

  it('cancels an active pre-authorization, then refuses a bill under it', async () => {
    const pa = await first('Pre-authorizations', 'preAuthorization', { status: 'active' });
    prompter.script({ confirm: 'Cancel' });
    const cancelled = await vscode.commands.executeCommand<{ status: string }>('gocardless.merchants.cancelPreAuthorization', pa);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(pa.record.status, 'cancelled');
    prompter.script({ input: '1.00' }, { input: '' }, { input: '' }, { input: '' });
    assert.equal(await vscode.commands.executeCommand('gocardless.merchants.createBill', pa), undefined, 'the command reports the error and resolves to undefined');
    assert.match(prompter.errors().at(-1) ?? '', /active pre-authorization.*HTTP 422/);
  });

  it('cancels from the command palette by id', async () => {
    const sub = await first('Subscriptions', 'subscription', { status: 'active' });
    prompter.script({ input: sub.record.id }, { confirm: 'Cancel' });
    const cancelled = await vscode.commands.executeCommand<{ status: string }>('gocardless.merchants.cancelSubscription');
    prompter.assertDone();
    assert.equal(cancelled.status, 'cancelled');
  });

  it('triggers a sandbox bill outcome and refuses one the bill\'s state does not allow', async () => {
    const bill = await first('Bills', 'bill', { status: 'pending' });
    assert.match(String(itemOf(deps, bill).contextValue), /:local/);
    prompter.script({ pick: 'paid' });
    const paid = await vscode.commands.executeCommand<Bill>('gocardless.sandbox.triggerBillOutcome', bill);
    assert.deepEqual(prompter.pickItems.at(-1), ['paid', 'failed', 'cancelled'], 'a pending bill is offered only what can follow');
    assert.equal(paid.status, 'paid');
    assert.equal(bill.record.status, 'paid');
    assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message === `Bill ${bill.record.id} is now paid (was pending).`), 'success is said');
    await waitFor(() => gocardlessLog(deps).includes(`Sandbox trigger: bill ${bill.record.id} → paid (now paid)`), { message: 'the trigger in the GoCardless log' });
    prompter.script({ pick: undefined });
    await vscode.commands.executeCommand('gocardless.sandbox.triggerBillOutcome', bill);
    assert.deepEqual(prompter.pickItems.at(-1), ['chargedback', 'refunded', 'withdrawn'], 'a paid bill: no "retried", no "paid"');
    // Asked directly (an argument, as a script would), the sandbox still refuses what the state does not allow.
    assert.equal(await vscode.commands.executeCommand('gocardless.sandbox.triggerBillOutcome', bill, 'retried'), undefined, 'the command reports the error and resolves to undefined');
    assert.match(prompter.errors().at(-1) ?? '', /"retried" applies only to.*HTTP 422/);
  });

  it('redraws an open bill JSON when the sandbox clock moves the bill on (it said "pending" after it was paid)', async () => {
    const bill = await first('Bills', 'bill', { status: 'pending' });
    const editor = await deps.documents.open(account, 'bill', bill.record.id, bill.record);
    assert.match(editor.document.getText(), /"status": "pending"/);
    await vscode.commands.executeCommand('gocardless.sandbox.advanceClock', 30 * 86_400_000);
    await waitFor(() => !editor.document.getText().includes('"status": "pending"'), { message: `the open JSON of bill ${bill.record.id} to leave "pending"` });
    assert.match(editor.document.getText(), /"status": "(paid|failed|withdrawn)"/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('advances the sandbox clock and reports what happened', async () => {
    const before = deps.sandbox.current?.now().getTime() ?? 0;
    prompter.script({ pick: '1 week' });
    const report = await vscode.commands.executeCommand<{ advancedMs: number }>('gocardless.sandbox.advanceClock');
    assert.equal(report.advancedMs, 7 * 86_400_000);
    assert.ok((deps.sandbox.current?.now().getTime() ?? 0) - before >= 7 * 86_400_000);
    assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.startsWith('Sandbox clock now')));
    prompter.script({ pick: 'Custom' }, { input: '-1', refusedWith: 'positive' });
    await vscode.commands.executeCommand('gocardless.sandbox.advanceClock');
    prompter.assertDone();
  });

  describe('on a LIVE account', () => {
    let live: AccountInfo;
    let served: vscode.Disposable;

    before(async () => {
      // A LIVE-marked account with the sandbox's credentials, served by the
      // embedded sandbox (the test-mode API's one client seam), so nothing
      // real is ever called.
      const secrets = await deps.accounts.secretsOf(account.id);
      live = await deps.accounts.add({ name: 'Production', environment: 'live', appId: account.appId, merchantId: account.merchantId }, secrets!);
      served = (await testingApi()).serveFromSandbox(live.id);
    });

    after(async () => {
      served.dispose();
      await deps.accounts.remove(live.id);
    });

    it('marks the account and its resources LIVE', async () => {
      const node = (await children(deps)).find((n) => n.kind === 'account' && n.account.id === live.id);
      assert.ok(node);
      assert.match(labelOf(deps, node), /LIVE/);
      const icon = itemOf(deps, node).iconPath;
      assert.ok(icon instanceof vscode.ThemeIcon && icon.color instanceof vscode.ThemeColor);
      const bill = await first('Bills', 'bill', { paid: true }, live.id);
      assert.match(String(itemOf(deps, bill).contextValue), /:live$/);
    });

    it('asks a modal confirmation naming the resource and amount before refunding', async () => {
      // paid=true: paid and withdrawn bills, both refundable.
      const bill = await first('Bills', 'bill', { paid: true }, live.id);
      const status = bill.record.status;
      prompter.script({ confirm: undefined, modal: true });
      assert.equal(await vscode.commands.executeCommand('gocardless.merchants.refundBill', bill), undefined);
      const question = prompter.shown.at(-1);
      assert.ok(question?.modal);
      assert.match(question.message, /LIVE/);
      assert.ok(question.message.includes(bill.record.id), question.message);
      assert.match(question.message, /[£€][\d,]+\.\d\d/);
      assert.equal(bill.record.status, status, 'dismissed: nothing changed');

      prompter.script({ confirm: 'Refund', modal: true });
      const refunded = await vscode.commands.executeCommand<Bill>('gocardless.merchants.refundBill', bill);
      prompter.assertDone();
      assert.equal(refunded.status, 'refunded');
    });
  });
});
