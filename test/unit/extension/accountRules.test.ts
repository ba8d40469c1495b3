import * as assert from 'node:assert/strict';
import { accountLabel, fixedBaseUrl, isAccountInfo, isAccountSecrets, isLive } from '../../../src/extension/accounts/Account';
import { normalizeBaseUrl, validateAccountField } from '../../../src/extension/accounts/validateAccountField';

describe('account fields', () => {
  it('names the rule each bad value breaks', () => {
    assert.match(validateAccountField('name', '  ') ?? '', /required/);
    assert.match(validateAccountField('name', 'x'.repeat(61)) ?? '', /at most 60/);
    assert.match(validateAccountField('name', 'acme', ['Acme']) ?? '', /already exists/);
    assert.equal(validateAccountField('name', 'Acme 2', ['Acme']), undefined);
    assert.match(validateAccountField('appId', 'a b') ?? '', /letters, digits/);
    assert.match(validateAccountField('merchantId', '') ?? '', /required/);
    assert.match(validateAccountField('appSecret', 'has space') ?? '', /spaces/);
    assert.match(validateAccountField('accessToken', 'bearer abc') ?? '', /without "bearer "/);
    assert.equal(validateAccountField('accessToken', 'MvYX0i6snRh3gevXWbE5a56blveHqPLpLFjfOuZoWusd5AewvXuhcMU/1PXfPoc6'), undefined);
  });

  it('accepts https anywhere and plain http only on loopback', () => {
    assert.equal(validateAccountField('baseUrl', 'https://sandbox.gocardless.com'), undefined);
    assert.equal(validateAccountField('baseUrl', 'http://127.0.0.1:8080'), undefined);
    assert.equal(validateAccountField('baseUrl', 'http://localhost:3000/'), undefined);
    assert.match(validateAccountField('baseUrl', 'http://example.com') ?? '', /loopback/);
    assert.match(validateAccountField('baseUrl', 'ftp://127.0.0.1') ?? '', /http or https/);
    assert.match(validateAccountField('baseUrl', 'not a url') ?? '', /absolute URL/);
    assert.match(validateAccountField('baseUrl', 'https://a.test/?x=1') ?? '', /query/);
    assert.match(validateAccountField('baseUrl', 'https://u:p@a.test') ?? '', /credentials/);
    assert.equal(normalizeBaseUrl(' http://127.0.0.1:8080// '), 'http://127.0.0.1:8080');
  });

  it('resolves environments and marks live ones', () => {
    assert.equal(fixedBaseUrl({ environment: 'live' }), 'https://gocardless.com');
    assert.equal(fixedBaseUrl({ environment: 'sandbox' }), 'https://sandbox.gocardless.com');
    assert.equal(fixedBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:1' }), 'http://127.0.0.1:1');
    assert.equal(fixedBaseUrl({ environment: 'local' }), undefined);
    assert.equal(isLive({ environment: 'live' }), true);
    assert.equal(accountLabel({ name: 'Shop', environment: 'live' }), 'Shop (LIVE)');
    assert.equal(accountLabel({ name: 'Shop', environment: 'sandbox' }), 'Shop');
  });

  it('guards what comes back from storage', () => {
    const good = { id: '1', name: 'A', environment: 'sandbox', appId: 'APP', merchantId: 'M' };
    assert.equal(isAccountInfo(good), true);
    assert.equal(isAccountInfo({ ...good, environment: 'staging' }), false);
    assert.equal(isAccountInfo({ ...good, baseUrl: 3 }), false);
    assert.equal(isAccountInfo(null), false);
    assert.equal(isAccountSecrets({ appSecret: 's', accessToken: 't' }), true);
    assert.equal(isAccountSecrets({ appSecret: 's' }), false);
  });
});
