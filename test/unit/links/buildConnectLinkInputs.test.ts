import { strict as assert } from 'node:assert';
import { buildConnectLink } from '../../../src/core/links';
import { ValidationError } from '../../../src/core/validation';
import { APP_SECRET, linkOptions, subscriptionResource } from './builders';

/** The [field, rule] of each issue buildConnectLink throws for these options. */
function issuesOf(overrides: Parameters<typeof linkOptions>[0]): string[][] {
  try {
    buildConnectLink(linkOptions(overrides));
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    assert.ok(!e.message.includes(APP_SECRET));
    return e.issues.map((i) => [i.field, i.rule]);
  }
  assert.fail('expected a ValidationError');
}

describe('links: buildConnectLink inputs (issue 21)', () => {
  it('names client_id and nonce when they are not text, and app_secret and nonce when empty', () => {
    assert.deepEqual(issuesOf({ appId: {} as never }), [['client_id', 'type']]);
    assert.deepEqual(issuesOf({ nonce: {} as never }), [['nonce', 'type']]);
    assert.deepEqual(issuesOf({ nonce: '' }), [['nonce', 'required']]);
    assert.deepEqual(issuesOf({ appSecret: '' }), [['app_secret', 'required']]);
  });

  it('refuses an invalid Date as the timestamp with an issue, not a RangeError', () => {
    assert.deepEqual(issuesOf({ timestamp: new Date('not a date') }), [['timestamp', 'utc-timestamp']]);
  });

  it('with a bad timestamp, still checks dates against the clock and lists both problems', () => {
    // The dates must follow the link's time; without a usable timestamp that time is the clock's now.
    const clock = (): number => Date.parse('2030-01-01T08:00:00Z');
    assert.deepEqual(issuesOf({ timestamp: 'yesterday', clock, resource: subscriptionResource({ start_at: '2029-12-31' }) }), [
      ['timestamp', 'utc-timestamp'], ['subscription[start_at]', 'future'],
    ]);
    assert.deepEqual(issuesOf({ timestamp: 'yesterday', clock, resource: subscriptionResource({ start_at: '2030-01-02' }) }), [
      ['timestamp', 'utc-timestamp'],
    ]);
  });

  it('defaults to the sandbox when no environment is given (the spec’s sandbox host)', () => {
    const link = buildConnectLink(linkOptions({ environment: undefined }));
    assert.equal(link.baseUrl, 'https://sandbox.gocardless.com');
    assert.ok(link.url.startsWith('https://sandbox.gocardless.com/connect/subscriptions/new?'));
  });

  it('an all-blank user is left out of the params, not kept as an empty object', () => {
    const link = buildConnectLink(linkOptions({ resource: subscriptionResource({ user: { email: '', first_name: '' } }) }));
    assert.deepEqual(link.params['subscription'], subscriptionResource());
    const kept = buildConnectLink(linkOptions({ resource: subscriptionResource({ user: { email: 'a@b.co', first_name: '' } }) }));
    assert.deepEqual(kept.params['subscription'], subscriptionResource({ user: { email: 'a@b.co' } }));
  });

  it('refuses a hash where text is expected, and a list as the user, rather than dropping or reshaping them', () => {
    // Only the user's blank fields are dropped: anything else that is not text reaches validation as given.
    assert.deepEqual(issuesOf({ resource: subscriptionResource({ name: { a: '' } } as never) }), [['subscription[name]', 'type']]);
    assert.deepEqual(issuesOf({ resource: subscriptionResource({ user: ['x'] } as never) }), [['subscription[user]', 'type']]);
  });

  it('leaves unset optional URIs and state out of the params entirely', () => {
    const link = buildConnectLink(linkOptions());
    assert.deepEqual(Object.keys(link.params).sort(), ['client_id', 'nonce', 'subscription', 'timestamp']);
    const all = buildConnectLink(linkOptions({ redirectUri: 'https://m.example/ok', cancelUri: 'https://m.example/no', state: 's' }));
    assert.deepEqual(Object.keys(all.params).sort(), ['cancel_uri', 'client_id', 'nonce', 'redirect_uri', 'state', 'subscription', 'timestamp']);
    assert.equal(all.params['cancel_uri'], 'https://m.example/no');
  });
});
