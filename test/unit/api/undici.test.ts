import { strict as assert } from 'node:assert';
import * as undiciPackage from 'undici';
import { createAgent, createPool, request } from '../../../src/core/api/undici';
import { startFakeGoCardless, type FakeGoCardless } from './fakeGoCardless';

describe('core/api/undici (undici without its bundle weight)', () => {
  let fake: FakeGoCardless;
  beforeEach(async () => {
    fake = await startFakeGoCardless();
    fake.on('POST', '/echo', (r) => ({ status: 201, json: { query: r.query.get('q'), body: r.body, header: r.headers['x-test'] } }));
  });
  afterEach(() => fake.close());

  it("creates the undici package's own Pool and Agent", async () => {
    const pool = createPool(fake.url, { connections: 2 });
    const agent = createAgent();
    try {
      assert.ok(pool instanceof undiciPackage.Pool);
      assert.ok(agent instanceof undiciPackage.Agent);
    } finally {
      await Promise.all([pool.close(), agent.close()]);
    }
  });

  it('request(url, options) sends method, path with query, headers and body over the shared agent', async () => {
    const response = await request(`${fake.url}/echo?q=1%202`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(await response.body.json(), { query: '1 2', body: 'hello', header: 'yes' });
  });

  it('request uses a given dispatcher', async () => {
    const pool = createPool(fake.url) as undiciPackage.Pool;
    try {
      const response = await request(new URL('/echo', fake.url), { method: 'POST', dispatcher: pool, body: 'x' });
      assert.equal(response.statusCode, 201);
      await response.body.dump();
      assert.equal(pool.stats.connected, 1);
    } finally {
      await pool.close();
    }
  });
});
