// Partner OAuth against the local sandbox: "Connect a merchant…" opens the
// authorize page (the test plays the browser: it approves a new merchant on
// the sandbox's page), receives the code on the loopback redirect, exchanges
// it, and adds the merchant as an account.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountInfo } from '../../src/extension/accounts/Account';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { navigateAsBrowser } from './support/browser';
import { children, labelOf, removeAllAccounts, scripted, testingDeps } from './prompts/testingDeps';

/** The browser following the authorize form's 302 to the loopback redirect: a top-level navigation. */
async function followRedirect(answer: Response): Promise<{ status: number; body: string }> {
  assert.equal(answer.status, 302, `authorize answer: ${answer.status}`);
  return navigateAsBrowser(answer.headers.get('location') ?? '');
}

/** What a person does on the sandbox's authorize page: create a merchant and approve. */
async function approveInBrowser(url: string, merchantName: string): Promise<void> {
  const page = await fetch(url);
  assert.equal(page.status, 200, `authorize page: ${page.status}`);
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the authorize page carries a form token');
  const form = new URLSearchParams({ token, decision: 'approve', merchant: 'new', name: merchantName, email: 'partner@example.com', first_name: 'Pat', last_name: 'Ner' });
  // Follows the 302 to our loopback redirect URI, as a browser would.
  const landing = await followRedirect(await fetch(new URL('/oauth/authorize', url), { method: 'POST', redirect: 'manual', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
  assert.equal(landing.status, 200, `redirect landing: ${landing.status} ${landing.body}`);
  assert.match(landing.body, /Merchant connected/);
}

describe('connect a merchant (partner OAuth)', () => {
  let deps: ExtensionDeps;

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
  });

  after(async () => {
    await removeAllAccounts(deps);
  });

  it('authorizes through the local sandbox and adds the merchant as an account', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.browser = (url) => approveInBrowser(url, 'Partner Bakery');
      prompter.script({ pick: 'Local sandbox' }, { input: 'Bakery via OAuth' });
      const account = await vscode.commands.executeCommand<AccountInfo>('gocardless.accounts.connectMerchant');
      await prompter.browsing;
      prompter.assertDone();

      const opened = new URL(prompter.opened[0] ?? '');
      assert.equal(opened.pathname, '/oauth/authorize');
      assert.equal(opened.searchParams.get('scope'), 'manage_merchant');
      assert.equal(opened.searchParams.get('response_type'), 'code');
      // Loopback, or its forwarded address when the window is remote (vscode.env.asExternalUri).
      assert.match(opened.searchParams.get('redirect_uri') ?? '', /^https?:\/\/[^/]+(\/.*)?\/oauth\/callback$/);
      assert.match(opened.searchParams.get('state') ?? '', /^[0-9a-f]{32}$/);

      assert.equal(account.name, 'Bakery via OAuth');
      assert.equal(account.environment, 'local');
      assert.notEqual(account.merchantId, deps.sandbox.current?.credentials.merchant_id, 'a new merchant');
      const secrets = await deps.accounts.secretsOf(account.id);
      assert.ok(secrets && secrets.accessToken.length > 8);

      const node = (await children(deps)).find((n) => n.kind === 'account' && n.account.id === account.id);
      assert.ok(node);
      const [merchant] = await children(deps, node);
      assert.equal(merchant && labelOf(deps, merchant), 'Partner Bakery');
    } finally {
      restore.dispose();
    }
  });

  it('uses an http loopback redirect for a GoCardless app too (never vscode://, which the authorize step refuses), kept on the same port', async () => {
    const sandbox = deps.sandbox.current ?? await deps.sandbox.ensureStarted();
    const uris: string[] = [];
    for (const name of ['Custom One', 'Custom Two']) {
      const { prompter, restore } = scripted(deps);
      try {
        // Served by the local sandbox as a "Custom base URL" environment: the non-local path, offline.
        prompter.browser = async (url) => {
          const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
          uris.push(redirectUri);
          // What the partner does on the dashboard: register the redirect URI the extension showed.
          sandbox.setRedirectUris({ redirectUri });
          await approveInBrowser(url, `Partner ${name}`);
        };
        prompter.script({ pick: 'Custom base URL' }, { input: sandbox.url }, { input: sandbox.credentials.app_id }, { input: sandbox.credentials.app_secret }, { input: name });
        const account = await vscode.commands.executeCommand<AccountInfo>('gocardless.accounts.connectMerchant');
        await prompter.browsing;
        prompter.assertDone();
        assert.equal(account.environment, 'custom');
        assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.includes(`must be ${uris.at(-1) ?? ''}`)), 'the redirect URI to register is shown');
      } finally {
        restore.dispose();
      }
    }
    assert.match(uris[0] ?? '', /^https?:\/\//);
    assert.equal(uris[1], uris[0], 'the same redirect URI the second time (the port is kept per app)');
  });

  it('reports a denied authorization', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.browser = async (url) => {
        const html = await (await fetch(url)).text();
        const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
        await followRedirect(await fetch(new URL('/oauth/authorize', url), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, decision: 'deny' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      };
      prompter.script({ pick: 'Local sandbox' });
      const count = deps.accounts.list().length;
      assert.equal(await vscode.commands.executeCommand('gocardless.accounts.connectMerchant'), undefined, 'the command reports the error and resolves to undefined');
      await prompter.browsing;
      assert.match(prompter.errors().at(-1) ?? '', /not granted/);
      assert.equal(deps.accounts.list().length, count);
    } finally {
      restore.dispose();
    }
  });
});
