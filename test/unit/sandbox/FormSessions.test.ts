import assert from 'node:assert/strict';
import { FormSessions } from '../../../src/core/sandbox/FormSessions';

describe('FormSessions (the server side of a payment or OAuth page)', () => {
  it('keeps a page\'s value until just before its time is up, and not at that moment', () => {
    const sessions = new FormSessions<string>(1000);
    const token = sessions.create('link', 0);
    assert.equal(sessions.get(token, 999), 'link');
    assert.equal(sessions.get(token, 1000), undefined, 'a session ends when its time is up');
  });

  it('knows only the tokens it made, and forgets a deleted one', () => {
    const sessions = new FormSessions<string>(1000);
    const token = sessions.create('link', 0);
    assert.equal(sessions.get('guessed', 0), undefined);
    assert.equal(sessions.get(undefined, 0), undefined);
    sessions.delete(token);
    assert.equal(sessions.get(token, 0), undefined);
  });

  it('keeps every live session while under the limit', () => {
    const sessions = new FormSessions<string>(1000, 3);
    const a = sessions.create('a', 0);
    const b = sessions.create('b', 1);
    const c = sessions.create('c', 2);
    assert.deepEqual([sessions.get(a, 3), sessions.get(b, 3), sessions.get(c, 3)], ['a', 'b', 'c']);
  });

  it('at the limit, drops the oldest session to make room for a new one', () => {
    const sessions = new FormSessions<string>(1000, 2);
    const a = sessions.create('a', 0);
    const b = sessions.create('b', 1);
    const c = sessions.create('c', 2);
    assert.deepEqual([sessions.get(a, 3), sessions.get(b, 3), sessions.get(c, 3)], [undefined, 'b', 'c']);
  });

  it('forgets an expired session when the next page is made, even if the clock then steps back', () => {
    // An expired session is removed, not only hidden: a clock set back (NTP, a VM resumed) cannot revive it.
    const sessions = new FormSessions<string>(1000);
    const old = sessions.create('old', 0);
    sessions.create('new', 5000);
    assert.equal(sessions.get(old, 500), undefined);
  });
});
