import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { isSelfTarget } from '../../../src/core/webhooks';

const LOOPBACK: AddressInfo = { address: '127.0.0.1', family: 'IPv4', port: 8080 };

describe('isSelfTarget (a forward that would loop back into the listener)', () => {
  it('is a target on the listener\'s port whose host is loopback in any spelling', () => {
    for (const url of ['http://localhost:8080/', 'http://LOCALHOST.:8080/', 'http://app.localhost:8080/', 'http://127.9.9.9:8080/', 'http://[::1]:8080/',
      'http://0.0.0.0:8080/', 'http://[::]:8080/', 'http://[::ffff:127.0.0.1]:8080/']) {
      assert.equal(isSelfTarget(new URL(url), LOOPBACK), true, url);
    }
  });

  it('is not a target on another port, or whose host is elsewhere', () => {
    for (const url of ['http://localhost:8081/', 'http://localhost/', 'https://localhost/', 'http://[::ffff:10.0.0.1]:8080/', 'http://10.0.0.1:8080/',
      'http://localhost.example:8080/', 'http://mylocalhost:8080/']) {
      assert.equal(isSelfTarget(new URL(url), LOOPBACK), false, url);
    }
  });

  it('reads a trailing dot, an IPv4-mapped address written in hex, and only a whole mapped address', () => {
    assert.equal(isSelfTarget(new URL('http://app.localhost.:8080/'), LOOPBACK), true);
    // The URL parser writes ::ffff:127.0.1.0 as ::ffff:7f00:100 (a group of more than one digit).
    assert.equal(isSelfTarget(new URL('http://[::ffff:127.0.1.0]:8080/'), LOOPBACK), true);
    // A global IPv6 address that merely ends like a mapped loopback one is elsewhere.
    assert.equal(isSelfTarget(new URL('http://[2001:db8::ffff:7f00:1]:8080/'), LOOPBACK), false);
    // Nor one that merely starts like it: ::ffff:7f00:1:2 has two more groups after the mapped-looking ones.
    assert.equal(isSelfTarget(new URL('http://[::ffff:7f00:1:2]:8080/'), LOOPBACK), false);
  });

  it('bound to every interface, an address that is not this machine\'s is elsewhere', () => {
    for (const address of ['0.0.0.0', '::']) {
      assert.equal(isSelfTarget(new URL('http://192.0.2.1:8080/'), { address, family: address === '::' ? 'IPv6' : 'IPv4', port: 8080 }), false, address);
    }
  });

  it('takes the scheme\'s default port: 80 for http, 443 for https', () => {
    assert.equal(isSelfTarget(new URL('http://localhost/'), { ...LOOPBACK, port: 80 }), true);
    assert.equal(isSelfTarget(new URL('https://localhost/'), { ...LOOPBACK, port: 443 }), true);
    assert.equal(isSelfTarget(new URL('https://localhost/'), { ...LOOPBACK, port: 80 }), false);
    // A URL without a host (file:) reaches no listener, whatever port it defaults to.
    assert.equal(isSelfTarget(new URL('file:///tmp/hook'), { ...LOOPBACK, port: 80 }), false);
  });

  it('is the address the listener is bound to, and, bound to every interface, any address of this machine', () => {
    const lan = Object.values(networkInterfaces()).flatMap((list) => list ?? []).find((i) => i.family === 'IPv4' && !i.internal);
    const bound: AddressInfo = { address: '192.0.2.7', family: 'IPv4', port: 8080 };
    assert.equal(isSelfTarget(new URL('http://192.0.2.7:8080/'), bound), true);
    assert.equal(isSelfTarget(new URL('http://192.0.2.8:8080/'), bound), false);
    if (lan) {
      assert.equal(isSelfTarget(new URL(`http://${lan.address}:8080/`), { address: '0.0.0.0', family: 'IPv4', port: 8080 }), true, lan.address);
      assert.equal(isSelfTarget(new URL(`http://${lan.address}:8080/`), { address: '::', family: 'IPv6', port: 8080 }), true, lan.address);
      assert.equal(isSelfTarget(new URL(`http://${lan.address}:8080/`), LOOPBACK), false, 'bound to loopback, another address of the machine is not the listener');
    }
  });
});
