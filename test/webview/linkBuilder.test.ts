import assert from 'node:assert/strict';
import { hmacHex, signParams } from '../../src/core/signing';
import { BuilderHarness, HARNESS_SECRET } from './builderHarness';

describe('link builder webview (headless Chromium, built bundle)', function () {
  const harness = new BuilderHarness();

  before(async () => harness.start());
  after(async () => harness.stop());
  afterEach(async () => harness.closePage());

  it('typing updates the preview with a link signed by the host', async () => {
    const page = await harness.open();
    await page.fill('#field-amount', '12.50');
    await page.fill('#field-name', 'Invoice 42');
    await page.waitForFunction(() => document.querySelector('#link-url')?.textContent?.includes('bill%5Bname%5D=Invoice%2042'));
    const url = await page.textContent('#link-url');
    const normalized = await page.textContent('#normalized');
    const signature = await page.textContent('#signature');
    assert.ok(url?.startsWith(`${harness.origin}/connect/bills/new?`));
    assert.ok(normalized?.includes('bill%5Bamount%5D=12.50'));
    assert.equal(signature, hmacHex(normalized ?? '', HARNESS_SECRET), 'the signature is the HMAC of the shown normalized string');
    const pairs = await page.$$eval('#pairs tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(pairs.find((p) => p[0] === 'bill[merchant_id]'), ['bill[merchant_id]', 'MERCHANT1']);
    assert.match((await page.textContent('#expiry')) ?? '', /^Expires in 2 h 59 min/);
    const html = await page.content();
    assert.ok(!html.includes(HARNESS_SECRET), 'the app secret never reaches the webview');

    await page.fill('#field-amount', '99');
    await page.waitForFunction(() => document.querySelector('#normalized')?.textContent?.includes('bill%5Bamount%5D=99&'));
  });

  it('invalid input shows the named error from core validation, and no link', async () => {
    const page = await harness.open();
    await page.fill('#field-amount', '10.001');
    await page.waitForFunction(() => (document.querySelector('#field-amount-error')?.textContent ?? '') !== '');
    const error = await page.textContent('#field-amount-error');
    assert.match(error ?? '', /bill\[amount\] must have at most two decimal places/);
    assert.match(error ?? '', /rule: two-decimals/);
    assert.equal(await page.getAttribute('#field-amount', 'aria-invalid'), 'true');
    assert.equal(await page.isVisible('#preview-details'), false);

    await page.check('#type-subscription');
    await page.fill('#field-amount', '5');
    await page.fill('#field-interval_length', '0');
    await page.waitForFunction(() => (document.querySelector('#field-interval_length-error')?.textContent ?? '').includes('positive-integer'));
    assert.match((await page.textContent('#field-interval_unit-error')) ?? '', /subscription\[interval_unit\] is required/);
    assert.equal(await page.isVisible('#field-max_amount'), false, 'a subscription has no max_amount');
    assert.equal(await page.isVisible('#field-start_at'), true);
  });

  it('EUR payments take only the spec\'s countries', async () => {
    const page = await harness.open();
    await page.fill('#field-amount', '10');
    await page.selectOption('#field-currency', 'EUR');
    await page.fill('#field-user-country_code', 'GB');
    await page.waitForFunction(() => (document.querySelector('#field-user-country_code-error')?.textContent ?? '').includes('eur-country'));
    assert.equal(await page.isVisible('#eur-note'), true);
    await page.fill('#field-user-country_code', 'FR');
    await page.waitForFunction(() => document.querySelector('#normalized')?.textContent?.includes('bill%5Buser%5D%5Bcountry_code%5D=FR'));
  });

  it('renders <img src=x onerror=…> in name and description as text and runs nothing', async () => {
    const page = await harness.open();
    const name = '<img src=x onerror="window.__pwned=1">';
    const description = '</td><script>window.__pwned=2</script><b>bold</b>';
    await page.fill('#field-amount', '1');
    await page.fill('#field-name', name);
    await page.fill('#field-description', description);
    await page.waitForFunction(() => document.querySelector('#pairs')?.textContent?.includes('window.__pwned=2'));
    const pairs = await page.$$eval('#pairs tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(pairs.find((p) => p[0] === 'bill[name]'), ['bill[name]', name]);
    assert.deepEqual(pairs.find((p) => p[0] === 'bill[description]'), ['bill[description]', description]);
    assert.equal(await page.locator('#pairs img, #pairs script, #pairs b').count(), 0, 'no element was created from the values');
    assert.equal(await page.isVisible(`#pairs td:text-is(${JSON.stringify(name)})`), true, 'the text is visible');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no script ran');
  });

  it('state survives a reload (getState/setState)', async () => {
    const page = await harness.open();
    await page.check('#type-pre_authorization');
    await page.fill('#field-max_amount', '75');
    await page.fill('#field-interval_length', '1');
    await page.selectOption('#field-interval_unit', 'month');
    await page.waitForFunction(() => document.querySelector('#link-url')?.textContent?.includes('/connect/pre_authorizations/new?'));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.isChecked('#type-pre_authorization'), true);
    assert.equal(await page.inputValue('#field-max_amount'), '75');
    await page.waitForFunction(() => document.querySelector('#link-url')?.textContent?.includes('pre_authorization%5Bmax_amount%5D=75'));
  });

  it('a prefilled form from the host (JSON selection) fills the fields', async () => {
    harness.prefill = { resourceType: 'subscription', fields: { amount: '50.00', name: 'Gold membership', interval_length: '1', interval_unit: 'month', 'user[first_name]': 'Alasdair' } };
    const page = await harness.open();
    assert.equal(await page.isChecked('#type-subscription'), true);
    assert.equal(await page.inputValue('#field-user-first_name'), 'Alasdair');
    await page.waitForFunction(() => document.querySelector('#normalized')?.textContent?.includes('subscription%5Buser%5D%5Bfirst_name%5D=Alasdair'));
  });

  it('on first open says what to do, not that something is wrong', async () => {
    const page = await harness.open();
    await page.waitForFunction(() => (document.querySelector('#preview-status')?.textContent ?? '') !== '');
    assert.equal(await page.textContent('#preview-status'), 'Fill in the required fields to see the link.');
    assert.equal(await page.$$eval('[aria-invalid="true"], .error:not(:empty)', (els) => els.length), 0, 'nothing is highlighted');
  });

  for (const [width, where] of [[1200, 'beside the form (sticky column)'], [560, 'in the bar at the bottom']] as const) {
    it(`keeps the URL and its state in view while typing the last fields, ${width} px wide: ${where}`, async () => {
      const page = await harness.open();
      await page.setViewportSize({ width, height: 520 });
      await page.fill('#field-amount', '12.50');
      await page.fill('#field-state', 'order-77');
      await page.locator('#field-state').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => (document.querySelector('#link-url')?.textContent ?? '').includes('state=order-77'));
      const selector = width > 760 ? '#link-url' : '#url-bar-url';
      const box = await page.$eval(selector, (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: r.height, view: window.innerHeight }; });
      assert.ok(box.height > 0 && box.top >= 0 && box.top < box.view, `${selector} is on screen: ${JSON.stringify(box)}`);
      assert.match((await page.textContent(selector)) ?? '', /state=order-77/);
      const field = await page.$eval('#field-state', (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
      assert.ok(field, 'the field being typed in is on screen too');
    });
  }

  it('copy, open, copy as code, QR and test go through the host', async () => {
    const page = await harness.open();
    await page.fill('#field-amount', '3');
    await page.waitForFunction(() => !(document.querySelector('#copy-url') as HTMLButtonElement).disabled);
    const url = await page.textContent('#link-url');
    await page.click('#copy-url');
    await page.click('#open-url');
    await page.selectOption('#language', 'ruby');
    await page.click('#copy-code');
    await page.waitForFunction(() => document.querySelector('#code')?.textContent?.includes('GoCardless.new_bill_url'));
    assert.deepEqual(harness.clipboard.map((c) => c.what), ['url', 'code']);
    assert.equal(harness.clipboard[0]?.text, url);
    assert.deepEqual(harness.opened, [url]);

    await page.click('#show-qr');
    const qrWidth = await page.$eval('#qr', (c) => (c as HTMLCanvasElement).width);
    assert.ok(qrWidth > 100, 'the QR code is drawn');
    // The harness signs for a loopback base URL, as the local sandbox does: a phone cannot open that.
    assert.equal(await page.isVisible('#qr-note'), true);
    assert.match((await page.textContent('#qr-note')) ?? '', /^This link points at 127\.0\.0\.1 .*a phone that scans it cannot open it/);

    harness.connectReply = { status: 400, headers: { 'x-gocardless-error': 'Signature is invalid' }, body: '<p>Signature is invalid</p>' };
    await page.click('#test-link');
    await page.waitForFunction(() => document.querySelector('#test-result')?.textContent?.includes('Rejected'));
    const result = (await page.textContent('#test-result')) ?? '';
    assert.match(result, /Rejected \(HTTP 400\): "Signature is invalid"/);
    assert.match(result, /Cause: signature/);
    assert.match(result, /Diagnosis \(valid\)/, 'the host re-checks the signature with the secret: this link is signed correctly');
    harness.connectReply = { status: 200, body: '<h1>Pay</h1>' };
  });

  it('keeps working after the host receives garbage, and logs it', async () => {
    const page = await harness.open();
    await page.evaluate(() => {
      const w = window as unknown as { __toHost: (m: unknown) => void };
      w.__toHost({ kind: 'request', id: 999, name: 'buildLink', payload: { accountId: 'acc-1', form: { resourceType: 'bill', fields: { app_secret: 'x' } } } });
      w.__toHost('nonsense');
      window.postMessage({ kind: 'event', name: 'accounts', payload: { accounts: 'nope' } }, '*');
    });
    await page.fill('#field-amount', '4');
    await page.waitForFunction(() => document.querySelector('#normalized')?.textContent?.includes('bill%5Bamount%5D=4'));
    assert.ok(harness.hostLog.some((l) => l.includes('invalid payload')));
    assert.ok(harness.hostLog.some((l) => l.includes('not an object')));
  });

  it('verifies a pasted redirect and confirms its resource through the host', async () => {
    const page = await harness.open();
    const params = { resource_id: 'BILL42', resource_type: 'bill', resource_uri: `${harness.origin}/api/v1/bills/BILL42`, state: '<b>s</b>' };
    const { signature } = signParams(params, HARNESS_SECRET);
    const redirect = `https://merchant.example/done?${new URLSearchParams({ ...params, signature })}`;
    await page.fill('#redirect-url', redirect.replace(signature, '0'.repeat(64)));
    await page.click('#verify-redirect');
    await page.waitForFunction(() => document.querySelector('#redirect-result')?.textContent?.includes('Invalid redirect.'));
    assert.equal(await page.isVisible('#confirm-resource'), false, 'no Confirm for a bad signature');

    await page.fill('#redirect-url', redirect);
    await page.press('#redirect-url', 'Enter');
    await page.waitForFunction(() => document.querySelector('#redirect-result')?.textContent?.includes('Valid signature.'));
    assert.match((await page.textContent('#redirect-result')) ?? '', /Resource: bill BILL42 \(state <b>s<\/b>\)/);
    await page.click('#confirm-resource');
    await page.waitForFunction(() => document.querySelector('#confirm-result')?.textContent?.includes('Confirmed bill BILL42.'));
    assert.equal(harness.confirms.length, 1);
    assert.equal(harness.confirms[0], `Basic ${Buffer.from(`APP1:${HARNESS_SECRET}`).toString('base64')}`);
    assert.equal(await page.isDisabled('#confirm-resource'), true, 'confirmed once');
  });

  it('shows a redirect the landing page received (host event)', async () => {
    const page = await harness.open();
    harness.host.emit('redirectReceived', { url: 'http://127.0.0.1:1/gocardless/redirect?resource_id=S1', accountId: 'acc-1', check: { valid: true, resource: { id: 'S1', type: 'subscription', uri: 'http://x/api/v1/subscriptions/S1', state: null }, reason: 'Signed by the app of "Harness sandbox".' } });
    await page.waitForFunction(() => document.querySelector('#redirect-result')?.textContent?.includes('subscription S1'));
    assert.equal(await page.inputValue('#redirect-url'), 'http://127.0.0.1:1/gocardless/redirect?resource_id=S1');
    assert.equal(await page.isVisible('#confirm-resource'), true);
  });
});
