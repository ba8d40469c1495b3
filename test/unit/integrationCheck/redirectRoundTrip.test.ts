import { strict as assert } from 'node:assert';
import { renderReportMarkdown, runIntegrationCheck, type IntegrationCheckReport } from '../../../src/core/integrationCheck';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';
import { connectApp, type RedirectAppBehaviour, type TestApp } from './testApps';

const outcomes = (r: IntegrationCheckReport) => Object.fromEntries(r.cases.filter((c) => c.group === 'redirect').map((c) => [c.id, c.outcome]));

describe('runIntegrationCheck: Connect redirect round trip against the local sandbox', () => {
  let sandbox: RunningSandbox;
  let app: TestApp | undefined;
  before(async () => {
    sandbox = await startSandbox({ seed: 7, scale: { bills: 1, subscriptions: 1, preAuthorizations: 1, users: 1, payouts: 1 } });
  });
  after(async () => {
    await sandbox.dispose();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function check(behaviour: RedirectAppBehaviour): Promise<IntegrationCheckReport> {
    app = await connectApp(sandbox, behaviour);
    const c = sandbox.credentials;
    return runIntegrationCheck({
      appUrl: app.url, secret: c.app_secret, timeoutMs: 3000,
      redirect: { sandboxUrl: sandbox.url, appId: c.app_id, appSecret: c.app_secret, merchantId: c.merchant_id, accessToken: c.access_token, redirectUri: app.url.replace('/webhooks/gocardless', '/gocardless/return') },
    });
  }

  it('passes an app that verifies the redirect signature and confirms the bill', async () => {
    const report = await check({ verify: true, confirm: true });
    assert.deepEqual(outcomes(report), { 'redirect.round-trip': 'pass', 'redirect.tampered-signature': 'pass' });
    const roundTrip = report.cases.find((c) => c.id === 'redirect.round-trip');
    assert.match(roundTrip?.actual ?? '', /^200 in \d+ ms; bill confirmed$/);
    // Register, open the link, pay, follow to the app, read the bill back.
    assert.deepEqual(roundTrip?.exchanges.map((e) => e.method), ['PUT', 'GET', 'POST', 'GET', 'GET']);
    assert.equal(report.passed, true);
    const md = renderReportMarkdown(report);
    assert.ok(!md.includes(sandbox.credentials.app_secret) && !md.includes(sandbox.credentials.access_token));
  });

  it('fails the round trip of an app that never confirms, and the tampered redirect it accepts', async () => {
    const report = await check({ verify: false, confirm: false });
    assert.deepEqual(outcomes(report), { 'redirect.round-trip': 'fail', 'redirect.tampered-signature': 'fail' });
    const roundTrip = report.cases.find((c) => c.id === 'redirect.round-trip');
    assert.match(roundTrip?.explanation ?? '', /was not confirmed/);
    assert.ok(roundTrip?.spec.some((s) => s.quote.includes('You must confirm the resource')));
  });

  it('fails the tampered redirect of an app that confirms without checking the signature', async () => {
    const report = await check({ verify: false, confirm: true });
    assert.deepEqual(outcomes(report), { 'redirect.round-trip': 'pass', 'redirect.tampered-signature': 'fail' });
    const tampered = report.cases.find((c) => c.id === 'redirect.tampered-signature');
    assert.match(tampered?.actual ?? '', /the bill was confirmed/);
    assert.match(tampered?.explanation ?? '', /confirmed a bill from a redirect whose signature does not match/);
  });

  it('fails the round trip, and skips the tampered case, when the account details are wrong', async () => {
    app = await connectApp(sandbox, { verify: true, confirm: true });
    const c = sandbox.credentials;
    const report = await runIntegrationCheck({
      appUrl: app.url, secret: c.app_secret, timeoutMs: 3000,
      redirect: { sandboxUrl: sandbox.url, appId: c.app_id, appSecret: c.app_secret, merchantId: 'NOSUCHMERCHANT', accessToken: c.access_token, redirectUri: app.url },
    });
    assert.deepEqual(outcomes(report), { 'redirect.round-trip': 'fail', 'redirect.tampered-signature': 'skip' });
    assert.match(report.cases.find((c) => c.id === 'redirect.round-trip')?.explanation ?? '', /did not show its payment page/);
  });
});
