import { strict as assert } from 'node:assert';
import type { ApiRequestEvent } from '../../../src/core/api/GoCardlessClient';
import { aBill } from './builders';
import { MERCHANT_ID, useClientFixture } from './clientFixture';

class Cancelled extends Error {}

describe('GoCardlessClient: cancelling reads with an AbortSignal', () => {
  const events: ApiRequestEvent[] = [];
  const f = useClientFixture({ onRequest: (e) => events.push(e) });
  beforeEach(() => {
    events.length = 0;
  });

  it('aborts a request in flight and rejects with the signal\'s reason, not a timeout', async () => {
    const controller = new AbortController();
    f.fake.on('GET', '/api/v1/bills/B1', () => {
      controller.abort(new Cancelled('user cancelled'));
      return 'hang';
    });
    await assert.rejects(f.client.getBill('B1', { signal: controller.signal }), Cancelled);
    assert.deepEqual(events.map((e) => e.outcome), ['cancelled']);
  });

  it('does not send when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Cancelled('early'));
    await assert.rejects(f.client.listBills({}, undefined, { signal: controller.signal }), Cancelled);
    assert.equal(f.fake.requests.length, 0);
  });

  it('stops waiting for a retry at once', async () => {
    const controller = new AbortController();
    const client = f.clientWith({
      retryDelay: () => 60_000,
      onRequest: (e) => {
        if (e.willRetry) controller.abort(new Cancelled('while waiting'));
      },
    });
    f.fake.on('GET', '/api/v1/bills/B1', () => ({ status: 503 }));
    await assert.rejects(client.getBill('B1', { signal: controller.signal }), Cancelled);
    assert.equal(f.fake.requests.length, 1);
  });

  it('ends an iteration between pages', async () => {
    const controller = new AbortController();
    f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/bills`, (r) => ({
      json: [aBill({ id: `P${r.query.get('page') ?? ''}` })],
      headers: { 'x-pagination': '{"records":3,"pages":3,"links":{"next":2,"last":3}}'.replace('"next":2', `"next":${Number(r.query.get('page')) + 1}`) },
    }));
    const seen: string[] = [];
    await assert.rejects((async () => {
      for await (const bill of f.client.iterateBills({}, 1, { signal: controller.signal })) {
        seen.push(bill.id);
        controller.abort(new Cancelled('enough'));
      }
    })(), Cancelled);
    assert.deepEqual(seen, ['P1']);
    assert.equal(f.fake.requests.length, 1);
  });

  it('leaves the pool usable after a cancelled request', async () => {
    const controller = new AbortController();
    f.fake.on('GET', '/api/v1/bills/B1', () => {
      controller.abort(new Cancelled());
      return 'hang';
    });
    f.fake.on('GET', '/api/v1/bills/B2', () => ({ json: aBill({ id: 'B2' }) }));
    await assert.rejects(f.client.getBill('B1', { signal: controller.signal }), Cancelled);
    assert.equal((await f.client.getBill('B2')).id, 'B2');
  });
});
