import assert from 'node:assert/strict';
import { isHttpUrl, sameOrigin } from '../../../src/core/sandbox/uriMatch';

describe('uriMatch (redirect_uri and cancel_uri against the registered URIs)', () => {
  // The spec, troubleshooting "Redirect uri does not match the uri registered in the developer panel":
  // "Please ensure that the port, scheme, host and domain of the two redirect URIs match."
  it('matches scheme, host and port, not the path', () => {
    assert.equal(sameOrigin('https://shop.example/a?x=1', 'https://shop.example/b'), true);
    assert.equal(sameOrigin('https://shop.example:443/a', 'https://shop.example/b'), true, 'the default port made explicit');
    assert.equal(sameOrigin('http://shop.example/a', 'https://shop.example/a'), false, 'scheme');
    assert.equal(sameOrigin('https://other.example/a', 'https://shop.example/a'), false, 'host');
    assert.equal(sameOrigin('https://shop.example:8443/a', 'https://shop.example/a'), false, 'port');
  });

  it('matches nothing when no URI is registered or either one is not a URL', () => {
    assert.equal(sameOrigin('https://shop.example/a', null), false);
    assert.equal(sameOrigin('not a url', 'https://shop.example/a'), false);
    assert.equal(sameOrigin('https://shop.example/a', 'not a url'), false);
  });

  it('takes only http and https URLs as redirect targets', () => {
    assert.equal(isHttpUrl('https://shop.example/a'), true);
    assert.equal(isHttpUrl('http://localhost:3000/done'), true);
    assert.equal(isHttpUrl('javascript:alert(1)'), false);
    assert.equal(isHttpUrl('not a url'), false);
  });
});
