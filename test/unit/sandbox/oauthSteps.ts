import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/core/sandbox';

const REDIRECT = 'https://merchant.example/oauth/callback';

/** Walks /oauth/authorize → approve (new merchant) → /oauth/access_token over HTTP. */
export async function authorizeNewMerchant(sb: RunningSandbox, name: string, state = 'xyz'): Promise<{ id: string; token: string; code: string }> {
  const authorize = new URL('/oauth/authorize', sb.url);
  authorize.search = new URLSearchParams({
    client_id: sb.credentials.app_id, redirect_uri: REDIRECT, scope: 'manage_merchant', response_type: 'code', state,
    'merchant[name]': name, 'merchant[user][email]': 'owner@example.com', 'merchant[user][first_name]': 'Roy',
  }).toString();
  const page = await fetch(authorize);
  const html = await page.text();
  assert.equal(page.status, 200, html);
  assert.ok(html.includes(`value="${name.replace(/'/g, '&#39;')}"`), 'the merchant name is prefilled, escaped');
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const approve = await fetch(new URL('/oauth/authorize', sb.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision: 'approve', merchant: 'new', name, email: 'owner@example.com', first_name: 'Roy', last_name: 'Roy' }).toString(),
  });
  assert.equal(approve.status, 302);
  const location = new URL(approve.headers.get('location')!);
  assert.equal(location.origin + location.pathname, REDIRECT);
  assert.equal(location.searchParams.get('state'), state);
  const code = location.searchParams.get('code')!;
  const exchanged = await exchange(sb, code);
  assert.equal(exchanged.status, 200);
  const body = exchanged.json as { access_token: string; token_type: string; scope: string };
  assert.equal(body.token_type, 'bearer');
  const id = /^manage_merchant:(.+)$/.exec(body.scope)![1]!;
  return { id, token: body.access_token, code };
}

export async function exchange(sb: RunningSandbox, code: string, overrides: Record<string, string> = {}, secret = sb.credentials.app_secret): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL('/oauth/access_token', sb.url), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sb.credentials.app_id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ client_id: sb.credentials.app_id, code, redirect_uri: REDIRECT, grant_type: 'authorization_code', ...overrides }).toString(),
  });
  return { status: res.status, json: await res.json() };
}

export const OAUTH_REDIRECT = REDIRECT;

/** Links an existing merchant (e.g. the seeded international one) through the authorize page; its id and token. */
export async function authorizeExistingMerchant(sb: RunningSandbox, merchantId: string): Promise<{ id: string; token: string }> {
  const authorize = new URL('/oauth/authorize', sb.url);
  authorize.search = new URLSearchParams({ client_id: sb.credentials.app_id, redirect_uri: REDIRECT, scope: 'manage_merchant', response_type: 'code' }).toString();
  const html = await (await fetch(authorize)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const approve = await fetch(new URL('/oauth/authorize', sb.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision: 'approve', merchant: merchantId }).toString(),
  });
  const code = new URL(approve.headers.get('location')!).searchParams.get('code')!;
  const body = (await exchange(sb, code)).json as { access_token: string; scope: string };
  assert.equal(body.scope, `manage_merchant:${merchantId}`);
  return { id: merchantId, token: body.access_token };
}
