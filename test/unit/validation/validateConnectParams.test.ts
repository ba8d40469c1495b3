import { strict as assert } from 'node:assert';
import {
  checkAmount, checkCountryCode, checkFutureDate, checkHttpUrl, checkIntervalUnit, checkPositiveInteger, parseIsoDate,
  throwIfInvalid, validateConnectParams, ValidationError, type ValidationIssue,
} from '../../../src/core/validation';

const NOW = Date.parse('2030-01-01T12:00:00Z');

function rules(issues: readonly ValidationIssue[]): string[] {
  return issues.map((i) => `${i.field}:${i.rule}`);
}

describe('validation: single fields', () => {
  it('accepts positive amounts with at most two decimals, as strings or numbers', () => {
    for (const ok of ['10', '10.5', '10.50', '0.01', 10, 10.5, 0.01, ' 5.00 ']) assert.equal(checkAmount('bill[amount]', ok), undefined, String(ok));
  });

  it('names the rule an amount breaks', () => {
    assert.equal(checkAmount('bill[amount]', '0')?.rule, 'positive');
    assert.equal(checkAmount('bill[amount]', 0)?.rule, 'positive');
    assert.equal(checkAmount('bill[amount]', '10.001')?.rule, 'two-decimals');
    assert.equal(checkAmount('bill[amount]', 10.001)?.rule, 'two-decimals');
    for (const bad of ['-1', '1e3', '£10', '10,00', '', 'abc', Number.NaN, Infinity, true, null]) {
      assert.equal(checkAmount('bill[amount]', bad)?.rule, 'amount', String(bad));
    }
    assert.equal(checkAmount('bill[amount]', '10.001')?.message, 'bill[amount] must have at most two decimal places', 'the reason names the field and the rule, not the value typed');
  });

  it('takes day, week or month as interval_unit, and says so', () => {
    for (const ok of ['day', 'week', 'month']) assert.equal(checkIntervalUnit('subscription[interval_unit]', ok), undefined);
    const i = checkIntervalUnit('subscription[interval_unit]', 'year');
    assert.deepEqual(i, { field: 'subscription[interval_unit]', rule: 'interval-unit', message: 'subscription[interval_unit] must be day, week or month' });
    assert.equal(checkIntervalUnit('x', 'Month')?.rule, 'interval-unit');
  });

  it('takes whole numbers greater than 0 for lengths and counts', () => {
    for (const ok of [1, 12, '1', '36']) assert.equal(checkPositiveInteger('f', ok), undefined);
    for (const bad of [0, -1, 1.5, '0', '01', '1.0', '', 'one', Number.MAX_SAFE_INTEGER + 2]) assert.equal(checkPositiveInteger('f', bad)?.rule, 'positive-integer', String(bad));
  });

  it('reads ISO 8601 dates and date-times, and refuses impossible ones', () => {
    assert.equal(parseIsoDate('2030-02-14'), Date.parse('2030-02-14T00:00:00Z'));
    assert.equal(parseIsoDate('2030-02-14T09:30:00Z'), Date.parse('2030-02-14T09:30:00Z'));
    assert.equal(parseIsoDate('2030-02-14T09:30:00+01:00'), Date.parse('2030-02-14T08:30:00Z'));
    assert.equal(parseIsoDate('2030-02-14T09:30:00+0100'), Date.parse('2030-02-14T08:30:00Z'));
    assert.equal(parseIsoDate('2028-02-29'), Date.parse('2028-02-29T00:00:00Z'));
    // Issue 23: a time without a zone is UTC, as Python's str(datetime) sends it.
    assert.equal(parseIsoDate('2030-02-14T09:30'), Date.parse('2030-02-14T09:30:00Z'));
    for (const bad of ['2030-02-30', '2029-02-29', '2030-13-01', '2030-1-1', '14/02/2030', '2030-02-14T25:00:00Z', '2030-02-14T09:3', 'tomorrow']) {
      assert.equal(parseIsoDate(bad), undefined, bad);
    }
  });

  it('wants dates in the future', () => {
    assert.equal(checkFutureDate('f', '2030-01-02', NOW), undefined);
    assert.equal(checkFutureDate('f', '2030-01-01', NOW)?.rule, 'future'); // midnight, already past at noon
    assert.equal(checkFutureDate('f', '2029-12-31T23:59:59Z', NOW)?.rule, 'future');
    assert.equal(checkFutureDate('f', 'soon', NOW)?.rule, 'iso8601');
  });

  it('checks country codes, and for EUR the spec’s list', () => {
    assert.equal(checkCountryCode('c', 'GB', 'GBP'), undefined);
    assert.equal(checkCountryCode('c', 'FR', 'EUR'), undefined);
    assert.equal(checkCountryCode('c', 'GB', 'EUR')?.rule, 'eur-country');
    assert.equal(checkCountryCode('c', 'gb', 'GBP')?.rule, 'country-code');
  });

  it('wants absolute http(s) URLs for redirect and cancel URIs', () => {
    assert.equal(checkHttpUrl('redirect_uri', 'https://example.com/back?x=1'), undefined);
    assert.equal(checkHttpUrl('redirect_uri', 'http://127.0.0.1:8080/'), undefined);
    for (const bad of ['/back', 'example.com', 'ftp://example.com', 'javascript:alert(1)', '']) assert.equal(checkHttpUrl('redirect_uri', bad)?.rule, 'http-url', bad);
  });
});

describe('validation: a whole Connect link', () => {
  it('accepts a complete subscription', () => {
    const issues = validateConnectParams({
      resourceType: 'subscription',
      resource: {
        merchant_id: 'M1', amount: '10.00', interval_length: 1, interval_unit: 'month', interval_count: '12', name: 'Gold', description: 'Gold plan',
        start_at: '2030-02-01', expires_at: '2031-02-01', setup_fee: '25.00', currency: 'EUR',
        user: { first_name: 'Ann', email: 'ann@example.com', country_code: 'IE', billing_postcode: 'D01' },
      },
      redirect_uri: 'https://example.com/ok', cancel_uri: 'https://example.com/cancel', state: 'id_9SX5G36',
    }, NOW);
    assert.deepEqual(issues, []);
  });

  it('reports every problem at once, each naming the field and the rule', () => {
    const issues = validateConnectParams({
      resourceType: 'subscription',
      resource: { amount: '-1', interval_unit: 'year', interval_length: 0, start_at: '2031-01-01', expires_at: '2030-06-01', currency: 'USD', calendar_intervals: true, user: { country_code: 'GB', phone: '1' } },
      redirect_uri: 'not a url',
    }, NOW);
    assert.deepEqual(rules(issues).sort(), [
      'redirect_uri:http-url',
      'subscription[amount]:amount',
      'subscription[calendar_intervals]:not-allowed',
      'subscription[currency]:currency',
      'subscription[interval_length]:positive-integer',
      'subscription[interval_unit]:interval-unit',
      'subscription[merchant_id]:required',
      'subscription[start_at]:start-before-expiry',
      'subscription[user][phone]:not-allowed',
    ]);
  });

  it('requires a country from the EUR list for a EUR payment’s user', () => {
    const issues = validateConnectParams({ resourceType: 'bill', resource: { merchant_id: 'M', amount: '5', currency: 'EUR', user: { country_code: 'GB' } } }, NOW);
    assert.deepEqual(rules(issues), ['bill[user][country_code]:eur-country']);
  });

  it('knows which params belong to which type', () => {
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'bill', resource: { merchant_id: 'M', amount: '5', interval_unit: 'day', setup_fee: '1' } }, NOW)),
      ['bill[interval_unit]:not-allowed', 'bill[setup_fee]:not-allowed']);
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'pre_authorization', resource: { merchant_id: 'M', max_amount: '5', amount: '5', interval_length: 1, interval_unit: 'week', start_at: '2031-01-01', calendar_intervals: 'maybe' } }, NOW)),
      ['pre_authorization[amount]:not-allowed', 'pre_authorization[start_at]:not-allowed', 'pre_authorization[calendar_intervals]:boolean']);
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'pre_authorization', resource: { merchant_id: 'M', max_amount: '5', interval_length: '2', interval_unit: 'week', calendar_intervals: 'true', setup_fee: 1 } }, NOW)), []);
  });

  it('treats empty strings as absent, so a blank optional input is not an error but a blank required one is', () => {
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'bill', resource: { merchant_id: 'M', amount: '', name: '', user: { email: '' } } }, NOW)), ['bill[amount]:required']);
  });

  it('refuses unknown resource types and non-object resources', () => {
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'payout', resource: {} }, NOW)), ['resource_type:not-allowed']);
    assert.deepEqual(rules(validateConnectParams({ resourceType: 'bill', resource: 'amount=5' }, NOW)), ['bill:type']);
  });

  it('throwIfInvalid throws a ValidationError carrying all issues, the first one’s field and rule', () => {
    const issues = validateConnectParams({ resourceType: 'subscription', resource: { merchant_id: 'M', amount: '1', interval_length: 1, interval_unit: 'year' } }, NOW);
    assert.throws(() => throwIfInvalid(issues), (e: unknown) =>
      e instanceof ValidationError && e.field === 'subscription[interval_unit]' && e.rule === 'interval-unit' &&
      e.message === 'subscription[interval_unit] must be day, week or month' && e.issues.length === 1);
    assert.doesNotThrow(() => throwIfInvalid([]));
  });
});

describe('validation: browser-safe', () => {
  it('imports nothing from Node', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = 'src/core/validation';
    for (const f of readdirSync(dir)) {
      const src = readFileSync(`${dir}/${f}`, 'utf8');
      for (const m of src.matchAll(/from '([^']+)'/g)) assert.ok(m[1]!.startsWith('.'), `${f} imports ${m[1]}`);
      assert.ok(!/\b(Buffer|process|require)\b/.test(src), `${f} uses a Node global`);
    }
  });
});
