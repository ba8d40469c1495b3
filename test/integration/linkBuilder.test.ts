// The payment link builder in the real extension host: the command opens the
// panel; a link signed by the host verifies with core and the local sandbox
// accepts it; the redirect round trip (pay → loopback landing page → verify →
// confirm) ends with a confirmed resource in the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testConnectLink, queryToParams } from '../../src/core/links/testConnectLink';
import { verifySignedParams } from '../../src/core/signing';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { externalLink } from '../../src/extension/panels/externalLink';
import { payOnPaymentPage } from '../unit/linkBuilder/payOnPaymentPage';
import { navigate } from '../unit/extension/browserRequests';
import { children, collection, scripted, testingDeps } from './prompts/testingDeps';
import { waitFor } from './support/extensionApi';

function builderTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gocardless.linkBuilder'));
}

describe('payment link builder', () => {
  let deps: ExtensionDeps;
  let accountId: string;

  before(async () => {
    deps = await testingDeps();
    const local = deps.accounts.list().find((a) => a.environment === 'local');
    accountId = local ? local.id : (await vscode.commands.executeCommand<{ id: string }>('gocardless.useLocalSandbox')).id;
    await deps.accounts.setActive(accountId);
  });

  after(async () => {
    for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
  });

  it('"Create payment link…" opens the builder panel, once', async () => {
    await vscode.commands.executeCommand('gocardless.createPaymentLink');
    await waitFor(() => builderTabs().length === 1, { message: 'the link builder tab' });
    await vscode.commands.executeCommand('gocardless.createPaymentLink');
    assert.equal(builderTabs().length, 1, 'a second call reveals the same panel');
    for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor(() => builderTabs().length === 0, { message: 'the tab to close' });
  });

  it('signs a link in the host that core verifies and the local sandbox accepts', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script(
        { pick: 'Subscription' },
        { input: '12.345', refusedWith: 'at most two decimal places' },
      );
      assert.equal(await vscode.commands.executeCommand('gocardless.createPaymentLinkQuick'), undefined, 'a refused amount ends the flow');
      prompter.script({ pick: 'Subscription' }, { input: '12.00' }, { pick: 'Every month' }, { input: 'Gold <plan>' });
      const url = await vscode.commands.executeCommand<string>('gocardless.createPaymentLinkQuick');
      prompter.assertDone();
      assert.equal(prompter.clipboard, url, 'the URL is copied');
      const secrets = await deps.accounts.secretsOf(accountId);
      assert.ok(secrets);
      const params = queryToParams(new URL(url).searchParams);
      assert.ok(verifySignedParams(params, secrets.appSecret), 'core verifies the host-signed link');
      assert.equal((params['subscription'] as Record<string, unknown>)['name'], 'Gold <plan>');
      assert.ok(url.startsWith(`${deps.sandbox.current?.url}/connect/subscriptions/new?`));
      const tested = await testConnectLink({ url, appSecret: secrets.appSecret });
      assert.equal(tested.outcome, 'accepted', JSON.stringify(tested));
    } finally {
      restore.dispose();
    }
  });

  it('the redirect round trip ends with a confirmed bill in the tree', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      const name = `Round trip ${Date.now()}`;
      prompter.script({ pick: 'One-off bill' }, { input: '7.50' }, { input: name });
      const url = await vscode.commands.executeCommand<string>('gocardless.createPaymentLinkQuick');
      const paid = await payOnPaymentPage(url);
      assert.equal(paid.status, 302, paid.page);
      const location = new URL(paid.location);
      assert.equal(location.hostname, '127.0.0.1', 'the sandbox redirects to the extension\'s loopback landing page');
      const billId = location.searchParams.get('resource_id');
      assert.ok(billId);

      prompter.script({ confirm: 'Confirm' });
      const landed = await navigate(location.toString());
      assert.equal(landed.status, 200);
      await waitFor(() => prompter.shown.some((m) => m.message === `Confirmed bill ${billId}.`), { message: 'the confirm message', timeoutMs: 15_000 });
      assert.ok(prompter.shown.some((m) => m.kind === 'warning' && m.message.startsWith(`Valid redirect for bill ${billId}`)));
      prompter.assertDone();
      assert.ok(deps.journey.has('redirectVerified') && deps.journey.has('resourceConfirmed'), 'the walkthrough steps are complete');

      const account = deps.accounts.get(accountId);
      assert.ok(account);
      const bill = await (await deps.clientFor(account)).getBill(billId);
      assert.equal(bill.status, 'pending', 'confirmed: the inactive bill became pending');
      assert.equal(bill.amount.startsWith('7.5'), true);

      // The confirm refreshed the tree; new bills come last in created_at order, so find it the way a user would: filter by its name.
      const bills = await collection(deps, accountId, 'Bills');
      assert.equal(bills.kind, 'collection');
      if (bills.kind !== 'collection') return;
      deps.tree.setFilter(bills, { name });
      try {
        await waitFor(async () => {
          await children(deps, bills);
          return deps.tree.findRecordNodes(billId).length > 0;
        }, { message: `bill ${billId} in the tree` });
      } finally {
        deps.tree.setFilter(bills, {});
      }
    } finally {
      restore.dispose();
    }
  });

  it('opens a signed link as its exact string (a parsed Uri would re-encode the query)', async () => {
    const link = 'http://127.0.0.1:9/connect/bills/new?bill%5Bname%5D=a%20b&nonce=x%2By%2Fz%3D&signature=ab';
    assert.notEqual(vscode.Uri.parse(link).toString(), link, 'the premise: Uri.toString() changes the query');
    assert.notEqual(vscode.Uri.parse(link).toString(true), link);
    // The extension host accepts the string and opens it verbatim; it must not reject it.
    assert.equal(typeof await vscode.env.openExternal(externalLink(link)), 'boolean');
  });

  it('"Verify redirect URL…" refuses a tampered redirect with the reason', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ input: `http://127.0.0.1:1/done?resource_id=B1&resource_type=bill&resource_uri=http%3A%2F%2Fx%2Fapi%2Fv1%2Fbills%2FB1&signature=${'a'.repeat(64)}` });
      assert.equal(await vscode.commands.executeCommand('gocardless.verifyRedirectUrl'), undefined);
      const warning = prompter.shown.find((m) => m.kind === 'warning');
      assert.match(warning?.message ?? '', /^Invalid redirect: /);
    } finally {
      restore.dispose();
    }
  });
});
