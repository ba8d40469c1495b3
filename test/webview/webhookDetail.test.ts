import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HostMessenger, webhookDetailProtocol } from '../../src/core/protocol';
import { expectedWebhookSignature, verifyWebhookDelivery, resignPayload, toWebhookDetailView, type WebhookDelivery } from '../../src/core/webhooks';
import { webhookDetailHtml } from '../../src/extension/webhooks/webhookDetailHtml';

const ROOT = resolve(__dirname, '../..');
// Where npm test installs it on Debian; GCDEV_CHROMIUM elsewhere (as scripts/host/paths.mjs).
const CHROMIUM = process.env.GCDEV_CHROMIUM ?? '/usr/bin/chromium';
const SECRET = 'detail-harness-secret';
const MARKUP_NAME = '<img src=x onerror="window.__pwned=1">';
const MARKUP_ID = '</td><script>window.__pwned=2</script><b>B1</b>';

/** A delivery as the listener would record it, from a body holding markup in its values. */
function markupDelivery(tampered: boolean): WebhookDelivery {
  const payload = resignPayload({ resource_type: 'bill', action: 'paid', bills: [{ id: MARKUP_ID, status: 'paid', name: MARKUP_NAME, amount: '20.0' }] }, SECRET);
  const body = JSON.stringify({ payload: tampered ? { ...payload, bills: [{ id: MARKUP_ID, status: 'paid', name: MARKUP_NAME, amount: '2000.0' }] } : payload });
  const check = verifyWebhookDelivery(body, [{ id: 'acc', name: 'Harness <b>account</b>', secret: SECRET }]);
  return {
    id: 'wh_test1', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: '/<i>hook</i>',
    headers: { 'content-type': 'application/json', 'x-evil': '<svg onload="window.__pwned=3">' }, body, bodyBytes: body.length,
    verification: check.verification, resourceType: check.resourceType, action: check.action, objectIds: check.objectIds,
    response: { status: tampered ? 403 : 200 }, attempt: 1,
  };
}

describe('webhook detail webview (headless Chromium, built bundle)', function () {
  let server: Server;
  let browser: Browser;
  let origin = '';
  let delivery: WebhookDelivery;
  const requests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
    if (!existsSync(join(ROOT, 'dist/webview/webhookDetail.js'))) throw new Error('dist/webview/webhookDetail.js is missing: run npm run build');
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(webhookDetailHtml({ cspSource: origin, nonce: randomBytes(16).toString('base64'), scriptUri: `${origin}/dist/webview/webhookDetail.js`, styleUri: `${origin}/media/webhookDetail.css` }));
      } else if (path === '/dist/webview/webhookDetail.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(readFileSync(join(ROOT, path)));
      } else if (path === '/media/webhookDetail.css') {
        res.writeHead(200, { 'content-type': 'text/css' });
        res.end(readFileSync(join(ROOT, path)));
      } else { res.writeHead(404); res.end(); }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  async function open(d: WebhookDelivery): Promise<Page> {
    delivery = d;
    const page = await (await browser.newContext()).newPage();
    const host = new HostMessenger({
      protocol: webhookDetailProtocol, readyRequest: 'ready', log: () => undefined,
      post: (m) => void page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => undefined),
      handlers: {
        ready: () => toWebhookDetailView(delivery, { secret: SECRET }),
        replay: () => { requests.push('replay'); return { message: 'replayed <b>ok</b>' }; },
        resend: ({ target }) => { requests.push(`resend:${target}`); return { message: 'sent' }; },
        copyCurl: () => ({ message: 'copied' }),
        exportFixture: () => ({ message: 'saved' }),
        reveal: ({ id }) => { requests.push(`reveal:${id}`); return { message: `revealed ${id}` }; },
        // The panel's handler computes it with expectedWebhookSignature on the click; the page must only show it.
        expectedSignature: () => {
          requests.push('expectedSignature');
          const expected = expectedWebhookSignature(delivery, SECRET);
          if (!expected) throw new Error('no payload');
          return { account: 'Sandbox <i>merchant</i>', signature: expected.signature, normalized: expected.normalized };
        },
        // From the API, so from the network: markup in it must show as text too.
        currentStatuses: () => ({ account: 'Acme', statuses: delivery.objectIds.map((id) => ({ id, status: '<b>paid</b>', error: null })) }),
      },
    });
    await page.exposeFunction('__toHost', (m: unknown) => host.receive(m));
    await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined });`);
    await page.goto(`${origin}/`);
    await page.waitForSelector('#verdict', { timeout: 10_000 });
    return page;
  }

  it('wraps the Objects table inside a narrow panel (long ids and URIs do not push columns off-screen)', async () => {
    const long = 'https://connect.gocardless.com/api/v1/bills/' + 'B'.repeat(60);
    const payload = resignPayload({
      resource_type: 'bill', action: 'paid',
      bills: [{ id: '0NZ71WBMVF', status: 'paid', source_type: 'subscription', source_id: 'S'.repeat(40), uri: long, amount: '20.0', amount_minus_fees: '19.8', paid_at: '2026-01-01T00:00:00Z' }],
    }, SECRET);
    const body = JSON.stringify({ payload });
    const check = verifyWebhookDelivery(body, [{ id: 'acc', name: 'Acme', secret: SECRET }]);
    const page = await open({
      id: 'wh_wide', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: '/', headers: {}, body, bodyBytes: body.length,
      verification: check.verification, resourceType: check.resourceType, action: check.action, objectIds: check.objectIds, response: { status: 200 }, attempt: 1,
    });
    try {
      await page.setViewportSize({ width: 480, height: 800 });
      const widths = await page.$eval('#objects', (t) => ({ table: t.getBoundingClientRect().right, body: document.body.clientWidth, scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      assert.ok(widths.table <= widths.view, `the table ends inside the panel: ${JSON.stringify(widths)}`);
      const wide = await page.$$eval('body *', (els) => els.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).map((e) => `${e.tagName}#${e.id}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`));
      assert.ok(widths.scroll <= widths.view, `no horizontal scrolling: ${JSON.stringify(widths)} ${wide.join(' | ')}`);
    } finally {
      await page.close();
    }
  });

  it('renders a payload containing markup as text, and runs nothing', async () => {
    const page = await open(markupDelivery(false));
    assert.equal(await page.textContent('#verdict'), 'valid');
    const cells = await page.$$eval('#objects td', (tds) => tds.map((td) => td.textContent));
    assert.ok(cells.includes(MARKUP_NAME), 'the name is shown as typed');
    assert.ok(cells.includes(MARKUP_ID), 'the id is shown as typed');
    await page.waitForFunction(() => document.querySelector('#objects td.status-now')?.textContent !== '…');
    assert.equal(await page.textContent('#objects td.status-now'), '<b>paid</b>', 'the current status from the API, as text');
    assert.ok((await page.textContent('#payload'))?.includes(JSON.stringify(MARKUP_NAME)), 'the payload shows the markup as JSON text');
    assert.ok((await page.textContent('#headers'))?.includes('<svg onload="window.__pwned=3">'));
    assert.equal(await page.locator('main img, main script, main svg, main b, main i').count(), 0, 'no element was made from the data');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no script ran');
    const html = await page.content();
    assert.ok(!html.includes(SECRET), 'the app secret never reaches the webview');
    // The expected normalized string of a valid delivery is recomputed for display.
    assert.ok((await page.textContent('#expected-normalized'))?.includes('bills%5B%5D%5Bamount%5D=20.0'));
    // media/webhookDetail.css loads under the page's CSP: a normalized string is one block, so its background does
    // not hide the underscores of the line above (amount_minus_fees read "amount minus fees").
    assert.equal(await page.$eval('#expected-normalized', (e) => getComputedStyle(e).display), 'block', 'the stylesheet applies');
    await page.click('#objects a');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('revealed'));
    assert.equal(requests.at(-1), `reveal:${MARKUP_ID}`);
    await page.context().close();
  });

  it('shows the diagnosis of a tampered webhook: the received signature, never the expected one unasked', async () => {
    const page = await open(markupDelivery(true));
    assert.equal(await page.textContent('#verdict'), 'invalid');
    // The view of a delivery never carries the signature the secret gives its payload (issue 16: a signing oracle);
    // it is computed only on an explicit request for that delivery (expectedWebhookSignature).
    assert.equal(await page.textContent('#expected-signature'), '');
    assert.equal(await page.isVisible('#expected-signature'), false, 'no empty box beside the button');
    assert.ok(!requests.includes('expectedSignature'), 'nothing asked for it before the click');
    const received = await page.textContent('#received-signature');
    assert.match(received ?? '', /^[0-9a-f]{64}$/);
    assert.ok((await page.textContent('#expected-normalized'))?.includes('2000.0'));
    assert.match((await page.textContent('#signature')) ?? '', /changed after signing|different secret/);
    await page.click('#replay');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'replayed <b>ok</b>');
    assert.equal(await page.locator('#status b').count(), 0);
    // On the user's click, and only then, the host computes it and the page shows it as text.
    await page.click('#show-expected-signature');
    await page.waitForFunction(() => /^[0-9a-f]{64}$/.test(document.querySelector('#expected-signature')?.textContent ?? ''));
    assert.equal(requests.filter((r) => r === 'expectedSignature').length, 1);
    assert.equal(await page.textContent('#expected-signature'), expectedWebhookSignature(delivery, SECRET)?.signature);
    assert.notEqual(await page.textContent('#expected-signature'), received);
    assert.equal(await page.isVisible('#expected-signature'), true);
    assert.equal(await page.locator('#show-expected-signature').count(), 0, 'the button goes once it has answered');
    assert.equal(await page.locator('main i').count(), 0, 'the account name is text');
    await page.context().close();
  });
});
