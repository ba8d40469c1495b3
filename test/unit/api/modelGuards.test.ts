import { strict as assert } from 'node:assert';
import {
  billGuard, isBill, isMerchant, isPayout, isPreAuthorization, isSubscription, isUser, merchantGuard, payoutGuard,
  preAuthorizationGuard, subscriptionGuard, userGuard,
} from '../../../src/core/api/modelGuards';
import { aBill, aMerchant, aPayout, aPreAuthorization, aSubscription, aUser } from './builders';

describe('model guards', () => {
  it('accept the spec\'s examples, with extra fields', () => {
    assert.ok(isBill(aBill()));
    assert.ok(isBill({ ...aBill({ amount_minus_fees: '43.56', can_be_cancelled: true, can_be_refunded: false }), future_field: 1 }));
    assert.ok(isSubscription(aSubscription()));
    assert.ok(isPreAuthorization(aPreAuthorization()));
    assert.ok(isUser(aUser()));
    assert.ok(isPayout(aPayout()));
    assert.ok(isMerchant(aMerchant({ next_payout_date: null, next_payout_amount: null })));
  });

  const cases: [string, unknown, (v: unknown) => string | undefined, string][] = [
    ['bill without status', { ...aBill(), status: undefined }, (v) => billGuard.problem(v), 'bill.status must be one of pending, paid, failed, refunded, chargedback, cancelled, withdrawn (got nothing)'],
    ['bill with a bad source_type', aBill({ source_type: 'one_off' as never }), (v) => billGuard.problem(v), 'bill.source_type must be one of subscription, pre_authorization, ad_hoc_authorization (got "one_off")'],
    ['bill with a boolean as a string', aBill({ can_be_retried: 'false' as never }), (v) => billGuard.problem(v), 'bill.can_be_retried must be true or false (got "false")'],
    ['bill with a non-decimal fee', aBill({ gocardless_fees: '0,44' }), (v) => billGuard.problem(v), 'bill.gocardless_fees must be a decimal amount string like "10.00" (got "0,44")'],
    ['bill with a non-string payout_id', aBill({ payout_id: 5 as never }), (v) => billGuard.problem(v, 'bills[3]'), 'bills[3].payout_id must be a string or null (got 5)'],
    ['subscription with a fractional interval', aSubscription({ interval_length: 1.5 }), (v) => subscriptionGuard.problem(v), 'subscription.interval_length must be a whole number (got 1.5)'],
    ['subscription without bills URI', aSubscription({ sub_resource_uris: {} as never }), (v) => subscriptionGuard.problem(v), 'subscription.sub_resource_uris.bills must be a string (got nothing)'],
    ['pre-authorization with a bad interval unit', aPreAuthorization({ interval_unit: 'year' as never }), (v) => preAuthorizationGuard.problem(v), 'pre_authorization.interval_unit must be one of day, week, month (got "year")'],
    ['pre-authorization without remaining_amount', { ...aPreAuthorization(), remaining_amount: undefined }, (v) => preAuthorizationGuard.problem(v), 'pre_authorization.remaining_amount must be a decimal amount string like "10.00" (got nothing)'],
    ['user with a null email', aUser({ email: null as never }), (v) => userGuard.problem(v), 'user.email must be a string (got null)'],
    ['payout with bad app_ids', aPayout({ app_ids: [1] as never }), (v) => payoutGuard.problem(v), 'payout.app_ids must be an array of strings (got [1])'],
    ['payout with one bad app_id among good ones', aPayout({ app_ids: ['A1', 2] as never }), (v) => payoutGuard.problem(v), 'payout.app_ids must be an array of strings (got ["A1",2])'],
    ['subscription whose sub_resource_uris is not an object', aSubscription({ sub_resource_uris: 'x' as never }), (v) => subscriptionGuard.problem(v), 'subscription.sub_resource_uris must be an object (got "x")'],
    // What was got is quoted up to 40 characters, longer values cut to 39 and an ellipsis.
    ['bill with a 40-character wrong amount', aBill({ amount: 'x'.repeat(38) }), (v) => billGuard.problem(v), `bill.amount must be a decimal amount string like "10.00" (got "${'x'.repeat(38)}")`],
    ['bill with a 41-character wrong amount', aBill({ amount: 'x'.repeat(39) }), (v) => billGuard.problem(v), `bill.amount must be a decimal amount string like "10.00" (got "${'x'.repeat(38)}…)`],
    ['merchant with a numeric balance', aMerchant({ balance: 12 as never }), (v) => merchantGuard.problem(v), 'merchant.balance must be a decimal amount string like "10.00" (got 12)'],
    ['null', null, (v) => billGuard.problem(v), 'bill must be an object (got null)'],
    ['a string', 'bill', (v) => userGuard.problem(v), 'user must be an object (got "bill")'],
  ];
  for (const [name, value, problem, expected] of cases) {
    it(`names the problem: ${name}`, () => {
      assert.equal(problem(value), expected);
    });
  }

  it('is() says no to what problem() refuses', () => {
    assert.equal(isBill(null), false);
    assert.equal(isUser('user'), false);
    assert.equal(isPayout(aPayout({ app_ids: [1] as never })), false);
  });
});
