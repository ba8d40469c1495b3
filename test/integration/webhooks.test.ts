// The webhook listener in the real extension host: started by command, the
// local sandbox's webhooks pointed at it and verified (the sandbox sees 200),
// a test webhook sent through the scripted prompts, stopped by command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildTestWebhook, type WebhookDelivery } from '../../src/core/webhooks';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { currentStatuses } from '../../src/extension/webhooks/currentStatuses';
import { children, collection, removeAllAccounts, scripted, testingApi, testingDeps } from './prompts/testingDeps';
import { waitFor } from './support/extensionApi';
import { gocardlessLog } from './support/logFile';
import { testConnectLink } from '../../src/core/links/testConnectLink';
import { payOnPaymentPage } from '../unit/linkBuilder/payOnPaymentPage';
import type { WebhookTreeNode } from '../../src/extension/webhooks/WebhookDeliveryNode';
import type { WebhooksView } from '../../src/extension/webhooks/registerWebhooks';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import { navigateAsBrowser } from './support/browser';
import { startRecordingApp } from './support/recordingApp';

describe('webhook listener and inspector', () => {
  let deps: ExtensionDeps;
  let webhooks: WebhooksView;

  before(async () => {
    deps = await testingDeps();
    webhooks = (await testingApi()).webhooks;
    await removeAllAccounts(deps);
    await vscode.commands.executeCommand('gocardless.sandbox.use');
  });

  after(async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    await removeAllAccounts(deps);
  });

  it('starts on loopback and receives the sandbox\'s webhooks as genuine (answered 200)', async () => {
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox, 'the local sandbox runs');
    const delivered = new Promise<void>((resolve) => {
      const sub = sandbox.onWebhookDelivery((d) => {
        if (d.url === url && d.state === 'delivered' && d.attempts.some((a) => a.status === 200)) { sub.dispose(); resolve(); }
      });
    });
    // A week of sandbox time moves pending bills on (paid, withdrawn…), and each change fires a webhook.
    assert.equal(deps.journey.has('webhookReceived'), false, 'the walkthrough step waits for a genuine webhook');
    await sandbox.advanceClock(7 * 24 * 3600 * 1000);
    await delivered;
    assert.equal(deps.journey.has('webhookReceived'), true, 'a genuine webhook completes the walkthrough step');
  });

  it('sends a test webhook to the listener through the prompts', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'bill' }, { pick: 'paid' }, { input: 'BTEST1, BTEST2' }, { pick: 'listener' });
      const message = await vscode.commands.executeCommand<string>('gocardless.webhooks.sendTest');
      assert.match(message, /Test bill paid \(BTEST1, BTEST2\)/);
      assert.match(message, /answered 200/);
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
  });

  it("reads each object's status now from the API of the account that verified the webhook", async () => {
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox);
    const genuine = sandbox.webhookDeliveries().find((d) => d.url === url && d.body.includes('"resource_type":"bill"'));
    assert.ok(genuine, 'a sandbox bill webhook was delivered to the listener');
    const payload = (JSON.parse(genuine.body) as { payload: { bills: { id: string }[] } }).payload;
    const ids = payload.bills.map((b) => b.id);
    const account = deps.accounts.list()[0];
    assert.ok(account);
    const delivery = {
      verification: { status: 'valid', account: { id: account.id, name: account.name }, reason: '' },
      resourceType: 'bill', objectIds: [...ids, 'NOSUCHBILL'],
    } as unknown as WebhookDelivery;

    const { account: asked, statuses } = await currentStatuses(deps, delivery);
    assert.equal(asked, account.name);
    const client = await deps.clientFor(account);
    for (const id of ids) assert.deepEqual(statuses.find((s) => s.id === id), { id, status: (await client.getBill(id)).status, error: null });
    const missing = statuses.find((s) => s.id === 'NOSUCHBILL');
    assert.equal(missing?.status, null);
    assert.match(missing?.error ?? '', /404|not found/i);

    // An unverified webhook names no account we can trust: nothing is asked.
    const forged = await currentStatuses(deps, { ...delivery, verification: { status: 'invalid', reason: '' } } as unknown as WebhookDelivery);
    assert.equal(forged.account, null);
    assert.ok(forged.statuses.every((s) => s.status === null && /verified/.test(s.error ?? '')));
  });

  it('answers 403 to a tampered sandbox webhook, opens its detail panel, and replays it byte for byte to the app', async () => {
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox);
    const genuine = sandbox.webhookDeliveries().find((d) => d.url === url);
    assert.ok(genuine, 'a sandbox webhook was delivered to the listener');
    const tampered = genuine.body.replace(/"status":"(\w+)"/, '"status":"tampered"');
    assert.notEqual(tampered, genuine.body);
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tampered });
    assert.equal(answer.status, 403);
    const { id } = (await answer.json()) as { id: string };

    // The user's app: a loopback server that records what it gets.
    const app = await startRecordingApp();
    const { received, url: appUrl } = app;
    const config = vscode.workspace.getConfiguration('gocardless.webhooks');
    try {
      await config.update('forwardTo', appUrl, vscode.ConfigurationTarget.Global);
      const hasPanel = (): boolean => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.startsWith('Webhook bill'));
      const panelOpen = new Promise<void>((resolve) => {
        const sub = vscode.window.tabGroups.onDidChangeTabs(() => { if (hasPanel()) { sub.dispose(); resolve(); } });
      });
      const opened = await vscode.commands.executeCommand<string>('gocardless.webhooks.openDelivery', id);
      assert.equal(opened, id);
      if (!hasPanel()) await panelOpen;
      const result = await vscode.commands.executeCommand<{ status?: number; replay: boolean }>('gocardless.webhooks.replay', id);
      assert.equal(result.status, 202);
      assert.equal(result.replay, true);
      assert.deepEqual(received, [tampered], 'the app got the body exactly as received');
    } finally {
      await config.update('forwardTo', undefined, vscode.ConfigurationTarget.Global);
      await app.close();
    }
  });

  it('stops, and the sandbox no longer points at it', async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    const r = await fetch(url, { method: 'POST', body: '{}' }).then(() => 'answered', () => 'refused');
    assert.equal(r, 'refused');
  });

  it('the status bar click offers actions and counts deliveries; the empty view offers Start and Send test webhook', async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    await vscode.commands.executeCommand('gocardless.webhooks.clear');
    await vscode.commands.executeCommand('gocardless.webhooks.focus');
    // A view message hides the welcome content, so an empty, unfiltered list must have none.
    await waitFor(() => webhooks.view.message === undefined, { message: 'the empty view to drop its message' });
    const welcome = (vscode.extensions.getExtension('gocardless-devtools.gocardless-devtools')?.packageJSON as {
      contributes: { viewsWelcome: { view: string; when?: string; contents: string }[] };
    }).contributes.viewsWelcome.filter((w) => w.view === 'gocardless.webhooks');
    const stopped = welcome.find((w) => w.when === '!gocardless.webhooks.listening');
    assert.ok(stopped?.contents.includes('(command:gocardless.webhooks.start)'), 'stopped and empty: a Start button');
    assert.ok(stopped?.contents.includes('(command:gocardless.webhooks.sendTest)'), 'stopped and empty: a Send test webhook button');

    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'Start the listener' });
      assert.equal(await vscode.commands.executeCommand('gocardless.webhooks.listenerActions'), 'gocardless.webhooks.start');
      // Remembered in globalState (the memento the journey uses too), so activation after a reload starts it again.
      assert.equal(deps.journey.memento?.get('gocardless.webhooks.listening'), true);
      assert.equal(prompter.pickTitles.at(-1), 'Webhook listener stopped · 0 deliveries kept');
      prompter.script({ pick: 'bill' }, { pick: 'paid' }, { input: 'BSTATUS1' }, { pick: 'listener' });
      await vscode.commands.executeCommand('gocardless.webhooks.sendTest');
      prompter.script({ pick: 'Copy listener URL' });
      assert.equal(await vscode.commands.executeCommand('gocardless.webhooks.listenerActions'), 'gocardless.webhooks.copyUrl');
      assert.match(prompter.pickTitles.at(-1) ?? '', /^Listening on http:\/\/127\.0\.0\.1:\d+\/ · 1 delivery kept$/);
      assert.match(prompter.clipboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      await waitFor(() => webhooks.view.message?.startsWith('Listening on'), { message: 'with a row, the message to say where it listens' });
      prompter.script({ pick: 'Not valid only' });
      await vscode.commands.executeCommand('gocardless.webhooks.filter');
      assert.match(webhooks.view.message ?? '', /Showing invalid or unverified only\.$/, 'the filter in words');
      assert.doesNotMatch(webhooks.view.message ?? '', /not-valid/);
      prompter.script({ pick: 'All' });
      await vscode.commands.executeCommand('gocardless.webhooks.filter');
      prompter.script({ pick: 'Stop the listener' });
      assert.equal(await vscode.commands.executeCommand('gocardless.webhooks.listenerActions'), 'gocardless.webhooks.stop');
      const r = await fetch(prompter.clipboard, { method: 'POST', body: '{}' }).then(() => 'answered', () => 'refused');
      assert.equal(r, 'refused', 'stopped only after the user chose Stop');
      assert.equal(deps.journey.memento?.get('gocardless.webhooks.listening'), false, 'a stopped listener stays stopped after a reload');
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
  });

  it('tells a clock advance\'s deliveries apart: grouped under one row, each with its objects, and tabs with unique titles', async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.clear');
    await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox);
    try {
      await sandbox.advanceClock(14 * 24 * 3600 * 1000);
      await vscode.commands.executeCommand('gocardless.webhooks.focus');
      const tree = await waitFor(async () => {
        const rows = (await webhooks.tree.getChildren()) ?? [];
        return rows.some((r) => r.kind === 'burst') ? rows : undefined;
      }, { message: 'the clock advance\'s deliveries grouped under one row', timeoutMs: 15_000 });
      const burst = tree.find((r) => r.kind === 'burst');
      assert.ok(burst && burst.kind === 'burst');
      const item = burst.toTreeItem();
      assert.match(String(item.label), /^\d+ deliveries at /);
      assert.match(String(item.description), /^(\w+ \w+ ×\d+)( · \w+ \w+ ×\d+)*$/, 'what the burst holds, in words');
      const rows = burst.children.map((c) => `${String(c.toTreeItem().label)} ${String(c.toTreeItem().description).replace(/ · [^·]*$/, '')}`);
      assert.ok(rows.length >= 3);
      assert.equal(new Set(rows).size, rows.length, `every row differs: ${rows.join(' | ')}`);
      for (const c of burst.children) {
        const [first] = c.delivery.objectIds;
        if (first) assert.ok(String(c.toTreeItem().description).startsWith(first), 'the first object id leads the description');
      }

      const [a, b] = burst.children;
      assert.ok(a && b);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('gocardless.webhooks.openDelivery', a);
      await vscode.commands.executeCommand('gocardless.webhooks.openDelivery', b);
      const titles = await waitFor(() => {
        const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gocardless.webhookDetail')).map((t) => t.label);
        return labels.length === 2 ? labels : undefined;
      }, { message: 'two detail tabs' });
      assert.notEqual(titles[0], titles[1], `unique tab titles: ${titles.join(' | ')}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
    }
  });

  it('logs one line per delivery received and test webhook sent, with no secret', async () => {
    await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'bill' }, { pick: 'paid' }, { input: 'BLOG1, BLOG2' }, { pick: 'listener' });
      await vscode.commands.executeCommand('gocardless.webhooks.sendTest');
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
    const log = await waitFor(() => {
      const text = gocardlessLog(deps);
      return /Webhook received: bill paid BLOG1 \+1 from 127\.0\.0\.1, valid, answered 200/.test(text) && /Test webhook: Test bill paid \(BLOG1, BLOG2\)/.test(text) ? text : undefined;
    }, { message: 'the delivery and the test send in the GoCardless log' });
    const secrets = await deps.accounts.secretsOf(deps.accounts.list()[0]?.id ?? '');
    assert.ok(secrets);
    assert.ok(!log.includes(secrets.appSecret), 'no app secret in the log');
    assert.ok(!log.includes(secrets.accessToken), 'no access token in the log');
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
  });

  it('logs one line per replay and per re-signed send, naming the delivery and the answer, with no secret', async () => {
    // Issue 18 item 10: "Every request the extension makes and every delivery it receives gets one line (never a secret)".
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    const account = deps.accounts.list().find((a) => a.environment === 'local');
    assert.ok(account);
    const secrets = await deps.accounts.secretsOf(account.id);
    assert.ok(secrets);
    const app = await startRecordingApp();
    const { received, url: appUrl } = app;
    const config = vscode.workspace.getConfiguration('gocardless.webhooks');
    try {
      await config.update('forwardTo', appUrl, vscode.ConfigurationTarget.Global);
      await waitFor(() => webhooks.service.listener?.forwardTo === appUrl, { message: 'the listener to forward to the app' });
      const billId = `BREPLAY${Date.now()}`;
      const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [billId], secret: secrets.appSecret });
      assert.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hook.json })).status, 200);
      const delivery = await waitFor(() => webhooks.service.deliveries().find((d) => d.objectIds.includes(billId)), { message: 'the delivery kept' });

      // "Replay" (the view's menu; the detail panel calls the same action), then "Re-sign and send" an edited payload.
      const replayed = await vscode.commands.executeCommand<{ status?: number }>('gocardless.webhooks.replay', delivery.id);
      assert.equal(replayed.status, 202);
      const edited = JSON.stringify({ ...hook.body.payload, bills: [{ id: billId, status: 'paid', amount: '99.0' }] });
      const sent = await webhooks.actions.resignAndSend(delivery, edited, 'app');
      assert.match(sent, /answered 202/);

      const replayLine = `Webhook replay of ${delivery.id}: ${appUrl} answered 202 in `;
      const resentLine = `Webhook ${delivery.id} re-signed and sent to the app: Re-signed with the app secret of ${account.name}; ${appUrl} answered 202 in `;
      const log = await waitFor(() => {
        const text = gocardlessLog(deps);
        return text.includes(replayLine) && text.includes(resentLine) ? text : undefined;
      }, { message: 'the replay and the re-signed send in the GoCardless log' });
      assert.equal(log.split(`Webhook received: bill paid ${billId} `).length - 1, 1, 'one line for the delivery, though its forward and replay answers were stored on it since');
      assert.equal(log.split(`Webhook replay of ${delivery.id}:`).length - 1, 1, 'one line for the replay');
      assert.equal(log.split(`Webhook ${delivery.id} re-signed and sent`).length - 1, 1, 'one line for the re-signed send');
      assert.ok(!log.includes(secrets.appSecret), 'no app secret in the log');
      assert.ok(!log.includes(secrets.accessToken), 'no access token in the log');
      const resigned = (JSON.parse(received.at(-1) ?? '{}') as { payload?: { signature?: string } }).payload?.signature;
      assert.ok(resigned, 'the app got the re-signed payload');
      assert.ok(!log.includes(hook.signature) && !log.includes(resigned), 'no signature in the log');
    } finally {
      await config.update('forwardTo', undefined, vscode.ConfigurationTarget.Global);
      await app.close();
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
    }
  });
});

// A new user's path, end to end in the real host (issue 18): open the view and see the newest bill first, create a
// link from the palette, open it in the browser, pay, confirm, see the bill on top and its webhook in the list.
// Last in this file: it completes the walkthrough's webhook step, which the first test above expects still open.
describe('a new user\'s path', () => {
  let deps: ExtensionDeps;
  let webhooks: WebhooksView;
  let account: AccountInfo;

  before(async () => {
    deps = await testingDeps();
    webhooks = (await testingApi()).webhooks;
    const local = deps.accounts.list().find((a) => a.environment === 'local');
    account = local ?? await vscode.commands.executeCommand<AccountInfo>('gocardless.sandbox.use');
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
    await vscode.commands.executeCommand('gocardless.merchants.refresh');
    await vscode.commands.executeCommand('gocardless.merchants.focus');
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
      const url = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
      await waitFor(() => prompter.opened.length === 1, { message: 'the link opened in the browser' });
      await waitFor(() => sandboxLines.some((line) => line.startsWith('GET /connect/bills/new 200')), { message: 'the browser to reach the payment page', timeoutMs: 15_000 });
      const secrets = await deps.accounts.secretsOf(account.id);
      assert.ok(secrets);
      assert.equal((await testConnectLink({ url, appSecret: secrets.appSecret })).cause, 'nonce', 'the browser\'s request arrived signed as built and used the nonce');

      // The customer pays (a fresh link: the browser's page used the first one's nonce) and comes back.
      prompter.script({ pick: 'One-off bill' }, { input: '15.00' }, { input: 'First invoice' });
      prompter.infoButton = undefined;
      const payUrl = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
      const paid = await payOnPaymentPage(payUrl);
      assert.equal(paid.status, 302, paid.page);
      const location = new URL(paid.location);
      const billId = location.searchParams.get('resource_id');
      assert.ok(billId);
      prompter.script({ confirm: 'Confirm' });
      // The customer's browser lands on the extension's page: a top-level navigation, which is all that page takes.
      assert.equal((await navigateAsBrowser(location.toString())).status, 200);
      await waitFor(() => prompter.shown.some((m) => m.message === `Confirmed bill ${billId}.`), { message: 'the confirmation', timeoutMs: 15_000 });

      await waitFor(async () => (await firstBillId()) === billId, { message: `bill ${billId} at the top of Bills` });
      // Days pass in the sandbox: the bill is paid, and GoCardless (the sandbox) sends its webhook.
      await vscode.commands.executeCommand('gocardless.sandbox.advanceClock', 14 * 86_400_000);
      const rowsOf = async (): Promise<WebhookTreeNode[]> => {
        const top = (await webhooks.tree.getChildren()) ?? [];
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
