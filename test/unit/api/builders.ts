import type { Bill, Merchant, Payout, PreAuthorization, Subscription, User } from '../../../src/core/api/models';

/** Typed fixtures with the spec's example values; override what a test cares about. */

export function aBill(overrides: Partial<Bill> = {}): Bill {
  return {
    id: '0P1AVA0D6A', amount: '44.0', gocardless_fees: '0.44', partner_fees: '0', currency: 'GBP',
    created_at: '2014-08-20T21:41:25Z', name: 'Bill 2 for Subscription description', description: 'Month 2 payment',
    paid_at: null, status: 'pending', merchant_id: '06Z06JWQW1', user_id: 'FIVWCCVEST6S4D',
    source_type: 'ad_hoc_authorization', source_id: 'YH1VEVQHYVB1UT', uri: 'https://gocardless.com/api/v1/bills/0P1AVA0D6A',
    can_be_retried: false, payout_id: null, is_setup_fee: false, charge_customer_at: '2014-09-01',
    ...overrides,
  };
}

export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'AJKH638A99', amount: '44.0', interval_length: 1, interval_unit: 'month', created_at: '2011-09-12T13:51:30Z',
    currency: 'GBP', name: 'London Gym Membership', description: 'Entitles you to use all of the gyms around London',
    expires_at: null, next_interval_start: '2011-10-12T13:51:30Z', merchant_id: '06Z06JWQW1', status: 'active',
    user_id: 'HJEH638AJD', uri: 'https://gocardless.com/api/v1/subscriptions/1580',
    sub_resource_uris: { bills: 'https://gocardless.com/api/v1/merchants/06Z06JWQW1/bills?source_id=1580' },
    ...overrides,
  };
}

export function aPreAuthorization(overrides: Partial<PreAuthorization> = {}): PreAuthorization {
  return {
    id: '1234JKH8KLJ', max_amount: '70.0', remaining_amount: '65.0', interval_length: 1, interval_unit: 'month',
    created_at: '2011-02-18T15:25:58Z', currency: 'GBP', name: 'Variable Payments For Tennis Court Rental',
    description: 'You will be charged according to your monthly usage of the tennis courts', expires_at: null,
    next_interval_start: '2012-02-20T00:00:00Z', merchant_id: '06Z06JWQW1', status: 'active', user_id: '834JUH8KLJ',
    uri: 'https://gocardless.com/api/v1/pre_authorizations/1609',
    sub_resource_uris: { bills: 'https://gocardless.com/api/v1/merchants/06Z06JWQW1/bills?source_id=1609' },
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return { id: 'JKH8HGKL9H', created_at: '2011-11-18T17:06:15Z', email: 'customer40@gocardless.com', first_name: 'Frank', last_name: 'Smith', ...overrides };
}

export function aPayout(overrides: Partial<Payout> = {}): Payout {
  return {
    id: '0BKR1AZNJF', amount: '12.37', bank_reference: 'JOHNSMITH-Z5DRM', app_ids: ['ABC'], created_at: '2013-05-10T16:34:34Z',
    paid_at: '2013-05-10T17:00:26Z', transaction_fees: '0.13', ...overrides,
  };
}

export function aMerchant(overrides: Partial<Merchant> = {}): Merchant {
  const base = 'https://gocardless.com/api/v1/merchants/06Z06JWQW1';
  return {
    id: '06Z06JWQW1', created_at: '2011-11-18T17:07:09Z', description: 'Payments for monthly magazine subscriptions',
    name: "Tom's Magazine", first_name: 'Tom', last_name: 'Blomfield', email: 'tom@example.com', uri: base,
    balance: '12.00', pending_balance: '20.00', next_payout_date: '2014-08-01', next_payout_amount: '12.00',
    hide_variable_amount: true,
    sub_resource_uris: {
      users: `${base}/users`, bills: `${base}/bills`, pre_authorizations: `${base}/pre_authorizations`,
      subscriptions: `${base}/subscriptions`, payouts: `${base}/payouts`,
    },
    ...overrides,
  };
}
