// A new user's path, end to end in the real host (issue 18): open the view and see the newest bill first, create a
// link from the palette, open it in the browser, pay, confirm, see the bill at the top and its webhook in the list.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testConnectLink } from '../../src/core/links/testConnectLink';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import type { WebhookTreeNode } from '../../src/extension/webhooks/WebhookDeliveryNode';
import { payOnPaymentPage } from '../unit/linkBuilder/payOnPaymentPage';
import { children, collection, scripted, testingDeps } from './prompts/testingDeps';
import { waitFor } from './support/extensionApi';

describe('a new user\'s path', () => {
  let deps: ExtensionDeps;
  let account: AccountInfo;

  before(async () => {
    deps = await testingDeps();
    const local = deps.accounts.list().find((a) => a.environment === 'local');
    account = local ?? await vscode.commands.executeCommand<AccountInfo>('gocardless.useLocalSandbox');
    await deps.accounts.setActive(account.id);
  });

  after(async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
  });

  const firstBillId = async (): Promise<string | undefined> => {
    const bills = await collection(deps, account.id, 'Bills');
    const first = (await children(deps, bills)).find((n) => n.kind === 'bill');
    return first?.kind === 'bill' ? first.record.id : undefined;
  };

  it('sees the newest bill, links, pays, confirms, and finds the bill on top with its webhook', async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.start');
    await vscode.commands.executeCommand('gocardless.refresh');
    await vscode.commands.executeCommand('gocardless.resources.focus');
    const api = await deps.clientFor(account);
    const probe = await api.listBills({}, { page: 1, perPage: 50 });
    const lastPage = await api.listBills({}, { page: probe.totalPages ?? 1, perPage: 50 });
    assert.equal(await firstBillId(), lastPage.records.at(-1)?.id, 'the newest bill is at the top of Bills');

    const { prompter, restore } = scripted(deps);
    const sandboxLines: string[] = [];
    const listening = deps.sandbox.onDidLog((line) => sandboxLines.push(line));
    try {
      prompter.opener = (uri) => vscode.env.openExternal(uri);
      prompter.infoButton = (message, items) => (message.startsWith('Payment link copied') && items.includes('Open in browser') ? 'Open in browser' : undefined);
      prompter.script({ pick: 'One-off bill' }, { input: '15.00' }, { input: 'First invoice' });
      const url = await vscode.commands.executeCommand<string>('gocardless.createPaymentLinkQuick');
      await waitFor(() => prompter.opened.length === 1, { message: 'the link opened in the browser' });
      await waitFor(() => sandboxLines.some((line) => line.startsWith('GET /connect/bills/new 200')), { message: 'the browser to reach the payment page', timeoutMs: 15_000 });
      const secrets = await deps.accounts.secretsOf(account.id);
      assert.ok(secrets);
      assert.equal((await testConnectLink({ url, appSecret: secrets.appSecret })).cause, 'nonce', 'the browser\'s request arrived signed as built and used the nonce');

      // The customer pays (a fresh link: the browser's page used the first one's nonce) and comes back.
      prompter.script({ pick: 'One-off bill' }, { input: '15.00' }, { input: 'First invoice' });
      prompter.infoButton = undefined;
      const payUrl = await vscode.commands.executeCommand<string>('gocardless.createPaymentLinkQuick');
      const paid = await payOnPaymentPage(payUrl);
      assert.equal(paid.status, 302, paid.page);
      const location = new URL(paid.location);
      const billId = location.searchParams.get('resource_id');
      assert.ok(billId);
      prompter.script({ confirm: 'Confirm' });
      assert.equal((await fetch(location)).status, 200);
      await waitFor(() => prompter.shown.some((m) => m.message === `Confirmed bill ${billId}.`), { message: 'the confirmation', timeoutMs: 15_000 });

      await waitFor(async () => (await firstBillId()) === billId, { message: `bill ${billId} at the top of Bills` });
      // Days pass in the sandbox: the bill is paid, and GoCardless (the sandbox) sends its webhook.
      await vscode.commands.executeCommand('gocardless.sandbox.advanceClock', 14 * 86_400_000);
      const rowsOf = async (): Promise<WebhookTreeNode[]> => {
        const top = (await deps.webhooksTree?.getChildren()) ?? [];
        return top.flatMap((n) => (n.kind === 'burst' ? n.children : [n]));
      };
      await vscode.commands.executeCommand('gocardless.webhooks.focus');
      await waitFor(async () => (await rowsOf()).some((n) => n.kind === 'delivery' && n.delivery.objectIds.includes(billId) && n.delivery.verification.status === 'valid'),
        { message: `a verified webhook about bill ${billId} in the Webhooks view`, timeoutMs: 15_000 });
      prompter.assertDone();
    } finally {
      listening.dispose();
      restore.dispose();
    }
  });
});
