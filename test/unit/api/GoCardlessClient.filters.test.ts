import { strict as assert } from 'node:assert';
import type { GoCardlessClient } from '../../../src/core/api/GoCardlessClient';
import { ValidationError } from '../../../src/core/validation/ValidationError';
import { MERCHANT_ID, useClientFixture } from './clientFixture';

describe('GoCardlessClient: filters (the spec\'s Filtering table)', () => {
  const f = useClientFixture();
  beforeEach(() => {
    for (const resource of ['bills', 'subscriptions', 'pre_authorizations', 'users', 'payouts']) {
      f.fake.on('GET', `/api/v1/merchants/${MERCHANT_ID}/${resource}`, () => ({ json: [] }));
    }
  });

  const cases: [string, (c: GoCardlessClient) => Promise<unknown>, string][] = [
    ['bills by source_id', (c) => c.listBills({ source_id: 'KKJ398H8K8' }), 'source_id=KKJ398H8K8'],
    ['bills by source_type', (c) => c.listBills({ source_type: 'ad_hoc_authorization' }), 'source_type=ad_hoc_authorization'],
    ['bills by subscription_id', (c) => c.listBills({ subscription_id: 'AJKH638A99' }), 'subscription_id=AJKH638A99'],
    ['bills by pre_authorization_id', (c) => c.listBills({ pre_authorization_id: '1234JKH8KLJ' }), 'pre_authorization_id=1234JKH8KLJ'],
    ['bills by user_id', (c) => c.listBills({ user_id: '29' }), 'user_id=29'],
    ['bills before a Date (UTC, no milliseconds)', (c) => c.listBills({ before: new Date(Date.UTC(2011, 10, 17, 15, 0, 23)) }), 'before=2011-11-17T15%3A00%3A23Z'],
    ['bills after an ISO string with an offset (→ UTC)', (c) => c.listBills({ after: '2011-11-17T16:00:23+01:00' }), 'after=2011-11-17T15%3A00%3A23Z'],
    ['bills after a date (midnight UTC)', (c) => c.listBills({ after: '2011-11-17' }), 'after=2011-11-17T00%3A00%3A00Z'],
    // Issue 23: the one lenient reader; what is sent is always the spec's UTC form.
    ['bills before Python\'s str(datetime) (space, microseconds, no zone = UTC)', (c) => c.listBills({ before: '2011-11-17 15:00:23.139109' }), 'before=2011-11-17T15%3A00%3A23.139Z'],
    ['bills after Ruby\'s Time#to_s ("… +0100")', (c) => c.listBills({ after: '2011-11-17 16:00:23 +0100' }), 'after=2011-11-17T15%3A00%3A23Z'],
    ['bills before a time with milliseconds', (c) => c.listBills({ before: new Date(Date.UTC(2011, 10, 17, 15, 0, 23, 250)) }), 'before=2011-11-17T15%3A00%3A23.250Z'],
    ['bills by status', (c) => c.listBills({ status: 'chargedback' }), 'status=chargedback'],
    ['paid bills', (c) => c.listBills({ paid: true }), 'paid=true'],
    ['unpaid bills', (c) => c.listBills({ paid: false }), 'paid=false'],
    ['bills by exact name (RFC 3986 encoding)', (c) => c.listBills({ name: "Tom's £5 & more/1+1" }), 'name=Tom%27s%20%C2%A35%20%26%20more%2F1%2B1'],
    ['bills by description', (c) => c.listBills({ description: 'Month 2 payment' }), 'description=Month%202%20payment'],
    ['the spec\'s example: paid bills of user 29', (c) => c.listBills({ user_id: '29', paid: true }), 'user_id=29&paid=true'],
    ['subscriptions by status and user', (c) => c.listSubscriptions({ status: 'active', user_id: 'HJEH638AJD' }), 'user_id=HJEH638AJD&status=active'],
    ['subscriptions by name, before and after', (c) => c.listSubscriptions({ name: 'Gym', after: '2011-01-01T00:00:00Z', before: '2012-01-01T00:00:00Z' }),
      'before=2012-01-01T00%3A00%3A00Z&after=2011-01-01T00%3A00%3A00Z&name=Gym'],
    ['pre-authorizations by status and description', (c) => c.listPreAuthorizations({ status: 'expired', description: 'Tennis' }), 'description=Tennis&status=expired'],
    ['unset values are left out', (c) => c.listBills({ status: undefined, name: '', user_id: 'U1' }), 'user_id=U1'],
  ];
  for (const [name, call, query] of cases) {
    it(name, async () => {
      await call(f.client);
      assert.equal(f.fake.requests[0]?.url.split('?')[1], query);
    });
  }

  const refused: [string, (c: GoCardlessClient) => Promise<unknown>, string, RegExp][] = [
    ['a status bills cannot have', (c) => c.listBills({ status: 'active' as never }), 'status', /status must be one of pending, paid, failed/],
    ['a status subscriptions cannot have', (c) => c.listSubscriptions({ status: 'paid' as never }), 'status', /one of inactive, active, cancelled, expired/],
    ['an unknown source_type', (c) => c.listBills({ source_type: 'one_off' as never }), 'source_type', /subscription, pre_authorization, ad_hoc_authorization/],
    ['a bill-only filter on subscriptions', (c) => c.listSubscriptions({ paid: true } as never), 'paid', /paid is not a filter for subscriptions/],
    ['any filter on users', (c) => c.listUsers({ user_id: 'x' } as never), 'user_id', /users cannot be filtered/],
    ['any filter on payouts', (c) => c.listPayouts({ status: 'paid' } as never), 'status', /payouts cannot be filtered/],
    ['a misspelt filter', (c) => c.listBills({ stauts: 'paid' } as never), 'stauts', /stauts is not a filter for bills/],
    ['paid that is not a boolean', (c) => c.listBills({ paid: 'yes' as never }), 'paid', /true or false/],
    ['an unreadable time', (c) => c.listBills({ before: 'yesterday' }), 'before', /ISO 8601/],
    ['a date-time with an impossible hour', (c) => c.listBills({ before: '2011-11-17 24:00:00' }), 'before', /ISO 8601/],
    ['an invalid Date', (c) => c.listBills({ after: new Date('nope') }), 'after', /ISO 8601/],
    ['an impossible date', (c) => c.listBills({ after: '2011-02-30' }), 'after', /ISO 8601/],
    ['a range that matches nothing', (c) => c.listBills({ after: '2012-01-01', before: '2011-01-01' }), 'after', /must be earlier than before/],
    ['an id that is not text', (c) => c.listBills({ user_id: 29 as never }), 'user_id', /must be text/],
    ['page 0', (c) => c.listBills({}, { page: 0 }), 'page', /1 or more/],
    ['a fractional per_page', (c) => c.listBills({}, { perPage: 2.5 }), 'per_page', /1 or more/],
  ];
  for (const [name, call, field, message] of refused) {
    it(`refuses ${name} before sending`, async () => {
      await assert.rejects(call(f.client), (e: unknown) => e instanceof ValidationError && e.field === field && message.test(e.message));
      assert.equal(f.fake.requests.length, 0);
    });
  }

  it('reports every bad filter at once', async () => {
    const error = await f.client.listBills({ status: 'nope' as never, paid: 1 as never, before: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(error.issues.map((i) => i.field).sort(), ['before', 'paid', 'status']);
  });
});
