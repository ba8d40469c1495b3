// Activation, the welcome view's commands, and accounts: the local sandbox
// account, adding (validated input boxes) and removing accounts, with secrets
// in SecretStorage and never in settings or global state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { activateExtension, hasKey } from './support/extensionApi';
import { children, itemOf, labelOf, removeAllAccounts, scripted, testingDeps } from './prompts/testingDeps';

describe('accounts and the welcome view', () => {
  let deps: ExtensionDeps;

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
  });

  after(async () => {
    await removeAllAccounts(deps);
  });

  it('activates quickly and reports its own timings', async () => {
    const api = await activateExtension();
    assert.ok(hasKey(api, 'activationTimings'));
    const timings = api.activationTimings as Record<string, number>;
    const total = timings.total ?? NaN;
    assert.ok(total >= (timings.registered ?? 0), JSON.stringify(timings));
    assert.ok(total < 500, `activation took ${total} ms`);
  });

  it('shows no nodes (so the welcome view) when no account exists', async () => {
    assert.deepEqual(await children(deps), []);
  });

  it('"Use Local Sandbox" starts the sandbox, adds its account and fills the tree', async () => {
    const account = await vscode.commands.executeCommand<{ id: string; environment: string }>('gocardless.sandbox.use');
    assert.equal(account.environment, 'local');
    assert.ok(deps.sandbox.current, 'the sandbox runs');
    assert.match(deps.sandbox.current.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(deps.accounts.active()?.id, account.id);

    const roots = await children(deps);
    assert.equal(roots.length, 1);
    const merchant = (await children(deps, roots[0]))[0];
    assert.equal(merchant?.kind, 'merchant');
    assert.match(String(itemOf(deps, merchant).description), /balance £[\d,]+\.\d\d · pending £/);
    const below = (await children(deps, merchant)).map((n) => labelOf(deps, n));
    assert.deepEqual(below, ['Next payout', 'Bills', 'Subscriptions', 'Pre-authorizations', 'Users', 'Payouts']);
  });

  it('keeps secrets in SecretStorage only', async () => {
    const account = deps.accounts.list()[0];
    assert.ok(account);
    const secrets = await deps.accounts.secretsOf(account.id);
    assert.ok(secrets && secrets.accessToken.length > 8 && secrets.appSecret.length > 8);
    const stored = JSON.stringify(deps.accounts.list());
    assert.ok(!stored.includes(secrets.accessToken) && !stored.includes(secrets.appSecret), 'global state holds a secret');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('gocardless'));
    assert.ok(!settings.includes(secrets.accessToken) && !settings.includes(secrets.appSecret), 'settings hold a secret');
  });

  it('adds an account through validated input boxes, then removes it with its secrets', async () => {
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox);
    const c = sandbox.credentials;
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script(
        { pick: 'Custom base URL' },
        { input: '', refusedWith: 'Name is required' },
      );
      // Dismissing a box ends the command without adding anything.
      await vscode.commands.executeCommand('gocardless.accounts.add');
      assert.equal(deps.accounts.list().length, 1);

      prompter.script(
        { pick: 'Custom base URL' },
        { input: 'Local sandbox' , refusedWith: 'already exists' },
      );
      await vscode.commands.executeCommand('gocardless.accounts.add');

      prompter.script(
        { pick: 'Custom base URL' },
        { input: 'Second merchant' },
        { input: 'http://example.com', refusedWith: 'loopback' },
      );
      await vscode.commands.executeCommand('gocardless.accounts.add');

      prompter.script(
        { pick: 'Custom base URL' },
        { input: 'Second merchant' },
        { input: `${sandbox.url}/` },
        { input: c.app_id },
        { input: c.app_secret },
        { input: c.merchant_id },
        { input: c.access_token },
      );
      const added = await vscode.commands.executeCommand<{ id: string; baseUrl: string }>('gocardless.accounts.add');
      prompter.assertDone();
      assert.equal(added.baseUrl, sandbox.url, 'trailing slash removed');
      assert.equal(deps.accounts.list().length, 2);
      assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.includes('Added Second merchant')), JSON.stringify(prompter.shown));
      assert.equal((await children(deps)).length, 2, 'both accounts are top-level nodes');

      // Switch, then remove with a modal confirmation.
      prompter.script({ pick: 'Second merchant' });
      await vscode.commands.executeCommand('gocardless.accounts.switch');
      assert.equal(deps.accounts.active()?.id, added.id);

      prompter.script({ pick: 'Second merchant' }, { confirm: undefined, modal: true });
      await vscode.commands.executeCommand('gocardless.accounts.remove');
      assert.equal(deps.accounts.list().length, 2, 'dismissing the confirmation keeps the account');

      prompter.script({ pick: 'Second merchant' }, { confirm: 'Remove', modal: true });
      await vscode.commands.executeCommand('gocardless.accounts.remove');
      prompter.assertDone();
      assert.equal(deps.accounts.list().length, 1);
      assert.equal(await deps.accounts.secretsOf(added.id), undefined, 'secrets deleted');
      assert.notEqual(deps.accounts.active()?.id, added.id);
    } finally {
      restore.dispose();
    }
  });

  it('stops the sandbox (closing its port) and restarts it on demand with the stored credentials', async () => {
    const account = deps.accounts.list()[0];
    assert.ok(account && deps.sandbox.current);
    const url = deps.sandbox.current.url;
    const merchantBefore = (await (await deps.clientFor(account)).getMerchant()).name;
    await vscode.commands.executeCommand('gocardless.sandbox.stop');
    assert.equal(deps.sandbox.current, undefined);
    await assert.rejects(fetch(`${url}/api/v1/merchants/x`), 'nothing listens any more');
    // Expanding the account starts it again, and the stored token is accepted.
    const [node] = await children(deps);
    const [merchant] = await children(deps, node);
    assert.equal(merchant?.kind, 'merchant');
    assert.equal(labelOf(deps, merchant), merchantBefore);
    assert.ok(deps.sandbox.current);
  });

  it('edits an account name and an access token', async () => {
    const account = deps.accounts.list()[0];
    assert.ok(account);
    const before = await deps.accounts.secretsOf(account.id);
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'Local sandbox' }, { pick: 'Account name' }, { input: 'Renamed sandbox' });
      await vscode.commands.executeCommand('gocardless.accounts.edit');
      assert.equal(deps.accounts.get(account.id)?.name, 'Renamed sandbox');

      prompter.script({ pick: 'Renamed sandbox' }, { pick: 'Access token' }, { input: 'wrong-token' });
      await vscode.commands.executeCommand('gocardless.accounts.edit');
      assert.equal((await deps.accounts.secretsOf(account.id))?.accessToken, 'wrong-token');
      // The tree now shows the API's refusal on the account node.
      const node = (await children(deps))[0];
      const below = await children(deps, node);
      assert.equal(below[0]?.kind, 'message');
      assert.match(labelOf(deps, below[0]!), /HTTP 401/);

      prompter.script({ pick: 'Renamed sandbox' }, { pick: 'Access token' }, { input: before?.accessToken ?? '' }, { pick: 'Renamed sandbox' }, { pick: 'Account name' }, { input: 'Local sandbox' });
      await vscode.commands.executeCommand('gocardless.accounts.edit');
      await vscode.commands.executeCommand('gocardless.accounts.edit');
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
  });
});
