// Issue 16 in the real extension host: LIVE secrets sign only after the modal
// confirmation (item 8), untrusted text in messages never becomes a link
// (item 9), a workspace's settings cannot redirect webhooks or accept forgeries,
// and forwarding off this machine asks once (item 3).
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { signParams } from '../../src/core/signing';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { removeAllAccounts, scripted, testingDeps } from './prompts/testingDeps';
import { navigateAsBrowser } from './support/browser';
import { waitFor } from './support/extensionApi';

/** What VS Code turns into a clickable link in a notification (see test/unit/extension/messageText.test.ts). */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+(?: (["']).+?\1)?\)/i;

/** A loopback app that records every body it receives. */
async function recordingApp(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => { bodies.push(body); res.writeHead(200); res.end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

describe('security (issue 16)', () => {
  let deps: ExtensionDeps;
  let local: AccountInfo;

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    const { id } = await vscode.commands.executeCommand<{ id: string }>('gocardless.sandbox.use');
    local = deps.accounts.get(id)!;
  });

  after(async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    await removeAllAccounts(deps);
  });

  describe('a LIVE account\'s secret signs only after the modal confirmation', () => {
    let live: AccountInfo;
    let app: Awaited<ReturnType<typeof recordingApp>>;

    before(async () => {
      // LIVE-marked, holding the local sandbox's secret: nothing real is ever called.
      const secrets = await deps.accounts.secretsOf(local.id);
      live = await deps.accounts.add({ name: 'Production', environment: 'live', appId: local.appId, merchantId: local.merchantId }, secrets!);
      app = await recordingApp();
    });

    after(async () => {
      await deps.accounts.setActive(local.id);
      await deps.accounts.remove(live.id);
      await app.close();
    });

    it('the integration check asks, naming the account and the endpoint, and sends nothing when dismissed', async () => {
      await deps.accounts.setActive(live.id);
      const { prompter, restore } = scripted(deps);
      try {
        prompter.script({ confirm: undefined, modal: true });
        assert.equal(await vscode.commands.executeCommand('gocardless.integrationCheck.run', { appUrl: app.url }), undefined);
        prompter.assertDone();
        const question = prompter.shown.find((m) => m.modal);
        assert.ok(question, JSON.stringify(prompter.shown));
        assert.ok(question.message.includes('LIVE account "Production (LIVE)"') && question.message.includes(app.url), question.message);
        assert.deepEqual(app.bodies, [], 'no webhook was signed and sent');
      } finally {
        restore.dispose();
      }
    });

    it('"Send test webhook" with the LIVE account asks first; dismissed, nothing is sent; confirmed, it is sent', async () => {
      // To the app, not the listener: a genuine webhook on the listener would complete a walkthrough step other suites wait for.
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      const { prompter, restore } = scripted(deps);
      try {
        const steps = (confirm: string | undefined) => [{ pick: 'bill' }, { pick: 'paid' }, { input: 'BLIVE1' }, { pick: 'Production' }, { input: app.url }, { confirm, modal: true }] as const;
        prompter.script(...steps(undefined));
        assert.equal(await vscode.commands.executeCommand('gocardless.webhooks.sendTest'), undefined);
        const question = prompter.shown.filter((m) => m.modal).at(-1);
        assert.equal(question?.message, `LIVE account "Production (LIVE)": sign a test bill paid webhook with its LIVE app secret and send it to ${app.url}?`);
        assert.deepEqual(app.bodies, [], 'dismissed: nothing was signed and sent');
        prompter.script(...steps('Sign and send'));
        const message = await vscode.commands.executeCommand<string>('gocardless.webhooks.sendTest');
        prompter.assertDone();
        assert.match(message, /Test bill paid \(BLIVE1\) signed for Production: .* answered 200/);
        assert.equal(app.bodies.length, 1);
      } finally {
        restore.dispose();
      }
    });

    it('a sandbox account signs without the LIVE question', async () => {
      const { prompter, restore } = scripted(deps);
      try {
        prompter.script({ pick: 'bill' }, { pick: 'paid' }, { input: 'BSBX1' }, { pick: local.name }, { input: app.url });
        const message = await vscode.commands.executeCommand<string>('gocardless.webhooks.sendTest');
        prompter.assertDone();
        assert.match(message, /answered 200/);
        assert.ok(!prompter.shown.some((m) => m.modal));
      } finally {
        restore.dispose();
      }
    });
  });

  it('a redirect whose parameters hold a command: link shows it as text, never a link', async () => {
    const secrets = await deps.accounts.secretsOf(local.id);
    const sandbox = deps.sandbox.current;
    assert.ok(secrets && sandbox);
    const hostile = '[Open settings](command:workbench.action.openSettings)';
    const params = { resource_id: 'B1', resource_type: 'bill', resource_uri: `${sandbox.url}/api/v1/bills/B1`, state: hostile };
    const query = new URLSearchParams({ ...params, signature: signParams(params, secrets.appSecret).signature });
    const unknownType = new URLSearchParams({ resource_id: 'B1', resource_type: `bill${hostile}`, resource_uri: `${sandbox.url}/api/v1/bills/B1`, signature: 'a'.repeat(64) });
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ confirm: undefined });
      await vscode.commands.executeCommand('gocardless.links.verifyRedirectUrl', `http://127.0.0.1:1/done?${query.toString()}`);
      await vscode.commands.executeCommand('gocardless.links.verifyRedirectUrl', `http://127.0.0.1:1/done?${unknownType.toString()}`);
      prompter.assertDone();
      const valid = prompter.shown.find((m) => m.message.startsWith('Valid redirect'));
      assert.ok(valid && valid.message.includes('command:workbench.action.openSettings'), 'the state is still shown, as text');
      assert.ok(prompter.shown.length >= 2, JSON.stringify(prompter.shown));
      for (const m of prompter.shown) assert.doesNotMatch(`${m.message} ${m.detail ?? ''}`, NOTIFICATION_LINK, m.message);
    } finally {
      restore.dispose();
    }
  });

  it('a server error message holding a command: link is shown as text (the registerCommand error path)', async () => {
    const hostile = '[Open settings](command:workbench.action.openSettings)';
    // A GoCardless stand-in whose token endpoint answers with a hostile error message.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: [hostile] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { prompter, restore } = scripted(deps);
    try {
      // The merchant approves: the browser lands on the extension's loopback with a code.
      prompter.browser = async (url) => {
        const authorize = new URL(url);
        const landed = await navigateAsBrowser(`${authorize.searchParams.get('redirect_uri') ?? ''}?code=C1&state=${authorize.searchParams.get('state') ?? ''}`);
        assert.equal(landed.status, 200, landed.body);
      };
      prompter.script({ pick: 'Custom base URL' }, { input: base }, { input: 'APP1' }, { input: 'app-secret' });
      assert.equal(await vscode.commands.executeCommand('gocardless.accounts.connectMerchant'), undefined);
      await prompter.browsing;
      prompter.assertDone();
      const error = prompter.errors().at(-1) ?? '';
      assert.ok(error.includes('command:workbench.action.openSettings') && error.includes('HTTP 400'), error);
      assert.doesNotMatch(error, NOTIFICATION_LINK);
    } finally {
      restore.dispose();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a workspace\'s .vscode/settings.json cannot set forwardTo, host or acceptAll', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const original = await vscode.workspace.fs.readFile(file);
    const app = await recordingApp();
    const tree = vscode.workspace.getConfiguration('gocardless.tree');
    const canary = tree.get<number>('pageSize') === 7 ? 8 : 7;
    try {
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      const hostile = { ...JSON.parse(Buffer.from(original).toString('utf8') || '{}') as object, 'gocardless.webhooks.forwardTo': app.url, 'gocardless.webhooks.host': '0.0.0.0', 'gocardless.webhooks.acceptAll': true, 'gocardless.tree.pageSize': canary };
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(hostile, null, 2)));
      // A window-scoped setting from the same file shows the file was read.
      await waitFor(() => vscode.workspace.getConfiguration('gocardless.tree').get<number>('pageSize') === canary, { message: 'the workspace settings to load' });
      const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'still bound to loopback');
      const forged = JSON.stringify({ payload: { resource_type: 'bill', action: 'paid', bills: [{ id: 'BWS1', status: 'paid' }], signature: 'b'.repeat(64) } });
      assert.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged })).status, 403, 'acceptAll from the workspace is ignored');
      // Now the user sets forwardTo: the next delivery is forwarded, the earlier one never was.
      await vscode.workspace.getConfiguration('gocardless.webhooks').update('forwardTo', app.url, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      const restarted = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
      const second = forged.replace('BWS1', 'BWS2');
      await fetch(restarted, { method: 'POST', headers: { 'content-type': 'application/json' }, body: second });
      await waitFor(() => app.bodies.includes(second), { message: 'the user-set forward' });
      assert.ok(!app.bodies.includes(forged), 'the workspace\'s forwardTo never received a delivery');
    } finally {
      await vscode.workspace.getConfiguration('gocardless.webhooks').update('forwardTo', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.writeFile(file, original);
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      await app.close();
    }
  });

  it('forwarding to a host that is not loopback asks once (modal) and remembers the answer', async () => {
    const target = `http://192.0.2.1:${1024 + Math.floor(Math.random() * 60000)}/hooks`;
    const { prompter, restore } = scripted(deps);
    const config = vscode.workspace.getConfiguration('gocardless.webhooks');
    try {
      prompter.script({ confirm: 'Don\'t forward', modal: true });
      await config.update('forwardTo', target, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('gocardless.webhooks.start');
      prompter.assertDone();
      const question = prompter.shown.find((m) => m.modal);
      assert.equal(question?.message, `Forward every received webhook to ${new URL(target).origin}?`);
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      await vscode.commands.executeCommand('gocardless.webhooks.start');
      prompter.assertDone();
      assert.equal(prompter.shown.filter((m) => m.modal).length, 1, 'remembered: not asked again');
    } finally {
      await config.update('forwardTo', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('gocardless.webhooks.stop');
      restore.dispose();
    }
  });
});
