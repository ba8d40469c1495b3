// A small GoCardless Basic API (v1) integration with no dependencies: a payment link, the redirect and its
// confirmation, webhooks, and the merchant's bills. Read it top to bottom; each handler is one step of the
// API reference. Configuration comes from the environment (see README.md), never from this file.
'use strict';
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { billLink, hasValidSignature } = require('./gocardless');

const config = {
  baseUrl: required('GOCARDLESS_BASE_URL').replace(/\/+$/, ''),
  appId: required('GOCARDLESS_APP_ID'),
  appSecret: required('GOCARDLESS_APP_SECRET'),
  merchantId: required('GOCARDLESS_MERCHANT_ID'),
  accessToken: required('GOCARDLESS_ACCESS_TOKEN'),
  port: Number(process.env.PORT || 3000),
};

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set. See README.md: the GoCardless extension's "sandbox + webhooks" debug configuration sets it.`);
    process.exit(2);
  }
  return value;
}

const MAX_BODY_BYTES = 256 * 1024;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || 'localhost'}`);
  try {
    if (req.method === 'GET' && url.pathname === '/') return home(res);
    if (req.method === 'POST' && url.pathname === '/pay') return await pay(req, res);
    if (req.method === 'GET' && url.pathname === '/return') return await confirmReturn(url, res);
    if (req.method === 'POST' && url.pathname === '/webhooks') return await webhook(req, res);
    if (req.method === 'GET' && url.pathname === '/bills') return await bills(url, res);
    send(res, 404, 'text/plain', 'Not found');
  } catch (error) {
    console.error(`${req.method} ${url.pathname}:`, error);
    send(res, 500, 'text/plain', 'Something went wrong; see the server log.');
  }
});

/** A form for a one-off bill. */
function home(res) {
  page(res, 200, 'Pay by Direct Debit', `
    <form method="post" action="/pay">
      <label>Amount (GBP) <input name="amount" value="20.00" pattern="\\d+(\\.\\d{2})?" required></label>
      <label>What for <input name="name" value="Order" maxlength="100" required></label>
      <button>Pay with GoCardless</button>
    </form>
    <p><a href="/bills">The merchant's bills</a></p>`);
}

/** Step 1: send the customer to GoCardless with a signed Connect link. */
async function pay(req, res) {
  const form = new URLSearchParams(await readBody(req));
  const amount = form.get('amount') || '';
  if (!/^\d+(\.\d{2})?$/.test(amount)) return page(res, 400, 'Check the amount', '<p>The amount must look like 20.00.</p>');
  const link = billLink({ ...config, amount, name: form.get('name') || 'Order', state: randomUUID() });
  res.writeHead(303, { Location: link }).end();
}

/**
 * Step 2: the customer comes back with resource_id, resource_type, resource_uri, state and signature.
 * Check the signature, then confirm: "If you don't confirm, the resource will be removed."
 */
async function confirmReturn(url, res) {
  const params = Object.fromEntries(url.searchParams);
  if (url.searchParams.getAll('signature').length !== 1 || !hasValidSignature(params, config.appSecret)) {
    return page(res, 403, 'Payment not confirmed', '<p>The link you came back with is not signed by GoCardless.</p>');
  }
  const answer = await api('POST', '/api/v1/confirm', {
    auth: `Basic ${Buffer.from(`${config.appId}:${config.appSecret}`).toString('base64')}`,
    body: { resource_id: params.resource_id, resource_type: params.resource_type },
  });
  if (answer.status !== 200) return page(res, 502, 'Payment not confirmed', `<p>GoCardless answered ${answer.status}: ${escapeHtml(answer.text)}</p>`);
  page(res, 200, 'Thank you', `<p>Your ${escapeHtml(params.resource_type)} ${escapeHtml(params.resource_id)} is confirmed.</p><p><a href="/bills">The merchant's bills</a></p>`);
}

/**
 * Step 3: webhooks. "respond with status HTTP/1.1 200 OK within 5 seconds" to a genuine one; refuse one whose
 * signature does not match ("this prevents attackers imitating valid web hooks"). The same webhook may come
 * twice: handle it idempotently.
 */
async function webhook(req, res) {
  let payload;
  try {
    payload = JSON.parse(await readBody(req)).payload;
  } catch {
    return send(res, 400, 'text/plain', 'Not JSON');
  }
  if (!payload || typeof payload !== 'object' || !hasValidSignature(payload, config.appSecret)) {
    return send(res, 403, 'text/plain', 'Signature does not match');
  }
  const objects = payload[`${payload.resource_type}s`] || [];
  console.log(`webhook: ${payload.resource_type} ${payload.action}: ${objects.map((o) => o.id).join(', ')}`);
  send(res, 200, 'text/plain', 'OK');
}

/** The merchant's bills, newest page last as the API lists them; ?status=paid filters. */
async function bills(url, res) {
  const query = new URLSearchParams({ per_page: '20', page: url.searchParams.get('page') || '1' });
  const status = url.searchParams.get('status');
  if (status) query.set('status', status);
  const answer = await api('GET', `/api/v1/merchants/${encodeURIComponent(config.merchantId)}/bills?${query}`, { auth: `bearer ${config.accessToken}` });
  if (answer.status !== 200) return page(res, 502, 'Bills', `<p>GoCardless answered ${answer.status}: ${escapeHtml(answer.text)}</p>`);
  const rows = JSON.parse(answer.text).map((b) => `<tr><td>${escapeHtml(b.id)}</td><td>${escapeHtml(b.amount)}</td><td>${escapeHtml(b.status)}</td><td>${escapeHtml(b.name || '')}</td></tr>`);
  const pagination = answer.headers.get('x-pagination');
  page(res, 200, 'Bills', `<table><tr><th>id</th><th>amount</th><th>status</th><th>name</th></tr>${rows.join('')}</table>
    <p>${escapeHtml(pagination || '')}</p><p><a href="/">Pay</a></p>`);
}

async function api(method, path, { auth, body }) {
  const response = await fetch(config.baseUrl + path, {
    method,
    headers: { Accept: 'application/json', Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, type, text) {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` }).end(text);
}

function page(res, status, title, body) {
  send(res, status, 'text/html', `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

server.listen(config.port, '127.0.0.1', () => {
  console.log(`Sample integration on http://127.0.0.1:${server.address().port}/ (webhooks: /webhooks, redirect: /return)`);
});
