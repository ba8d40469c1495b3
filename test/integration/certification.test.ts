// The integration check command in the real host: against an app started here
// (verifies with the local sandbox account's secret, confirms redirects), with
// the prompts answered by a scripted prompter and through command arguments.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { IntegrationCheckReport } from '../../src/core/integrationCheck';
import { confirmResource, verifyRedirect } from '../../src/core/links';
import { verifySignedParams, type SignableParams } from '../../src/core/signing';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { removeAllAccounts, scripted, testingDeps } from './prompts/testingDeps';

describe('integration check command', () => {
  let deps: ExtensionDeps;
  let server: Server;
  let base = '';

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    const account = await vscode.commands.executeCommand<{ id: string }>('gocardless.sandbox.use');
    const secrets = await deps.accounts.secretsOf(account.id);
    const info = deps.accounts.get(account.id);
    const sandbox = deps.sandbox.current;
    assert.ok(secrets && info && sandbox);
    // A correct app: 200 for genuine webhooks, 403 otherwise; verifies and confirms redirects.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST') {
          let ok: boolean;
          try {
            const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const payload = typeof body === 'object' && body !== null && 'payload' in body ? body.payload : undefined;
            ok = typeof payload === 'object' && payload !== null && verifySignedParams(payload as SignableParams, secrets.appSecret);
          } catch {
            ok = false;
          }
          res.writeHead(ok ? 200 : 403).end();
          return;
        }
        const url = `${base}${req.url ?? '/'}`;
        if (!verifyRedirect(url, secrets.appSecret).valid) return void res.writeHead(403).end('tampered');
        const id = new URL(url).searchParams.get('resource_id') ?? '';
        confirmResource({ baseUrl: sandbox.url, appId: info.appId, appSecret: secrets.appSecret, resourceId: id, resourceType: 'bill' })
          .then(() => res.writeHead(200).end('thanks'), () => res.writeHead(500).end('confirm failed'));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts(deps);
  });

  it('asks for the endpoint (refusing a non-URL), skips the redirect when left empty, and reports every webhook case passing', async () => {
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script(
        { input: 'not a url', refusedWith: 'not a URL' },
      );
      await vscode.commands.executeCommand('gocardless.integrationCheck.run');
      prompter.script({ input: `${base}/webhooks` }, { input: '' });
      const report = await vscode.commands.executeCommand<IntegrationCheckReport>('gocardless.integrationCheck.run');
      prompter.assertDone();
      assert.equal(report.passed, true, JSON.stringify(report.cases.filter((c) => c.outcome === 'fail')));
      assert.deepEqual(report.summary, { total: 20, pass: 18, fail: 0, warn: 0, skip: 2 });
      assert.ok(prompter.shown.some((m) => m.kind === 'info' && m.message.startsWith('Integration check passed: 18 passed')), JSON.stringify(prompter.shown));
      assert.deepEqual(prompter.errors(), []);
    } finally {
      restore.dispose();
    }
  });

  it('checks the Connect redirect round trip against the local sandbox when given a redirect URI', async () => {
    const report = await vscode.commands.executeCommand<IntegrationCheckReport>('gocardless.integrationCheck.run', { appUrl: `${base}/webhooks`, redirectUri: `${base}/return` });
    const redirect = report.cases.filter((c) => c.group === 'redirect').map((c) => [c.id, c.outcome]);
    assert.deepEqual(redirect, [['redirect.round-trip', 'pass'], ['redirect.tampered-signature', 'pass']]);
    assert.equal(report.summary.fail, 0);
  });
});
