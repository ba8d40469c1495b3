// The webhook listener in the real extension host: started by command, the
// local sandbox's webhooks pointed at it and verified (the sandbox sees 200),
// a test webhook sent through the scripted prompts, stopped by command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { removeAllAccounts, scripted, testingDeps } from './prompts/testingDeps';

describe('webhook listener and inspector', () => {
  let deps: ExtensionDeps;

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    await vscode.commands.executeCommand('gocardless.useLocalSandbox');
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
    await sandbox.advanceClock(7 * 24 * 3600 * 1000);
    await delivered;
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

  it('stops, and the sandbox no longer points at it', async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    const url = await vscode.commands.executeCommand<string>('gocardless.webhooks.start');
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    const r = await fetch(url, { method: 'POST', body: '{}' }).then(() => 'answered', () => 'refused');
    assert.equal(r, 'refused');
  });
});
