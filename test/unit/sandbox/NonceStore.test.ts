import assert from 'node:assert/strict';
import { NONCE_WINDOW_MS, NonceStore } from '../../../src/core/sandbox/NonceStore';

const HOUR = 3_600_000;

describe('NonceStore (Connect link nonces)', () => {
  // The spec, Connect parameters: "nonce required A random string to ensure the uniqueness of each request. …
  // The nonce is stored for a period of 3 hours, after which it may be re-used."
  it('the spec\'s window is 3 hours', () => {
    assert.equal(NONCE_WINDOW_MS, 3 * HOUR);
  });

  it('refuses a nonce used again within 3 hours, and takes it back after', () => {
    const nonces = new NonceStore();
    assert.equal(nonces.use('app', 'n1', 0), true);
    assert.equal(nonces.use('app', 'n1', 0), false, 'the same nonce at once is a replay');
    assert.equal(nonces.use('app', 'n1', 3 * HOUR - 1), false, 'just inside 3 hours');
    assert.equal(nonces.use('app', 'n1', 3 * HOUR), true, '"after which it may be re-used"');
  });

  it('keeps nonces per app', () => {
    const nonces = new NonceStore();
    assert.equal(nonces.use('app-a', 'n1', 0), true);
    assert.equal(nonces.use('app-b', 'n1', 0), true);
  });

  it('remembers a nonce as long as its link stays acceptable, when that is longer than 3 hours', () => {
    const nonces = new NonceStore();
    assert.equal(nonces.use('app', 'n1', 0, 6 * HOUR), true);
    assert.equal(nonces.use('app', 'n1', 5 * HOUR), false, 'the link itself could still be opened');
    assert.equal(nonces.use('app', 'n1', 6 * HOUR), true);
  });

  it('frees a nonce after 3 hours even when the clock stepped back in between', () => {
    const nonces = new NonceStore();
    assert.equal(nonces.use('app', 'late', 10 * HOUR), true);
    // The clock is set back (NTP, a VM resumed): this nonce is recorded after one stamped later.
    assert.equal(nonces.use('app', 'n1', 0), true);
    assert.equal(nonces.use('app', 'n1', 4 * HOUR), true, '3 hours after its use, the nonce may be re-used');
  });

  it('clear() forgets every nonce (the sandbox\'s reset)', () => {
    const nonces = new NonceStore();
    nonces.use('app', 'n1', 0);
    nonces.clear();
    assert.equal(nonces.use('app', 'n1', 0), true);
  });
});
