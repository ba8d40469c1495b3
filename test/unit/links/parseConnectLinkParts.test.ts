import { strict as assert } from 'node:assert';
import { buildConnectLink, ConnectLinkParseError, parseConnectLink } from '../../../src/core/links';
import { linkOptions } from './builders';

describe('links: parseConnectLink parts (issue 21)', () => {
  it('reads cancel_uri, and leaves out every optional part the link lacks', () => {
    const link = buildConnectLink(linkOptions({ cancelUri: 'https://merchant.example/cancel' }));
    const parsed = parseConnectLink(link.url);
    assert.equal(parsed.cancelUri, 'https://merchant.example/cancel');
    for (const absent of ['redirectUri', 'state']) assert.ok(!(absent in parsed), absent);

    const bare = parseConnectLink('https://gocardless.com/connect/bills/new');
    assert.deepEqual(Object.keys(bare).sort(), ['baseUrl', 'pairs', 'params', 'resource', 'resourceType']);
    assert.deepEqual(bare.resource, {});
    assert.deepEqual(bare.pairs, []);
  });

  it('keeps the signature among the pairs but not in the params', () => {
    const parsed = parseConnectLink('https://gocardless.com/connect/bills/new?bill%5Bamount%5D=10&signature=ab&client_id=C');
    assert.deepEqual(parsed.pairs, [['bill[amount]', '10'], ['signature', 'ab'], ['client_id', 'C']]);
    assert.deepEqual({ ...parsed.params }, { bill: parsed.params['bill'], client_id: 'C' });
    assert.equal(parsed.signature, 'ab');
  });

  it('a resource param that is not a hash (bill=x, bill[]=x) reads as no resource params', () => {
    assert.deepEqual(parseConnectLink('https://gocardless.com/connect/bills/new?bill=x').resource, {});
    assert.deepEqual(parseConnectLink('https://gocardless.com/connect/bills/new?bill[]=x').resource, {});
  });

  it('refuses with a message that says what a Connect link looks like', () => {
    assert.throws(() => parseConnectLink('not a url'), (e: unknown) => {
      assert.ok(e instanceof ConnectLinkParseError);
      assert.equal(e.name, 'ConnectLinkParseError');
      assert.equal(e.message, 'not a URL: a Connect link looks like https://sandbox.gocardless.com/connect/bills/new?…');
      return true;
    });
    assert.throws(() => parseConnectLink('https://gocardless.com/api/v1/bills?x=1'), (e: unknown) => {
      assert.ok(e instanceof ConnectLinkParseError);
      assert.equal(e.message, 'not a Connect link: the path must end in /connect/bills/new, /connect/subscriptions/new or /connect/pre_authorizations/new, got /api/v1/bills');
      return true;
    });
  });
});
