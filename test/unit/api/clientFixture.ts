import { GoCardlessClient, type GoCardlessClientOptions } from '../../../src/core/api/GoCardlessClient';
import { startFakeGoCardless, type FakeGoCardless } from './fakeGoCardless';

export const TOKEN = 'sk_test_Very-Secret-Token/AbC+123';
export const MERCHANT_ID = '06Z06JWQW1';
export const APP_ID = 'APPID123';
export const APP_SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';

export interface ClientFixture {
  fake: FakeGoCardless;
  client: GoCardlessClient;
  /** A second client with other options, closed with the fixture. */
  clientWith(options: Partial<GoCardlessClientOptions>): GoCardlessClient;
}

/** Mocha hooks: a fresh fake server and client per test, both closed after it. Retries never sleep. */
export function useClientFixture(options: Partial<GoCardlessClientOptions> = {}): ClientFixture {
  const clients: GoCardlessClient[] = [];
  const fixture = {} as ClientFixture;
  beforeEach(async () => {
    fixture.fake = await startFakeGoCardless();
    fixture.clientWith = (more) => {
      const client = new GoCardlessClient({
        baseUrl: fixture.fake.url, accessToken: TOKEN, merchantId: MERCHANT_ID, appId: APP_ID, appSecret: APP_SECRET,
        retryDelay: () => 0, timeoutMs: 5000, ...options, ...more,
      });
      clients.push(client);
      return client;
    };
    fixture.client = fixture.clientWith({});
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await fixture.fake.close();
  });
  return fixture;
}
