// The embedded sandbox keeps its state across a window reload (issue 18 item 4): a bill created and a clock
// advanced are still there after the sandbox stops and starts again (what a reload does to the extension host),
// and "Reset Local Sandbox…" goes back to the seeded data.
import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { scripted, testingDeps } from './prompts/testingDeps';

const DAY = 86_400_000;

describe('local sandbox state across reloads', () => {
  let deps: ExtensionDeps;
  let account: AccountInfo;

  before(async () => {
    deps = await testingDeps();
    const local = deps.accounts.list().find((a) => a.environment === 'local');
    account = local ?? await vscode.commands.executeCommand<AccountInfo>('gocardless.sandbox.use');
  });

  const offsetDays = (): number => ((deps.sandbox.current?.now().getTime() ?? 0) - Date.now()) / DAY;

  it('keeps a new bill and the advanced clock when the sandbox starts again, and forgets them on Reset', async () => {
    let client = await deps.clientFor(account);
    const before = offsetDays();
    await deps.sandbox.current?.advanceClock(5 * DAY);
    const preAuth = (await client.listPreAuthorizations({ status: 'active' }, { page: 1, perPage: 5 })).records[0];
    assert.ok(preAuth, 'an active pre-authorization to bill');
    const bill = await client.createBill({ pre_authorization_id: preAuth.id, amount: '1.23', name: 'kept across reloads' });

    // A reload: the extension host goes away (the sandbox is disposed, flushing its state) and starts again.
    await deps.sandbox.stop();
    assert.equal(deps.sandbox.current, undefined);
    client = await deps.clientFor(account);
    assert.ok(deps.sandbox.current, 'started again for the local account');
    assert.equal((await client.getBill(bill.id)).id, bill.id, 'the bill created before the reload is still there');
    assert.ok(offsetDays() >= before + 5 - 0.01, `the clock kept its advance (${offsetDays().toFixed(2)} days ahead)`);
    // The kept state holds the sandbox app's secret and token: its directory is the user's alone.
    assert.ok(deps.sandbox.dataDir);
    assert.equal(statSync(deps.sandbox.dataDir).mode & 0o777, 0o700);

    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ confirm: 'Reset', modal: true });
      await vscode.commands.executeCommand('gocardless.sandbox.reset');
      prompter.assertDone();
      assert.ok(prompter.shown.some((m) => m.message === 'Local sandbox reset to its seeded data.'));
    } finally {
      restore.dispose();
    }
    client = await deps.clientFor(account);
    await assert.rejects(client.getBill(bill.id), /404/, 'the reset forgot the bill');
    assert.ok(Math.abs(offsetDays()) < 0.01, 'the clock is back to the real time');
  });
});
