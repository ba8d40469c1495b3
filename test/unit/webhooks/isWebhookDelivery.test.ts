import assert from 'node:assert/strict';
import type { ForwardResult, WebhookDelivery } from '../../../src/core/webhooks';
import { isForwardResult, isWebhookDelivery, withoutExpectedSignature } from '../../../src/core/webhooks/isWebhookDelivery';
import { aDelivery } from './builders';

const FORWARD: ForwardResult = { url: 'http://127.0.0.1:3000/', at: '2026-01-01T00:00:00.000Z', status: 200, latencyMs: 2.5, slow: false, body: 'ok', bodyTruncated: false, replay: false };

/** A stored delivery with every optional field present, as JSON would give it back. */
function full(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(aDelivery({
    verification: {
      status: 'invalid', account: { id: 'a', name: 'A' }, reason: 'r', warnings: ['w'],
      diagnosis: { valid: false, verdict: 'unexplained', reason: 'd', received: 'ab', expected: { normalized: 'action=paid' } } as never,
    },
    retryOf: 'wh_first', attempt: 2, forward: FORWARD,
  }))) as Record<string, unknown>;
}

/** `full()` with the value at `path` replaced (undefined: removed). */
function withValue(path: readonly string[], value: unknown): Record<string, unknown> {
  const root = full();
  let at = root;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return root;
}

/** Each field and the values a torn line, a hand edit or another version could leave there that are not a delivery's. */
const BAD: ReadonlyArray<[readonly string[], readonly unknown[]]> = [
  [['id'], [undefined, 1, null]],
  [['receivedAt'], [undefined, 0]],
  [['remoteAddress'], [undefined, false]],
  [['method'], [undefined, 1]],
  [['path'], [undefined, ['/']]],
  [['headers'], [undefined, null, [], 'x', { a: 1 }, { a: null }]],
  [['body'], [undefined, {}]],
  [['bodyBytes'], [undefined, '80', null]],
  [['verification'], [undefined, null, []]],
  [['verification', 'status'], [undefined, 'maybe', '']],
  [['verification', 'reason'], [undefined, 1]],
  [['verification', 'account'], [null, 'a', { id: 'a' }, { name: 'A' }, { id: 1, name: 'A' }, { id: 'a', name: 2 }]],
  [['verification', 'warnings'], ['w', [1], ['w', 1], null]],
  [['verification', 'diagnosis'], [null, 'd', []]],
  [['verification', 'diagnosis', 'valid'], [undefined, 'false']],
  [['verification', 'diagnosis', 'verdict'], [undefined, 1]],
  [['verification', 'diagnosis', 'reason'], [undefined, null]],
  [['verification', 'diagnosis', 'expected'], [undefined, null, 'action=paid']],
  [['verification', 'diagnosis', 'expected', 'normalized'], [undefined, 1]],
  [['verification', 'diagnosis', 'received'], [1, null]],
  [['resourceType'], [1, null]],
  [['action'], [1, null]],
  [['objectIds'], [undefined, 'B1', [1], ['B1', 2], { 0: 'B1' }]],
  [['response'], [undefined, null, 200, []]],
  [['response', 'status'], [undefined, '200']],
  [['retryOf'], [1, null]],
  [['attempt'], [undefined, '2']],
  [['retryKey'], [1, null]],
  [['forward'], [null, 'ok', []]],
  [['forward', 'url'], [undefined, 1]],
  [['forward', 'at'], [undefined, 1]],
  [['forward', 'latencyMs'], [undefined, '2']],
  [['forward', 'slow'], [undefined, 'false']],
  [['forward', 'body'], [undefined, 1]],
  [['forward', 'bodyTruncated'], [undefined, 0]],
  [['forward', 'replay'], [undefined, 'no']],
  [['forward', 'status'], ['200', null]],
  [['forward', 'error'], [1, null]],
];

/** Optional fields: a delivery without them is still one. */
const OPTIONAL: readonly (readonly string[])[] = [
  ['verification', 'account'], ['verification', 'warnings'], ['verification', 'diagnosis'], ['verification', 'diagnosis', 'received'],
  ['resourceType'], ['action'], ['retryOf'], ['retryKey'], ['forward'], ['forward', 'status'],
];

describe('isWebhookDelivery (records read back from the store)', () => {
  it('takes a delivery with every optional field, and one without each of them', () => {
    assert.equal(isWebhookDelivery(full()), true);
    for (const path of OPTIONAL) assert.equal(isWebhookDelivery(withValue(path, undefined)), true, `without ${path.join('.')}`);
    assert.equal(isWebhookDelivery(withValue(['forward', 'error'], 'Connection refused: is your app running?')), true);
    assert.equal(isWebhookDelivery(withValue(['headers'], {})), true);
    assert.equal(isWebhookDelivery(withValue(['objectIds'], [])), true);
    for (const status of ['valid', 'invalid', 'unsigned', 'malformed', 'not-checked']) {
      assert.equal(isWebhookDelivery(withValue(['verification', 'status'], status)), true, status);
    }
  });

  for (const [path, values] of BAD) {
    it(`refuses a record whose ${path.join('.')} is ${values.map((v) => (v === undefined ? 'missing' : JSON.stringify(v))).join(', or ')}`, () => {
      for (const value of values) assert.equal(isWebhookDelivery(withValue(path, value)), false, `${path.join('.')} = ${JSON.stringify(value)}`);
    });
  }

  it('refuses what is not an object', () => {
    for (const v of [null, undefined, 'wh_1', 1, [full()]]) assert.equal(isWebhookDelivery(v), false, JSON.stringify(v));
  });

  it('refuses numbers that JSON cannot hold as sizes, attempts, statuses and latencies', () => {
    for (const path of [['bodyBytes'], ['attempt'], ['response', 'status'], ['forward', 'latencyMs'], ['forward', 'status']]) {
      assert.equal(isWebhookDelivery(withValue(path, Number.POSITIVE_INFINITY)), false, path.join('.'));
      assert.equal(isWebhookDelivery(withValue(path, Number.NaN)), false, path.join('.'));
    }
  });

  it('isForwardResult takes a failed forward (no status, an error) and refuses a record missing a field', () => {
    const failed: Record<string, unknown> = { ...FORWARD, error: 'No answer within 30000 ms' };
    delete failed['status'];
    assert.equal(isForwardResult(failed), true);
    assert.equal(isForwardResult(null), false);
    assert.equal(isForwardResult([FORWARD]), false);
  });
});

describe('withoutExpectedSignature', () => {
  it('drops the expected signature an earlier version kept, leaving the rest of the record', () => {
    const d = full() as unknown as WebhookDelivery;
    const old = { ...d, verification: { ...d.verification, diagnosis: { ...d.verification.diagnosis!, expected: { normalized: 'action=paid', signature: 'f'.repeat(64) } } } } as WebhookDelivery;
    const cleaned = withoutExpectedSignature(old);
    assert.deepEqual(cleaned, d);
    assert.equal(JSON.stringify(cleaned).includes('f'.repeat(64)), false);
  });

  it('returns a record without one as it is', () => {
    const d = full() as unknown as WebhookDelivery;
    assert.equal(withoutExpectedSignature(d), d);
    const plain = aDelivery();
    assert.equal(withoutExpectedSignature(plain), plain);
  });
});
