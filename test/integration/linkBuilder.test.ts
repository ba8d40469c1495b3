// The payment link builder in the real extension host: the command opens the
// panel; a link signed by the host verifies with core and the local sandbox
// accepts it; the redirect round trip (pay → loopback landing page → verify →
// confirm) ends with a confirmed resource in the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testConnectLink, queryToParams } from '../../src/core/links/testConnectLink';
import { verifySignedParams } from '../../src/core/signing';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { browserUrlFor, externalLink, openLink } from '../../src/extension/links/externalLink';
import { payOnPaymentPage } from '../unit/linkBuilder/payOnPaymentPage';
import { navigate } from '../unit/extension/browserRequests';
import { children, collection, scripted, testingDeps } from './prompts/testingDeps';
import { waitFor } from './support/extensionApi';
import { gocardlessLog } from './support/logFile';

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
    accountId = local ? local.id : (await vscode.commands.executeCommand<{ id: string }>('gocardless.sandbox.use')).id;
    await deps.accounts.setActive(accountId);
  });

  after(async () => {
    for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
  });

  it('"Create Payment Link…" opens the builder panel, once', async () => {
    await vscode.commands.executeCommand('gocardless.links.createPaymentLink');
    await waitFor(() => builderTabs().length === 1, { message: 'the link builder tab' });
    await vscode.commands.executeCommand('gocardless.links.createPaymentLink');
    assert.equal(builderTabs().length, 1, 'a second call reveals the same panel');
    for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor(() => builderTabs().length === 0, { message: 'the tab to close' });
  });

  it('the palette: typing the full title "GoCardless: Create Payment Link" and Enter opens the builder', async () => {
    // Was: Enter ran the first fuzzy match, "Create payment link (quick)…". The quick flow, if run, would ask a
    // question the scripted prompter has no answer for.
    for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
    const { prompter, restore } = scripted(deps);
    try {
      await waitFor(async () => {
        await vscode.commands.executeCommand('workbench.action.quickOpen', '>GoCardless: Create Payment Link');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return builderTabs().length === 1;
      }, { message: 'Enter in the palette to open the link builder', intervalMs: 250 });
      prompter.assertDone();
      const titles = (vscode.extensions.getExtension('gocardless-devtools.gocardless-devtools')?.packageJSON as { contributes: { commands: { title: string }[] } })
        .contributes.commands.map((c) => c.title);
      assert.deepEqual(titles.filter((t) => t.startsWith('Create Payment Link')), ['Create Payment Link…'], 'one command carries the title');
      assert.ok(titles.includes('Quick Payment Link…'), 'the quick flow has its own name');
    } finally {
      restore.dispose();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      for (const tab of builderTabs()) await vscode.window.tabGroups.close(tab);
    }
  });

  it('signs a link in the host that core verifies and the local sandbox accepts', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script(
        { pick: 'Subscription' },
        { input: '12.345', refusedWith: 'at most two decimal places' },
      );
      assert.equal(await vscode.commands.executeCommand('gocardless.links.quickPaymentLink'), undefined, 'a refused amount ends the flow');
      prompter.script({ pick: 'Subscription' }, { input: '12.00' }, { pick: 'Every month' }, { input: 'Gold <plan>' });
      const url = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
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
      const url = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
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
      await waitFor(() => gocardlessLog(deps).includes(`POST /api/v1/confirm bill ${billId} → 200`), { message: 'the confirm request in the GoCardless log' });

      const account = deps.accounts.get(accountId);
      assert.ok(account);
      const bill = await (await deps.clientFor(account)).getBill(billId);
      assert.equal(bill.status, 'pending', 'confirmed: the inactive bill became pending');
      assert.equal(bill.amount.startsWith('7.5'), true);

      // Newest first: the confirmed bill is at the top of the merchant's Bills.
      const bills = await collection(deps, accountId, 'Bills');
      assert.equal(bills.kind, 'collection');
      await waitFor(async () => {
        const first = (await children(deps, bills)).find((n) => n.kind === 'bill');
        return first?.kind === 'bill' && first.record.id === billId;
      }, { message: `bill ${billId} at the top of Bills` });
    } finally {
      restore.dispose();
    }
  });

  it('"Reveal" after a confirm selects the bill in the Merchants view', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'One-off bill' }, { input: '8.20' }, { input: `Reveal ${Date.now()}` });
      const url = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
      const paid = await payOnPaymentPage(url);
      const location = new URL(paid.location);
      const billId = location.searchParams.get('resource_id');
      assert.ok(billId);
      prompter.infoButton = (message, items) => (message === `Confirmed bill ${billId}.` && items.includes('Reveal') ? 'Reveal' : undefined);
      prompter.script({ confirm: 'Confirm' });
      assert.equal(await vscode.commands.executeCommand('gocardless.links.verifyRedirectUrl', location.href), `Confirmed bill ${billId}.`);
      await waitFor(() => {
        const selected = deps.treeView?.selection[0];
        return selected?.kind === 'bill' && selected.record.id === billId;
      }, { message: `bill ${billId} selected in the tree` });
      prompter.assertDone();
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

  /**
   * A loopback page that records the path and query of every request it receives. The integration runner gives
   * the workbench a path proxy like code-server's /proxy/PORT/ (scripts/host/frontProxy.mjs), so a browser reaches
   * this page the way it does under `npm start`.
   */
  async function recordingPage(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
    const received: string[] = [];
    const server: Server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>ok</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`, received,
      close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  }

  // Every value the issue names: +, /, %, =, &, a space, non-ASCII (percent-encoded, as our links carry them).
  const HARD_QUERY = '/connect/bills/new?bill%5Bname%5D=Tea%20%26%20cake%20%2B%205%25%20%C3%BC&nonce=x%2By%2Fz%3D&signature=ab';

  it('opens a loopback link so the page receives path and query byte-for-byte', async () => {
    const page = await recordingPage();
    try {
      const mapped = await vscode.env.asExternalUri(vscode.Uri.parse(`${page.url}/`));
      assert.equal(await browserUrlFor(`${page.url}${HARD_QUERY}`), `${mapped.toString().replace(/\/$/, '')}${HARD_QUERY}`, 'the mapped origin, then the query as written');
      assert.equal(await openLink(deps.prompter, `${page.url}${HARD_QUERY}`), true, 'the host opened the link');
      await waitFor(() => page.received.includes(HARD_QUERY), { message: `the page to receive ${HARD_QUERY}; got ${JSON.stringify(page.received)}`, timeoutMs: 15_000 });
    } finally {
      await page.close();
    }
  });

  it('the premise: a loopback link left to VS Code to map arrives decoded (%2B becomes +)', async () => {
    const page = await recordingPage();
    try {
      await vscode.env.openExternal(externalLink(`${page.url}${HARD_QUERY}`));
      const got = await waitFor(() => page.received[0], { message: 'the page to be opened', timeoutMs: 15_000 });
      assert.notEqual(got, HARD_QUERY, 'VS Code\'s opener re-encodes a URL it mapped (encodeURI(uri.toString(true)))');
      assert.ok(got.includes('x+y/z='), `the nonce arrives as x+y/z= (a space to the server): ${got}`);
    } finally {
      await page.close();
    }
  });

  it('"Open in browser" after the quick flow opens a link the local sandbox accepts (its nonce is then used)', async () => {
    const { prompter, restore } = scripted(deps);
    const sandboxLines: string[] = [];
    const listening = deps.sandbox.onDidLog((line) => sandboxLines.push(line));
    try {
      prompter.opener = (uri) => vscode.env.openExternal(uri);
      let asked: string[] = [];
      prompter.infoButton = (_message, items) => {
        asked = items;
        return 'Open in browser';
      };
      // A name with `+`, `&` and `%`: decoded on the way, the signature or the query would break.
      prompter.script({ pick: 'One-off bill' }, { input: '3.25' }, { input: 'Tea & cake + 5% off / ü' });
      const url = await vscode.commands.executeCommand<string>('gocardless.links.quickPaymentLink');
      assert.deepEqual(asked, ['Open in browser']);
      const copied = prompter.shown.find((m) => m.kind === 'info' && m.message.startsWith('Payment link copied.'));
      assert.match(copied?.message ?? '', /^Payment link copied\. It expires at \S+(?: [AP]M)? \(in (?:2 h 59|3 h 0) min\)\.$/, 'local time and time left, not raw UTC');
      await waitFor(() => prompter.opened.length === 1, { message: 'the link to be opened' });
      const secrets = await deps.accounts.secretsOf(accountId);
      assert.ok(secrets);
      // The sandbox checks the signature before it uses the nonce ("Signature is invalid" leaves it fresh). Only the
      // browser's request can use it, so wait for the sandbox's log line of that request, then test once.
      const sandboxUrl = new URL(url);
      await waitFor(() => sandboxLines.some((line) => line.startsWith(`GET ${sandboxUrl.pathname} 200`)), { message: 'the sandbox to answer the browser\'s GET', timeoutMs: 15_000 });
      const tested = await testConnectLink({ url, appSecret: secrets.appSecret });
      assert.equal(tested.cause, 'nonce', `the browser's request used the nonce: ${JSON.stringify(tested)}`);
      prompter.assertDone();
    } finally {
      listening.dispose();
      restore.dispose();
    }
  });

  it('"Verify Redirect URL…" refuses a tampered redirect with the reason', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script(
        { input: `http://127.0.0.1:1/done?resource_id=B1&resource_type=bill&resource_uri=http%3A%2F%2Fx%2Fapi%2Fv1%2Fbills%2FB1&signature=${'a'.repeat(64)}` },
        { confirm: 'Show diagnosis' },
      );
      assert.equal(await vscode.commands.executeCommand('gocardless.links.verifyRedirectUrl'), undefined);
      prompter.assertDone();
      const warning = prompter.shown.find((m) => m.kind === 'warning');
      assert.match(warning?.message ?? '', /^Invalid redirect: [^\n]+$/, 'one line in the toast');
      // The diagnosis opens as a document, with the expected normalized string it tells the developer to compare.
      const text = await waitFor(() => {
        const t = vscode.window.activeTextEditor?.document.getText() ?? '';
        return t.startsWith('Redirect signature diagnosis') ? t : undefined;
      }, { message: 'the diagnosis document' });
      assert.match(text, /Expected normalized string \(what your code should sign\):\nresource_id=B1&resource_type=bill&resource_uri=http%3A%2F%2Fx%2Fapi%2Fv1%2Fbills%2FB1\n/);
      assert.match(text, new RegExp(`Received signature: ${'a'.repeat(64)}`));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      restore.dispose();
    }
  });
});
