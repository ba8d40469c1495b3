import * as assert from 'node:assert/strict';
import { LoopbackRedirect } from '../../../src/extension/oauth/LoopbackRedirect';

describe('LoopbackRedirect (partner OAuth against the local sandbox)', () => {
  let redirect: LoopbackRedirect | undefined;

  afterEach(async () => {
    await redirect?.dispose();
    redirect = undefined;
  });

  it('listens on 127.0.0.1 and resolves with the code of the redirect carrying our state', async () => {
    redirect = await LoopbackRedirect.start({ expectedState: 's1' });
    assert.match(redirect.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const page = await fetch(`${redirect.redirectUri}?code=abc&state=s1`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await page.text(), /Merchant connected/);
    assert.deepEqual(await redirect.result, { code: 'abc', state: 's1' });
  });

  it('ignores redirects with another state, other paths and methods, and keeps waiting', async () => {
    redirect = await LoopbackRedirect.start({ expectedState: 'mine' });
    assert.equal((await fetch(`${redirect.redirectUri}?code=x&state=theirs`)).status, 400);
    assert.equal((await fetch(`${redirect.redirectUri}?code=x`)).status, 400);
    assert.equal((await fetch(redirect.redirectUri.replace('/oauth/callback', '/other'))).status, 404);
    assert.equal((await fetch(`${redirect.redirectUri}?code=x&state=mine`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${redirect.redirectUri}?state=mine&x=${'a'.repeat(9000)}`)).status, 414);
    assert.equal((await fetch(`${redirect.redirectUri}?state=mine`)).status, 400, 'neither code nor error');
    assert.equal((await fetch(`${redirect.redirectUri}?error=access_denied&error_description=No%20thanks&state=mine`)).status, 200);
    assert.deepEqual(await redirect.result, { error: 'access_denied', description: 'No thanks', state: 'mine' });
  });

  it('stops listening once it has its answer', async () => {
    redirect = await LoopbackRedirect.start({ expectedState: 's' });
    const uri = redirect.redirectUri;
    await fetch(`${uri}?code=c&state=s`);
    await redirect.result;
    await redirect.dispose();
    await assert.rejects(fetch(`${uri}?code=c&state=s`));
  });

  it('rejects when disposed or timed out before any redirect', async () => {
    redirect = await LoopbackRedirect.start({ expectedState: 's' });
    const pending = redirect.result;
    await redirect.dispose();
    await assert.rejects(pending, /abandoned/);
    redirect = await LoopbackRedirect.start({ expectedState: 's', timeoutMs: 1 });
    await assert.rejects(redirect.result, /Timed out/);
  });
});
