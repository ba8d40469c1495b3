import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_ACTIONS } from '../../../src/core/api/models';
import { IntegrationCheckInputError, runIntegrationCheck, type IntegrationCheckReport } from '../../../src/core/integrationCheck';
import { acceptAnythingApp, correctApp, crashingOnForgeryApp, duplicateRejectingApp, redirectingApp, startApp, type TestApp } from './testApps';

const SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';
const SHORT = 200;

const VALID_IDS = Object.entries(WEBHOOK_ACTIONS).flatMap(([type, actions]) => actions.map((a) => `webhook.${type}.${a}`));
const FORGED_IDS = ['forged.tampered-signature', 'forged.tampered-payload', 'forged.wrong-secret', 'forged.unsigned'];
const REDIRECT_IDS = ['redirect.round-trip', 'redirect.tampered-signature'];

const ids = (r: IntegrationCheckReport, outcome: string) => r.cases.filter((c) => c.outcome === outcome).map((c) => c.id).sort();

describe('runIntegrationCheck against apps on loopback', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('passes a correct app on every case: each action of each resource type, several objects, a retry, and all forgeries rejected', async () => {
    app = await correctApp(SECRET);
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
    assert.deepEqual(ids(report, 'fail'), []);
    assert.equal(report.passed, true);
    assert.deepEqual(report.cases.map((c) => c.id).sort(), [...VALID_IDS, 'webhook.multiple-objects', 'webhook.retry', ...FORGED_IDS, ...REDIRECT_IDS].sort());
    // Without sandbox details the redirect cases are listed as not run.
    assert.deepEqual(ids(report, 'skip'), REDIRECT_IDS);
    // The spec's actions: eight for bills, cancelled and expired for subscriptions and for pre-authorizations.
    assert.equal(VALID_IDS.length, 12);
    for (const id of FORGED_IDS) {
      const c = report.cases.find((x) => x.id === id);
      assert.equal(c?.exchanges[0]?.status, 403, id);
    }
    const retry = report.cases.find((c) => c.id === 'webhook.retry');
    assert.equal(retry?.exchanges.length, 2);
    assert.equal(retry?.exchanges[0]?.status, 200);
    assert.equal(retry?.exchanges[1]?.status, 200);
    // One single-object body per action, 1 with two objects, the retry's 2 and the forgeries.
    assert.equal(app.received.length, VALID_IDS.length + 1 + 2 + FORGED_IDS.length);
    // The two deliveries of the retry case are byte-identical.
    const counts = new Map<string, number>();
    for (const b of app.received) counts.set(b, (counts.get(b) ?? 0) + 1);
    assert.deepEqual([...counts.values()].filter((n) => n > 1), [2]);
    // Every id of the run is in the report, and no body carries the secret.
    assert.equal(new Set(report.testIds).size, report.testIds.length);
    assert.ok(app.received.every((b) => !b.includes(SECRET)));
  });

  it('names exactly the failures of an app that accepts anything and answers bill webhooks after the deadline', async () => {
    app = await acceptAnythingApp(SHORT * 3);
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: SHORT });
    const billCases = WEBHOOK_ACTIONS.bill.map((a) => `webhook.bill.${a}`);
    assert.deepEqual(ids(report, 'fail'), [...billCases, 'webhook.multiple-objects', 'webhook.retry', ...FORGED_IDS].sort());
    assert.deepEqual([...ids(report, 'pass'), ...ids(report, 'warn')].sort(), VALID_IDS.filter((i) => !i.startsWith('webhook.bill.')).sort());
    assert.equal(report.passed, false);
    const paid = report.cases.find((c) => c.id === 'webhook.bill.paid');
    assert.equal(paid?.exchanges[0]?.error?.kind, 'timeout');
    assert.match(paid?.actual ?? '', /no answer within 200 ms/);
    assert.match(paid?.explanation ?? '', /retr|again/i);
    assert.ok(paid?.spec.some((s) => s.quote.includes('within 5 seconds')));
  });

  it('fails only the forgeries when an app accepts anything promptly', async () => {
    app = await acceptAnythingApp(0);
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
    assert.deepEqual(ids(report, 'fail'), [...FORGED_IDS].sort());
    const wrong = report.cases.find((c) => c.id === 'forged.wrong-secret');
    assert.match(wrong?.explanation ?? '', /accepted a webhook signed with another secret/);
    assert.ok(wrong?.spec.some((s) => s.quote.includes('prevents attackers imitating valid web hooks')));
  });

  it('fails only the retry when an app refuses a repeated delivery', async () => {
    app = await duplicateRejectingApp(SECRET);
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
    assert.deepEqual(ids(report, 'fail'), ['webhook.retry']);
    const retry = report.cases.find((c) => c.id === 'webhook.retry');
    assert.equal(retry?.exchanges[1]?.status, 409);
    assert.match(retry?.actual ?? '', /first: 200 .*; repeat: 409/);
  });

  it('warns, without failing, when forgeries are refused with a server error', async () => {
    app = await crashingOnForgeryApp(SECRET);
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
    assert.deepEqual(ids(report, 'fail'), []);
    assert.deepEqual(ids(report, 'warn'), [...FORGED_IDS].sort());
    assert.equal(report.passed, true);
  });

  it('reports a redirect without following it', async () => {
    app = await redirectingApp();
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 2000 });
    const paid = report.cases.find((c) => c.id === 'webhook.bill.paid');
    assert.equal(paid?.outcome, 'fail');
    assert.equal(paid?.exchanges[0]?.location, 'https://example.com/webhooks/gocardless');
    assert.match(paid?.explanation ?? '', /redirect/);
    // One request per body, and the retry's repeat is not sent after a failed first delivery.
    assert.equal(app.received.length, VALID_IDS.length + 1 + 1 + FORGED_IDS.length);
  });

  it('fails every case with a connection error when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const report = await runIntegrationCheck({ appUrl: `http://127.0.0.1:${port}/hooks`, secret: SECRET, timeoutMs: 2000 });
    assert.equal(report.summary.fail, report.summary.total - REDIRECT_IDS.length);
    assert.ok(report.cases.filter((c) => c.group !== 'redirect').every((c) => c.exchanges[0]?.error?.kind === 'connection'));
    assert.match(report.cases[0]?.actual ?? '', /ECONNREFUSED/);
  });

  it('reports progress once per case and keeps credentials out of the target', async () => {
    app = await correctApp(SECRET);
    const seen: number[] = [];
    const withCreds = app.url.replace('http://', 'http://user:hunter2@') + '?token=abc&page=1';
    const report = await runIntegrationCheck({ appUrl: withCreds, secret: SECRET, timeoutMs: 2000, concurrency: 2, onCaseDone: (_r, done) => seen.push(done) });
    assert.deepEqual(seen, Array.from({ length: report.cases.length }, (_, i) => i + 1));
    assert.ok(!report.target.includes('hunter2'));
    assert.ok(!report.target.includes('abc'));
    assert.match(report.target, /page=1/);
  });

  it('stops when cancelled: the cases left are skipped as "cancelled", not judged', async () => {
    const controller = new AbortController();
    // An app that never answers and cancels the check as soon as the first webhook arrives.
    app = await startApp(() => controller.abort());
    const report = await runIntegrationCheck({ appUrl: app.url, secret: SECRET, timeoutMs: 5000, concurrency: 1, signal: controller.signal });
    assert.deepEqual(ids(report, 'fail'), []);
    assert.equal(ids(report, 'skip').length, report.cases.length);
    assert.ok(report.cases.filter((c) => c.group !== 'redirect').every((c) => c.actual === 'cancelled'));
    // Only the first webhook was on the wire; the others were refused before sending.
    assert.equal(app.received.length, 1);
  });

  it('refuses bad options with an error naming the field', async () => {
    await assert.rejects(runIntegrationCheck({ appUrl: 'ftp://x', secret: SECRET }), (e: unknown) => e instanceof IntegrationCheckInputError && e.field === 'appUrl');
    await assert.rejects(runIntegrationCheck({ appUrl: 'not a url', secret: SECRET }), (e: unknown) => e instanceof IntegrationCheckInputError && e.field === 'appUrl');
    await assert.rejects(runIntegrationCheck({ appUrl: 'http://127.0.0.1:1/', secret: '' }), (e: unknown) => e instanceof IntegrationCheckInputError && e.field === 'secret');
  });
});
