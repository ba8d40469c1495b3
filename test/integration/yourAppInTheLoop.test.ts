// Runs after webhooks.test.ts (files run in name order): its debug session receives genuine webhooks, which
// completes the walkthrough step that suite checks is still open at its start.
// The user's own app in the loop, in the real extension host: the local sandbox's values as launch variables,
// the `gocardless` debug type (sandbox + listener forwarding to the app, stopped with the session), and the
// sample integration scaffolded by command, started, and checked against the embedded sandbox.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runIntegrationCheck } from '../../src/core/integrationCheck/runIntegrationCheck';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { removeAllAccounts, testingDeps } from './prompts/testingDeps';

const variable = (name: string): Thenable<string> => vscode.commands.executeCommand<string>(`gocardless.sandbox.${name}`);

describe('your app in the loop: launch variables, debug configuration, sample integration', function () {
  this.timeout(120_000);
  let deps: ExtensionDeps;

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
  });
  after(async () => {
    await vscode.commands.executeCommand('gocardless.webhooks.stop');
    await removeAllAccounts(deps);
  });

  it('offers the local sandbox\'s URL and credentials as ${command:gocardless.sandbox.*} variables', async () => {
    const baseUrl = await variable('baseUrl');
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox, 'the variable started the local sandbox');
    assert.equal(baseUrl, sandbox.url);
    assert.equal(await variable('appId'), sandbox.credentials.app_id);
    assert.equal(await variable('appSecret'), sandbox.credentials.app_secret);
    assert.equal(await variable('merchantId'), sandbox.credentials.merchant_id);
    assert.equal(await variable('accessToken'), sandbox.credentials.access_token);
    assert.ok(deps.accounts.list().some((a) => a.environment === 'local'), 'the local account exists');
  });

  it('a gocardless debug session starts the listener forwarding to the app, and stops it when the session ends', async () => {
    const received: string[] = [];
    const app = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { received.push(body); res.writeHead(200).end('OK'); });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`;
    try {
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const sub = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'gocardless') { sub.dispose(); resolve(s); } });
      });
      assert.equal(await vscode.debug.startDebugging(undefined, { type: 'gocardless', request: 'launch', name: 'GoCardless test session', forwardTo: appUrl }), true);
      const session = await started;
      const sandbox = deps.sandbox.current;
      assert.ok(sandbox);
      // The session's listener gets the sandbox's webhooks and passes them on to the app.
      const delivered = new Promise<string>((resolve) => {
        const sub = sandbox.onWebhookDelivery((d) => { if (d.state === 'delivered' && d.url) { sub.dispose(); resolve(d.url); } });
      });
      await waitFor(async () => { await sandbox.advanceClock(3 * 24 * 3600 * 1000); return received.length > 0; });
      const listenerUrl = await delivered;
      assert.match(received[0]!, /"payload"/, 'the app received a webhook body');

      const ended = new Promise<void>((resolve) => {
        const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.id === session.id) { sub.dispose(); resolve(); } });
      });
      await vscode.debug.stopDebugging(session);
      await ended;
      await waitFor(async () => !(await answers(listenerUrl)));
    } finally {
      await new Promise((r) => app.close(r));
    }
  });

  it('scaffolds the sample integration, which passes the integration check against the embedded sandbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdev-sample-host-'));
    const env = {
      PATH: process.env['PATH'], PORT: '0',
      GOCARDLESS_BASE_URL: await variable('baseUrl'), GOCARDLESS_APP_ID: await variable('appId'), GOCARDLESS_APP_SECRET: await variable('appSecret'),
      GOCARDLESS_MERCHANT_ID: await variable('merchantId'), GOCARDLESS_ACCESS_TOKEN: await variable('accessToken'),
    };
    const files = await vscode.commands.executeCommand<string[]>('gocardless.yourApp.startSample', dir);
    assert.ok(files.includes('server.js') && files.includes(join('.vscode', 'launch.json')), JSON.stringify(files));
    assert.ok(existsSync(join(dir, 'README.md')));
    const child = spawn(process.execPath, [join(dir, 'server.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const read = (c: Buffer): void => { output += c.toString(); const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output); if (m) resolve(m[1]!); };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`the sample exited with ${code}: ${output}`)));
      });
      const report = await runIntegrationCheck({
        appUrl: `${url}/webhooks`, secret: env.GOCARDLESS_APP_SECRET,
        redirect: { sandboxUrl: env.GOCARDLESS_BASE_URL, appId: env.GOCARDLESS_APP_ID, appSecret: env.GOCARDLESS_APP_SECRET, merchantId: env.GOCARDLESS_MERCHANT_ID, accessToken: env.GOCARDLESS_ACCESS_TOKEN, redirectUri: `${url}/return` },
      });
      assert.deepEqual(report.cases.filter((c) => c.outcome !== 'pass').map((c) => `${c.id}: ${c.actual}`), [], output);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
