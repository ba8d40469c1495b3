// The sample integration that "Start with a Sample Integration" and `gcdev sample` write: scaffolded into a
// temporary folder, started as a real process against the local sandbox, it must pass the integration check
// in full (every webhook, the forgeries refused, the Connect redirect round trip with its confirmation), and
// its payment link must be accepted by the sandbox's payment page.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { runIntegrationCheck } from '../../../src/core/integrationCheck/runIntegrationCheck';
import { findSampleSource, writeSample } from '../../../src/core/sample/writeSample';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';

describe('the sample integration', function () {
  this.timeout(60_000);
  let dir: string;
  let sandbox: RunningSandbox;
  let app: ChildProcessByStdio<null, Readable, Readable> | undefined;
  let appUrl: string;
  let appOutput = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gcdev-sample-'));
    await writeSample(findSampleSource(__dirname), dir);
    sandbox = await startSandbox({ seed: 7, scale: { bills: 20 } });
    const c = sandbox.credentials;
    app = spawn(process.execPath, [join(dir, 'server.js')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'], PORT: '0', GOCARDLESS_BASE_URL: sandbox.url, GOCARDLESS_APP_ID: c.app_id,
        GOCARDLESS_APP_SECRET: c.app_secret, GOCARDLESS_MERCHANT_ID: c.merchant_id, GOCARDLESS_ACCESS_TOKEN: c.access_token,
      },
    });
    const child = app;
    child.stderr.on('data', (chunk: Buffer) => { appOutput += chunk.toString(); });
    appUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        appOutput += chunk.toString();
        const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(appOutput);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the sample exited with ${code}:\n${appOutput}`)));
    });
  });

  after(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    await sandbox?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes the integration check in full: webhooks, forgeries and the Connect redirect with confirm', async () => {
    const c = sandbox.credentials;
    const report = await runIntegrationCheck({
      appUrl: `${appUrl}/webhooks`, secret: c.app_secret, timeoutMs: 5000,
      redirect: { sandboxUrl: sandbox.url, appId: c.app_id, appSecret: c.app_secret, merchantId: c.merchant_id, accessToken: c.access_token, redirectUri: `${appUrl}/return` },
    });
    const notPassed = report.cases.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.outcome} ${r.actual}`);
    assert.deepEqual(notPassed, [], appOutput);
    assert.ok(report.cases.some((r) => r.id === 'redirect.round-trip'), 'the redirect round trip was checked');
  });

  it('sends the customer to a payment link the sandbox accepts', async () => {
    const pay = await fetch(`${appUrl}/pay`, { method: 'POST', body: 'amount=12.50&name=Sample+order', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    assert.equal(pay.status, 303);
    const link = pay.headers.get('location') ?? '';
    assert.ok(link.startsWith(`${sandbox.url}/connect/bills/new?`), link);
    const page = await fetch(link);
    const html = await page.text();
    assert.equal(page.status, 200, html);
    for (const refusal of ['Signature is invalid', 'Timestamp has expired', 'Client is invalid', 'Merchant not found']) {
      assert.ok(!html.includes(refusal), `the payment page says "${refusal}"`);
    }
    assert.match(html, /12\.50/);
  });

  it('refuses a redirect whose signature was not made with the app secret, and confirms nothing', async () => {
    const r = await fetch(`${appUrl}/return?resource_id=X&resource_type=bill&resource_uri=u&signature=${'0'.repeat(64)}`);
    assert.equal(r.status, 403);
  });

  it('lists the merchant\'s bills from the API, with the API\'s status filter', async () => {
    const c = sandbox.credentials;
    const api = await fetch(`${sandbox.url}/api/v1/merchants/${c.merchant_id}/bills?status=failed&per_page=20`, { headers: { Authorization: `bearer ${c.access_token}`, Accept: 'application/json' } });
    const failed = (await api.json()) as { id: string }[];
    assert.ok(failed.length > 0, 'the seeded merchant has failed bills');
    const r = await fetch(`${appUrl}/bills?status=failed`);
    const html = await r.text();
    assert.equal(r.status, 200, html);
    for (const bill of failed) assert.ok(html.includes(`<td>${bill.id}</td>`), `bill ${bill.id} is listed`);
    assert.doesNotMatch(html, /<td>(paid|pending|withdrawn)<\/td>/);
  });
});

describe('writeSample', () => {
  it('writes nothing into a folder that already holds one of the sample\'s files, and says which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcdev-sample-'));
    try {
      writeFileSync(join(dir, 'server.js'), 'mine');
      await assert.rejects(writeSample(findSampleSource(__dirname), dir), /already has server\.js/);
      assert.equal(readFileSync(join(dir, 'server.js'), 'utf8'), 'mine');
      assert.throws(() => readFileSync(join(dir, 'gocardless.js')), /ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
