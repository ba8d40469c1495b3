// The Requests view in the real extension host (issue 19): a request made
// outside the extension (a plain fetch to the embedded sandbox's URL with a
// wrong token) shows up newest first, with its status, the sandbox's message
// and the spec's explanation; "Copy as curl" leaves the token out; "Send
// again" uses the account's real token; the filters; the log read back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RequestLog, startSandbox, type RequestRecord } from '../../src/core/sandbox';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import type { RequestsView } from '../../src/extension/requests/registerRequests';
import type { RequestNode } from '../../src/extension/requests/RequestNode';
import { removeAllAccounts, scripted, testingApi, testingDeps } from './prompts/testingDeps';

describe('Requests view', () => {
  let deps: ExtensionDeps;
  let requests: RequestsView;
  let sandboxUrl: string;

  /** Resolves with the first record the log takes that matches. */
  function recorded(match: (r: RequestRecord) => boolean): Promise<RequestRecord> {
    return new Promise((resolve) => {
      const sub = requests.service.onDidChange((r) => {
        if (r && match(r)) { sub.dispose(); resolve(r); }
      });
    });
  }

  async function rows(): Promise<RequestNode[]> {
    // By kind: the test bundle's classes are not the extension's.
    return (await requests.tree.getChildren()).filter((n): n is RequestNode => n.kind === 'request');
  }

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    await vscode.commands.executeCommand('gocardless.sandbox.use');
    const sandbox = await deps.sandbox.ensureStarted();
    sandboxUrl = sandbox.url;
    requests = (await testingApi()).requests;
    await vscode.commands.executeCommand('gocardless.requests.clear');
  });

  after(async () => {
    await vscode.commands.executeCommand('gocardless.requests.clearFilter');
    await removeAllAccounts(deps);
  });

  it('lists a request from outside the extension with its status, message and the spec\'s explanation', async () => {
    const account = deps.accounts.list()[0]!;
    const path = `/api/v1/merchants/${account.merchantId}/bills`;
    const seen = recorded((r) => r.path === path && r.status === 401);
    const res = await fetch(`${sandboxUrl}${path}?per_page=5`, { headers: { accept: 'application/json', authorization: 'bearer wrong-token-from-a-test' } });
    assert.equal(res.status, 401);
    await res.arrayBuffer();
    const record = await seen;

    const first = (await rows())[0];
    assert.ok(first, 'the view lists the request');
    assert.equal(first.record.id, record.id, 'newest first');
    const item = requests.tree.getTreeItem(first);
    assert.equal(item.label, `GET ${path}`);
    assert.match(String(item.description), /^401 · [\d.]+ ms · merchant /);
    assert.match(String(item.description), /access token is not valid/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');

    const text = await vscode.commands.executeCommand<string>('gocardless.requests.open', first);
    assert.match(text, /per_page=5/);
    assert.match(text, /Unauthorized\. The client has not provided a valid Authentication HTTP header\./, 'the spec\'s meaning of 401');
    assert.ok(!text.includes('wrong-token-from-a-test'), 'the token is redacted in the document');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'gocardless-request'), 'the document is shown');
  });

  it('copies a request as curl without the token, and sends it again with the account\'s real one', async () => {
    // The refused request of the test above, by what it is: the Merchants tree may have asked for something since.
    const first = (await rows()).find((n) => n.record.status === 401 && n.record.path.endsWith('/bills'))!;
    assert.ok(first, 'the refused request is listed');
    const { prompter, restore } = scripted(deps);
    try {
      await vscode.commands.executeCommand('gocardless.requests.copyAsCurl', first);
      assert.match(prompter.clipboard, /^curl -sS -X GET/);
      assert.match(prompter.clipboard, /Authorization: Bearer \$GOCARDLESS_ACCESS_TOKEN/);
      const account = await deps.accounts.resolve(deps.accounts.list()[0]!.id);
      assert.ok(!prompter.clipboard.includes(account.accessToken) && !prompter.clipboard.includes('wrong-token-from-a-test'));

      const again = recorded((r) => r.path === first.record.path && r.status === 200);
      const status = await vscode.commands.executeCommand<number>('gocardless.requests.sendAgain', first);
      assert.equal(status, 200, 'sent with the account\'s token, the request succeeds');
      await again;
      assert.deepEqual(prompter.errors(), []);
    } finally {
      restore.dispose();
    }
  });

  it('filters: errors only, by resource, by path text, clear', async () => {
    await vscode.commands.executeCommand('gocardless.requests.filterErrors');
    assert.ok((await rows()).length > 0);
    assert.ok((await rows()).every((n) => n.record.status >= 400), 'errors only');
    await vscode.commands.executeCommand('gocardless.requests.filterErrors');
    assert.ok((await rows()).some((n) => n.record.status === 200), 'toggled off');

    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'admin' });
      await vscode.commands.executeCommand('gocardless.requests.filterResource');
      assert.deepEqual(await rows(), [], 'no admin requests yet');
      prompter.script({ pick: 'All resources' }, { input: '/bills' });
      await vscode.commands.executeCommand('gocardless.requests.filterResource');
      await vscode.commands.executeCommand('gocardless.requests.filterText');
      const shown = await rows();
      assert.ok(shown.length >= 2 && shown.every((n) => n.record.path.includes('/bills')));
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
    await vscode.commands.executeCommand('gocardless.requests.clearFilter');
    assert.deepEqual(requests.tree.filter, {});
  });

  it('lists the extension\'s own requests to a remote account: method, path, status, duration, no headers', async () => {
    // "Remote": a second sandbox the embedded one knows nothing of, reached through a custom base URL.
    const remote = await startSandbox({ seed: 9 });
    const c = remote.credentials;
    const account = await deps.accounts.add({ name: 'Remote for requests', environment: 'custom', baseUrl: remote.url, appId: c.app_id, merchantId: c.merchant_id }, { appSecret: c.app_secret, accessToken: c.access_token });
    try {
      const missing = recorded((r) => r.source === 'client' && r.status === 404);
      const client = await deps.clientFor(account);
      await client.getMerchant();
      await assert.rejects(client.getBill('NOSUCHBILL'));
      const record = await missing;
      assert.equal(record.path, '/api/v1/bills/NOSUCHBILL');
      assert.equal(record.merchantId, c.merchant_id);
      assert.equal(record.request, undefined, 'the client hands over no headers or bodies');
      // Newest first. The Merchants tree may fetch for the new account meanwhile, so other client rows can sit
      // between these two: their order is what is checked, not that they are adjacent.
      // The whole log, newest first (the view's first page holds 200 rows, and the embedded sandbox keeps serving).
      const shown = [...requests.service.log.list()].reverse().filter((r) => r.source === 'client').map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.equal(shown[0], 'GET /api/v1/bills/NOSUCHBILL 404');
      assert.ok(shown.indexOf(`GET /api/v1/merchants/${c.merchant_id} 200`) > 0, shown.join('\n'));
      const text = await vscode.commands.executeCommand<string>('gocardless.requests.open', record.id);
      assert.match(text, /Not Found\. The requested resource was not found\./);
      const { prompter, restore } = scripted(deps);
      try {
        await vscode.commands.executeCommand('gocardless.requests.copyAsCurl', record.id);
        assert.ok(prompter.clipboard.endsWith(`'${remote.url}/api/v1/bills/NOSUCHBILL'`), prompter.clipboard);
        assert.ok(!prompter.clipboard.includes(c.access_token));
      } finally {
        restore.dispose();
      }
    } finally {
      await deps.accounts.remove(account.id);
      await remote.dispose();
    }
  });

  it('keeps the log in a file a new log reads back (a reload)', async () => {
    const kept = requests.service.log.list();
    await requests.service.log.flush();
    const reread = new RequestLog({ maxEntries: 10_000, file: requests.service.file.fsPath });
    await reread.open();
    assert.deepEqual(reread.list().map((r) => r.id), kept.map((r) => r.id));
  });
});
