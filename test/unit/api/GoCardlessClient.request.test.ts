import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/core/api/ApiError';
import { ValidationError } from '../../../src/core/validation/ValidationError';
import { TOKEN, useClientFixture } from './clientFixture';

describe('GoCardlessClient: request() (gcdev get|post|put)', () => {
  const f = useClientFixture();

  it('sends any /api/v1 path with the token, the query percent-encoded and a JSON body, and returns the JSON unchecked', async () => {
    f.fake.on('POST', '/api/v1/anything/new', () => ({ status: 201, json: { not: 'a model' } }));
    const answer = await f.client.request('POST', '/api/v1/anything/new', { query: [['name', 'a b&c']], body: { bill: { amount: '1.00' } } });
    assert.deepEqual(answer, { not: 'a model' });
    const [sent] = f.fake.requests;
    assert.equal(sent?.url, '/api/v1/anything/new?name=a%20b%26c');
    assert.equal(sent?.headers.authorization, `bearer ${TOKEN}`);
    assert.equal(sent?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(sent?.body ?? ''), { bill: { amount: '1.00' } });
  });

  it('puts the base URL\'s own path in front', async () => {
    f.fake.on('GET', '/gc/api/v1/bills/B1', () => ({ json: { id: 'B1' } }));
    assert.deepEqual(await f.clientWith({ baseUrl: `${f.fake.url}/gc/` }).request('GET', '/api/v1/bills/B1'), { id: 'B1' });
  });

  it('refuses a path outside /api/v1/ before sending, and a refusal is an ApiError with the server\'s message', async () => {
    await assert.rejects(f.client.request('GET', '/oauth/access_token'), (e: unknown) => e instanceof ValidationError && e.field === 'path');
    assert.equal(f.fake.requests.length, 0);
    f.fake.on('PUT', '/api/v1/bills/B1/cancel', () => ({ status: 422, json: { error: ['Bill cannot be cancelled'] } }));
    await assert.rejects(f.client.request('PUT', '/api/v1/bills/B1/cancel'), (e: unknown) => e instanceof ApiError && e.status === 422 && e.serverMessage === 'Bill cannot be cancelled');
    assert.equal(f.fake.requests.length, 1, 'a PUT is not retried');
  });
});
