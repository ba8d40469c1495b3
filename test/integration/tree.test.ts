// The Merchants tree against the local sandbox: nodes, icons and
// descriptions, pagination with "Load more…", server-side filters shown on
// the view and cleared, nested bills, refresh, open as JSON, go to by id.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import type { ResourceNode } from '../../src/extension/merchants/ResourceNode';
import { children, collection, itemOf, labelOf, removeAllAccounts, scripted, testingApi, testingDeps } from './prompts/testingDeps';

describe('the Merchants tree', () => {
  let deps: ExtensionDeps;
  let accountId: string;
  const pageSize = () => vscode.workspace.getConfiguration('gocardless.tree');

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    await pageSize().update('pageSize', 5, vscode.ConfigurationTarget.Global);
    accountId = (await vscode.commands.executeCommand<{ id: string }>('gocardless.sandbox.use')).id;
  });

  after(async () => {
    await pageSize().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await removeAllAccounts(deps);
  });

  /** Newest first shows the last page, topped up with the one before when it is short (3 of 5 → 3 + 5). */
  const firstViewSize = (total: number, perPage: number): number => {
    const last = total % perPage || perPage;
    return total <= perPage ? total : last === perPage ? perPage : last + perPage;
  };
  const billIds = (nodes: ResourceNode[]): string[] => nodes.flatMap((n) => (n.kind === 'bill' ? [n.record.id] : []));

  it('shows the account row without saying "Local sandbox" twice', async () => {
    const node = (await children(deps)).find((n) => n.kind === 'account' && n.account.id === accountId);
    assert.ok(node);
    const item = itemOf(deps, node);
    assert.equal(item.label, 'Local sandbox');
    assert.equal(item.description, 'active');
  });

  it('pages bills in the API\'s order with gocardless.tree.order = "api", per_page from the setting and "Load more…" driven by X-Pagination', async () => {
    await pageSize().update('order', 'api', vscode.ConfigurationTarget.Global);
    try {
      const bills = await collection(deps, accountId, 'Bills');
      const first = await children(deps, bills);
      assert.equal(first.filter((n) => n.kind === 'bill').length, 5);
      const more = first.at(-1);
      assert.equal(more?.kind, 'loadMore');
      const total = Number(String(itemOf(deps, more!).description).match(/of ([\d,]+)/)?.[1]?.replace(/,/g, ''));
      assert.ok(total > 10, `X-Pagination total shown: ${String(itemOf(deps, more!).description)}`);
      assert.match(String(itemOf(deps, bills).description), new RegExp(`${total.toLocaleString('en-GB')}`));

      await vscode.commands.executeCommand('gocardless.merchants.loadMore', more);
      const second = await children(deps, bills);
      const ids = billIds(second);
      assert.equal(ids.length, 10);
      assert.equal(new Set(ids).size, 10, 'no bill twice');
      assert.match(String(itemOf(deps, second.at(-1)!).description), /^10 of /);
    } finally {
      await pageSize().update('order', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists newest first by default: the last page first, then "Load more…" goes back to page 1', async () => {
    const account = deps.accounts.get(accountId);
    assert.ok(account);
    const api = await deps.clientFor(account);
    const probe = await api.listBills({}, { page: 1, perPage: 5 });
    const total = probe.totalRecords ?? 0;
    const pages = probe.totalPages ?? 0;
    assert.ok(pages > 2, 'enough bills for several pages');
    // The API's own order, read page by page: what newest first must reverse.
    const apiOrder: string[] = [];
    for (let page = 1; page <= pages; page++) apiOrder.push(...(await api.listBills({}, { page, perPage: 5 })).records.map((b) => b.id));
    const newest = [...apiOrder].reverse();

    await vscode.commands.executeCommand('gocardless.merchants.refresh');
    const bills = await collection(deps, accountId, 'Bills');
    let shown = billIds(await children(deps, bills));
    assert.equal(shown.length, firstViewSize(total, 5));
    assert.deepEqual(shown, newest.slice(0, shown.length), 'the newest bill is at the top');
    for (let guard = 0; guard < pages + 1; guard++) {
      const last = (await children(deps, bills)).at(-1);
      if (last?.kind !== 'loadMore') break;
      await vscode.commands.executeCommand('gocardless.merchants.loadMore', last);
      shown = billIds(await children(deps, bills));
    }
    assert.deepEqual(shown, newest, 'every bill once, oldest last');
  });

  it('reads each page once: a short last page is topped up with page 1 as read for the count, not read again', async () => {
    const account = deps.accounts.get(accountId);
    assert.ok(account);
    const total = (await (await deps.clientFor(account)).listPreAuthorizations({}, { page: 1, perPage: 1 })).totalRecords ?? 0;
    assert.ok(total >= 3, `${total} pre-authorizations`);
    // A page size between half the total and the total: two pages, the last one short, topped up with page 1.
    const perPage = Math.floor(total / 2) + 1;
    await pageSize().update('pageSize', perPage, vscode.ConfigurationTarget.Global);
    const { requests } = await testingApi();
    const asked = (): string[] => requests.service.log.list()
      .filter((r) => r.source === 'sandbox' && r.method === 'GET' && /\/pre_authorizations$/.test(r.path)).map((r) => r.query);
    try {
      await vscode.commands.executeCommand('gocardless.merchants.refresh');
      const before = asked().length;
      const preAuthorizations = await collection(deps, accountId, 'Pre-authorizations');
      const shown = (await children(deps, preAuthorizations)).filter((n) => n.kind === 'preAuthorization');
      assert.equal(shown.length, total, 'the last page and page 1: every one');
      // The sandbox hands its records over just after each answer: wait until the last page's is in.
      for (let i = 0; i < 50 && !asked().slice(before).some((q) => q.startsWith('page=2&')); i++) await new Promise((r) => setTimeout(r, 20));
      const queries = asked().slice(before);
      assert.deepEqual([...queries].sort(), [`page=1&per_page=${perPage}`, `page=2&per_page=${perPage}`], queries.join(', '));
    } finally {
      await pageSize().update('pageSize', 5, vscode.ConfigurationTarget.Global);
    }
  });

  it('fires no change for a collection while its children are being handed to VS Code', async () => {
    // Such a change made the extension host drop the children it had just returned, so
    // their context-menu commands received no node (seen in the real workbench).
    await vscode.commands.executeCommand('gocardless.merchants.refresh');
    const bills = await collection(deps, accountId, 'Bills');
    const fired: unknown[] = [];
    const listening = deps.tree.onDidChangeTreeData((node) => fired.push(node));
    try {
      const first = await children(deps, bills);
      assert.ok(first.some((n) => n.kind === 'bill'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(fired.map((n) => (n as ResourceNode | undefined)?.id), []);
    } finally {
      listening.dispose();
    }
  });

  it('shows each bill with a status icon, amount, status and date, and an escaped Markdown tooltip', async () => {
    const bills = await collection(deps, accountId, 'Bills');
    const bill = (await children(deps, bills)).find((n) => n.kind === 'bill');
    assert.ok(bill && bill.kind === 'bill');
    const item = itemOf(deps, bill);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.ok(item.iconPath.color instanceof vscode.ThemeColor);
    assert.match(labelOf(deps, bill), /^[£€][\d,]+\.\d\d/);
    assert.ok(String(item.description).startsWith(bill.record.status));
    assert.match(String(item.contextValue), new RegExp(`^bill:${bill.record.status}`));
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.ok(item.tooltip.value.includes(bill.record.id));
    assert.equal(item.tooltip.isTrusted, undefined, 'tooltips are not trusted (no command links)');
  });

  it('filters bills server-side by status, shows the filter on the node and the view, and clears it', async () => {
    const bills = await collection(deps, accountId, 'Bills');
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'status' }, { pick: 'paid' });
      await vscode.commands.executeCommand('gocardless.merchants.filter', bills);
      const filtered = (await children(deps, bills)).filter((n) => n.kind === 'bill');
      assert.ok(filtered.length > 0);
      assert.ok(filtered.every((n) => n.kind === 'bill' && n.record.status === 'paid'));
      assert.match(String(itemOf(deps, bills).description), /status=paid/);
      assert.match(String(itemOf(deps, bills).contextValue), /:filtered$/);
      assert.match(deps.treeView?.message ?? '', /Bills \(Local sandbox\): status=paid/);

      // A second filter adds to the first: paid=false with status=paid matches nothing.
      prompter.script({ pick: 'paid' }, { pick: 'false' });
      await vscode.commands.executeCommand('gocardless.merchants.filter', bills);
      const none = await children(deps, bills);
      assert.equal(none.length, 1);
      assert.match(labelOf(deps, none[0]!), /No bills match the filters/);

      prompter.script({ pick: 'before' }, { input: '31/01/2024', refusedWith: 'ISO 8601' });
      await vscode.commands.executeCommand('gocardless.merchants.filter', bills);

      await vscode.commands.executeCommand('gocardless.merchants.clearFilter', bills);
      prompter.assertDone();
      assert.equal(deps.treeView?.message, undefined);
      const all = (await children(deps, bills)).filter((n) => n.kind === 'bill');
      const total = Number(String(itemOf(deps, bills).description).replace(/,/g, '').match(/(\d+)$/)?.[1]);
      assert.equal(all.length, firstViewSize(total, 5), 'back to the first unfiltered view');
    } finally {
      restore.dispose();
    }
  });

  it('filters subscriptions by status and lists a subscription\'s bills by source_id', async () => {
    const subs = await collection(deps, accountId, 'Subscriptions');
    deps.tree.setFilter(subs as Parameters<typeof deps.tree.setFilter>[0], { status: 'active' });
    const active = (await children(deps, subs)).filter((n) => n.kind === 'subscription');
    assert.ok(active.length > 0);
    let checked = 0;
    for (const sub of active) {
      if (sub.kind !== 'subscription') continue;
      assert.match(String(itemOf(deps, sub).contextValue), /^subscription:active:cancellable/);
      const [billsOfSub] = await children(deps, sub);
      assert.equal(billsOfSub?.kind, 'collection');
      const bills = (await children(deps, billsOfSub)).filter((n) => n.kind === 'bill');
      for (const b of bills) if (b.kind === 'bill') assert.equal(b.record.source_id, sub.record.id);
      checked += bills.length;
      if (checked > 0) break;
    }
    assert.ok(checked > 0, 'some active subscription has bills');
    deps.tree.setFilter(subs as Parameters<typeof deps.tree.setFilter>[0], {});
  });

  it('"Show Bills" reveals a subscription\'s bills collection in the view', async () => {
    const subs = await collection(deps, accountId, 'Subscriptions');
    const sub = (await children(deps, subs)).find((n) => n.kind === 'subscription');
    assert.ok(sub && sub.kind === 'subscription');
    const shown = await vscode.commands.executeCommand<ResourceNode>('gocardless.merchants.showBills', sub);
    assert.equal(shown.kind, 'collection');
    assert.equal(shown.parent, sub);
    assert.equal(deps.treeView?.visible, true, 'the Merchants view is shown');
    assert.deepEqual(deps.treeView?.selection.map((n) => n.id), [shown.id]);
  });

  it('lists a user\'s bills, subscriptions and pre-authorizations by user_id', async () => {
    const users = await collection(deps, accountId, 'Users');
    const user = (await children(deps, users)).find((n) => n.kind === 'user');
    assert.ok(user && user.kind === 'user');
    const nested = await children(deps, user);
    assert.deepEqual(nested.map((n) => labelOf(deps, n)), ['Bills', 'Subscriptions', 'Pre-authorizations']);
    for (const c of nested) {
      for (const r of await children(deps, c)) {
        if (r.kind === 'bill' || r.kind === 'subscription' || r.kind === 'preAuthorization') assert.equal(r.record.user_id, user.record.id);
      }
    }
  });

  it('finds a payout\'s bills by scanning (the API has no payout_id filter)', async () => {
    const payouts = await collection(deps, accountId, 'Payouts');
    const payout = (await children(deps, payouts)).find((n) => n.kind === 'payout');
    assert.ok(payout && payout.kind === 'payout');
    const [bills] = await children(deps, payout);
    assert.ok(bills);
    const found = await children(deps, bills);
    const billNodes = found.filter((n): n is Extract<ResourceNode, { kind: 'bill' }> => n.kind === 'bill');
    for (const b of billNodes) assert.equal(b.record.payout_id, payout.record.id);
    // The default sandbox has fewer bills than one scan bound, so the scan is complete.
    assert.ok(billNodes.length > 0, `payout ${payout.record.id} shows its bills`);
    assert.ok(!found.some((n) => n.kind === 'loadMore'));
    // The scan count the README promises, on the Bills node itself.
    assert.match(String(itemOf(deps, bills).description), new RegExp(`^${billNodes.length} found · [\\d,]+ of [\\d,]+ bills scanned$`));
  });

  it('opens a bill as read-only JSON and copies its id and URI', async () => {
    const bills = await collection(deps, accountId, 'Bills');
    const bill = (await children(deps, bills)).find((n) => n.kind === 'bill');
    assert.ok(bill && bill.kind === 'bill');
    await vscode.commands.executeCommand('gocardless.merchants.openJson', bill);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'gocardless');
    const json: unknown = JSON.parse(editor.document.getText());
    assert.equal((json as { id: string }).id, bill.record.id);
    assert.equal(editor.document.languageId, 'json');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const { prompter, restore } = scripted(deps);
    try {
      await vscode.commands.executeCommand('gocardless.merchants.copyId', bill);
      assert.equal(prompter.clipboard, bill.record.id);
      await vscode.commands.executeCommand('gocardless.merchants.copyUri', bill);
      assert.equal(prompter.clipboard, bill.record.uri);
    } finally {
      restore.dispose();
    }
  });

  it('goes to a bill by id: fetches it, opens its JSON, selects it in the tree even when no loaded page holds it', async () => {
    await vscode.commands.executeCommand('gocardless.merchants.refresh');
    const bills = await collection(deps, accountId, 'Bills');
    const shown = billIds(await children(deps, bills));
    const account = deps.accounts.get(accountId);
    assert.ok(account);
    // The oldest bill: newest first, it is pages away from the first view.
    const oldest = (await (await deps.clientFor(account)).listBills({}, { page: 1, perPage: 5 })).records[0];
    assert.ok(oldest && !shown.includes(oldest.id), 'the premise: the bill is not loaded');
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'Bill' }, { input: oldest.id });
      const fetched = await vscode.commands.executeCommand<{ id: string }>('gocardless.merchants.goToResource');
      prompter.assertDone();
      assert.equal(fetched.id, oldest.id);
      const selected = deps.treeView?.selection[0];
      assert.ok(selected?.kind === 'bill' && selected.record.id === oldest.id, `the bill is selected: ${selected?.id}`);
      assert.equal(vscode.window.activeTextEditor?.document.uri.path.endsWith(`/bill/${oldest.id}.json`), true);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      prompter.script({ pick: 'Bill' }, { input: 'NOSUCHBILL' });
      assert.equal(await vscode.commands.executeCommand('gocardless.merchants.goToResource'), undefined, 'the command reports the error and resolves to undefined');
      assert.match(prompter.errors().at(-1) ?? '', /HTTP 404/);
    } finally {
      restore.dispose();
    }
  });

  it('refreshes a collection (re-fetching its first page) and the whole view', async () => {
    const bills = await collection(deps, accountId, 'Bills');
    await children(deps, bills);
    await vscode.commands.executeCommand('gocardless.merchants.refreshNode', bills);
    const shown = (await children(deps, bills)).filter((n) => n.kind === 'bill').length;
    const total = Number(String(itemOf(deps, bills).description).replace(/,/g, '').match(/(\d+)$/)?.[1]);
    assert.equal(shown, firstViewSize(total, 5));
    await vscode.commands.executeCommand('gocardless.merchants.refresh');
    assert.equal((await children(deps)).length, 1);
  });
});
