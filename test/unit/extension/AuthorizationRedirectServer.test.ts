import * as assert from 'node:assert/strict';
import { AuthorizationRedirectServer } from '../../../src/extension/accounts/AuthorizationRedirectServer';
import { navigate, rawRequest, webPageAttacks } from './browserRequests';

describe('AuthorizationRedirectServer (partner OAuth against the local sandbox)', () => {
  let redirect: AuthorizationRedirectServer | undefined;

  afterEach(async () => {
    await redirect?.dispose();
    redirect = undefined;
  });

  it('listens on 127.0.0.1 and resolves with the code of the redirect carrying our state', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 's1' });
    assert.match(redirect.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const page = await navigate(`${redirect.redirectUri}?code=abc&state=s1`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.match(page.body, /Merchant connected/);
    assert.deepEqual(await redirect.result, { code: 'abc', state: 's1' });
  });

  it('ignores redirects with another state, other paths and methods, and keeps waiting', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 'mine' });
    assert.equal((await navigate(`${redirect.redirectUri}?code=x&state=theirs`)).status, 400);
    assert.equal((await navigate(`${redirect.redirectUri}?code=x`)).status, 400);
    assert.equal((await navigate(redirect.redirectUri.replace('/oauth/callback', '/other'))).status, 404);
    assert.equal((await rawRequest(`${redirect.redirectUri}?code=x&state=mine`, { method: 'POST' })).status, 405);
    assert.equal((await navigate(`${redirect.redirectUri}?state=mine&x=${'a'.repeat(9000)}`)).status, 414);
    assert.equal((await navigate(`${redirect.redirectUri}?state=mine`)).status, 400, 'neither code nor error');
    assert.equal((await navigate(`${redirect.redirectUri}?error=access_denied&error_description=No%20thanks&state=mine`)).status, 200);
    assert.deepEqual(await redirect.result, { error: 'access_denied', description: 'No thanks', state: 'mine' });
  });

  it('refuses what a script on a web page can send, even with the right state, and keeps waiting (403 with a reason)', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 'mine' });
    const url = `${redirect.redirectUri}?code=stolen&state=mine`;
    for (const attack of webPageAttacks(url)) {
      const answer = await attack.send();
      assert.equal(answer.status, attack.name.includes('POST') ? 405 : 403, attack.name);
      if (answer.status === 403) assert.match(answer.body, /Origin|Host|navigation/, `${attack.name}: the answer says why`);
    }
    // A browser without Sec-Fetch-* (older ones) navigating with the right Host is still accepted.
    assert.equal((await rawRequest(`${redirect.redirectUri}?code=real&state=mine`)).status, 200);
    assert.deepEqual(await redirect.result, { code: 'real', state: 'mine' });
  });

  it('accepts the forwarded address a remote window registers, and nothing else', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 's' });
    assert.equal((await navigate(`${redirect.redirectUri}?code=c&state=s`, { host: 'workspace.example:8443' })).status, 403);
    redirect.allowHost('workspace.example:8443');
    // code-server's /proxy/<port>/ forwards the path with a doubled leading slash.
    const doubled = redirect.redirectUri.replace('/oauth/callback', '//oauth/callback');
    assert.equal((await navigate(`${doubled}?code=c&state=s`, { host: 'workspace.example:8443' })).status, 200);
  });

  it('stops listening once it has its answer', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 's' });
    const uri = redirect.redirectUri;
    await navigate(`${uri}?code=c&state=s`);
    await redirect.result;
    await redirect.dispose();
    await assert.rejects(fetch(`${uri}?code=c&state=s`));
  });

  it('rejects when disposed or timed out before any redirect', async () => {
    redirect = await AuthorizationRedirectServer.start({ expectedState: 's' });
    const pending = redirect.result;
    await redirect.dispose();
    await assert.rejects(pending, /abandoned/);
    redirect = await AuthorizationRedirectServer.start({ expectedState: 's', timeoutMs: 1 });
    await assert.rejects(redirect.result, /Timed out/);
  });
});
