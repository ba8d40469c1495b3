import { strict as assert } from 'node:assert';
import { parseRedirectUrl, RedirectParseError, redirectParamsOf, verifyRedirect } from '../../../src/core/links';
import { APP_SECRET, redirectUrl } from './builders';

/** The error a redirect without `key` gets: it names the field and what GoCardless sends. */
function missing(key: string): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof RedirectParseError, String(e));
    assert.equal(e.name, 'RedirectParseError');
    assert.equal(e.field, key);
    assert.equal(e.message, `the redirect has no ${key}: GoCardless sends resource_id, resource_type, resource_uri and signature (and state when the link had one)`);
    return true;
  };
}

describe('links: redirect params as received (issue 21)', () => {
  it('reads a redirect whose signed params come first in the query (the merchant URI had none)', () => {
    // GoCardless appends its params to the redirect URI; with no query of its own, resource_id follows the `?`.
    const url = redirectUrl({}, 'https://merchant.example/return');
    assert.match(url, /\/return\?resource_id=/);
    const r = parseRedirectUrl(url);
    assert.equal(r.resource_id, 'VZUG2SC3PRT5EM');
    assert.equal(verifyRedirect(url, APP_SECRET).valid, true);
  });

  it('ignores a fragment after the query, as a browser does', () => {
    assert.equal(verifyRedirect(`${redirectUrl()}#paid`, APP_SECRET).valid, true);
  });

  it('trims a pasted query string: surrounding spaces and a newline are not part of the signature', () => {
    const search = new URL(redirectUrl({}, 'https://merchant.example/return')).search.slice(1);
    assert.match(search, /^resource_id=/);
    const v = verifyRedirect(`  ${search}\n`, APP_SECRET);
    assert.equal(v.valid, true, v.reason);
    assert.match(v.resource.signature, /^[0-9a-f]{64}$/);
  });

  it('without state, the result has no state key at all', () => {
    const r = parseRedirectUrl(redirectUrl({ resource_type: 'bill', resource_id: 'B1', resource_uri: 'https://gocardless.com/api/v1/bills/B1' }));
    assert.deepEqual(Object.keys(r).sort(), ['resource_id', 'resource_type', 'resource_uri', 'signature']);
  });

  it('an empty required param is as missing as an absent one, and the error names it', () => {
    for (const key of ['resource_id', 'resource_type', 'resource_uri', 'signature']) {
      const url = new URL(redirectUrl());
      url.searchParams.set(key, '');
      assert.throws(() => parseRedirectUrl(url.href), missing(key), key);
      assert.throws(() => verifyRedirect(url.href, APP_SECRET), missing(key), key);
      url.searchParams.delete(key);
      assert.throws(() => verifyRedirect(url.href, APP_SECRET), missing(key), key);
    }
  });

  it('refuses a resource_type other than the spec’s three with a message quoting it', () => {
    // The spec: resource_type is "The type of resource created" (bill, subscription or pre_authorization).
    assert.throws(() => parseRedirectUrl(redirectUrl({ resource_type: 'payout' })), (e: unknown) => {
      assert.ok(e instanceof RedirectParseError);
      assert.equal(e.field, 'resource_type');
      assert.equal(e.message, 'resource_type must be bill, subscription or pre_authorization, got "payout"');
      return true;
    });
    for (const type of ['bill', 'subscription', 'pre_authorization']) {
      assert.equal(parseRedirectUrl(redirectUrl({ resource_type: type })).resource_type, type);
    }
  });

  it('names the repeated field in the error', () => {
    assert.throws(() => verifyRedirect(`${redirectUrl()}&signature=00`, APP_SECRET), (e: unknown) => {
      assert.ok(e instanceof RedirectParseError);
      assert.equal(e.field, 'signature');
      assert.equal(e.message, 'signature appears more than once in the redirect: GoCardless sends each signed parameter once, so the URL was changed after signing');
      return true;
    });
  });

  it('params from a framework: a one-element array is one value; the merchant’s own params may repeat (the last wins)', () => {
    const query = Object.fromEntries(new URL(redirectUrl()).searchParams);
    const v = verifyRedirect({ ...query, resource_id: [query['resource_id']!], order: ['41', '42'] }, APP_SECRET);
    assert.equal(v.valid, true, v.reason);
    assert.equal(v.resource.resource_id, 'VZUG2SC3PRT5EM');
    assert.equal(redirectParamsOf({ order: ['41', '42'], empty: undefined }).get('order'), '42');
    assert.deepEqual([...redirectParamsOf({ order: ['41', '42'], empty: undefined }).keys()], ['order']);
    assert.equal(redirectParamsOf('order=41&order=42').get('order'), '42');
    assert.throws(() => redirectParamsOf({ state: ['a', 'b'] }), /state appears more than once/);
  });

  it('an unknown resource_type: invalid, the reason gives the type problem then the signature verdict', () => {
    const v = verifyRedirect(redirectUrl({ resource_type: 'payout', resource_id: 'P1', resource_uri: 'https://gocardless.com/api/v1/payouts/P1' }), APP_SECRET);
    assert.equal(v.valid, false);
    assert.equal(v.diagnosis.valid, true, 'the signature itself matches');
    assert.deepEqual(v.problems, ['resource_type must be bill, subscription or pre_authorization (the signature was checked anyway).']);
    assert.equal(v.reason, `resource_type must be bill, subscription or pre_authorization (the signature was checked anyway). ${v.diagnosis.reason}`);
    assert.ok(v.diagnosis.reason.length > 0);
  });

  it('a valid redirect has no problems and its reason is the diagnosis’s', () => {
    const v = verifyRedirect(redirectUrl({ state: 's1' }), APP_SECRET);
    assert.equal(v.valid, true);
    assert.deepEqual(v.problems, []);
    assert.equal(v.reason, v.diagnosis.reason);
  });

  it('re-signs state only when present: "re-sign the other 4 params (3 if state is not used)"', () => {
    const withState = verifyRedirect(redirectUrl({ state: 's1' }), APP_SECRET);
    assert.match(withState.diagnosis.expected.normalized, /&state=s1$/);
    const without = verifyRedirect(redirectUrl(), APP_SECRET);
    assert.doesNotMatch(without.diagnosis.expected.normalized, /state/);
  });
});
