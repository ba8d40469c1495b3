import assert from 'node:assert/strict';
import fc from 'fast-check';
import { billTimings } from '../../../src/core/sandbox/billTimings';
import { clockReportChanged, emptyClockReport, type ClockReport } from '../../../src/core/sandbox/ClockReport';
import { EventQueue } from '../../../src/core/sandbox/EventQueue';
import { formatAmount, gocardlessFee, parseAmount } from '../../../src/core/sandbox/money';
import { nestParams, objectField, stringField } from '../../../src/core/sandbox/nestedParams';
import { resourceId, secretToken } from '../../../src/core/sandbox/ids';
import { createPrng } from '../../../src/core/sandbox/prng';
import { addInterval, nextCalendarBoundary, parseDate, parseDateTime } from '../../../src/core/sandbox/time';
import { flattenParams } from '../../../src/core/signing';

describe('sandbox building blocks', () => {
  it('amounts: parse to pence, format back, 1% fee capped at 2.00', () => {
    assert.equal(parseAmount('10'), 1000);
    assert.equal(parseAmount('10.5'), 1050);
    assert.equal(parseAmount('0.01'), 1);
    for (const bad of ['', '-1', '1.234', '1e3', 'ten', ' 1', null]) assert.equal(parseAmount(bad), undefined, String(bad));
    assert.equal(formatAmount(4400), '44.00');
    assert.equal(formatAmount(5), '0.05');
    assert.equal(gocardlessFee(4400), 44);
    assert.equal(gocardlessFee(1_000_000), 200);
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (p) => parseAmount(formatAmount(p)) === p));
  });

  it('amounts: zero has no sign, a negative amount has one', () => {
    assert.equal(formatAmount(0), '0.00');
    assert.equal(formatAmount(-150), '-1.50');
  });

  it('amounts: only a string or a number is an amount (a JSON array holding one is not)', () => {
    assert.equal(parseAmount(['10']), undefined);
    assert.equal(parseAmount({ toString: () => '10' }), undefined);
    assert.equal(parseAmount(10), 1000);
  });

  it('a bill with charge_customer_at is submitted on that date, or at once when the date has come', () => {
    // The spec: charge_customer_at is the "Attribute to choose when a payment will leave the customer's account".
    const from = Date.UTC(2026, 0, 15, 10);
    assert.equal(billTimings(from, '2026-01-25').submitMs, Date.UTC(2026, 0, 25));
    assert.equal(billTimings(from, '2026-01-15').submitMs, from);
    assert.equal(billTimings(from, null).submitMs, Date.UTC(2026, 0, 16, 10), 'a day after creation without one');
  });

  it('a clock report counts as a change when any of its counters is above 0', () => {
    const base = emptyClockReport(new Date(0), 1000);
    assert.equal(clockReportChanged(base), false, 'moving the clock alone changes nothing to save');
    const counters: Array<keyof ClockReport> = ['billsCreated', 'billsPaid', 'billsWithdrawn', 'payoutsCreated', 'expired', 'removedUnconfirmed', 'webhooks'];
    for (const key of counters) assert.equal(clockReportChanged({ ...base, [key]: 1 }), true, key);
  });

  it('intervals: months clamp to the month end; calendar boundaries are Mondays and 1sts', () => {
    const jan31 = Date.UTC(2026, 0, 31, 9);
    assert.equal(new Date(addInterval(jan31, 'month', 1)).toISOString(), '2026-02-28T09:00:00.000Z');
    assert.equal(new Date(addInterval(Date.UTC(2024, 0, 31), 'month', 1)).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(new Date(addInterval(Date.UTC(2026, 10, 15), 'month', 2)).toISOString(), '2027-01-15T00:00:00.000Z');
    // The spec's examples: created 15th January → 1st February; created on a Wednesday → the next Monday.
    assert.equal(new Date(nextCalendarBoundary(Date.UTC(2026, 0, 15, 12), 'month')).toISOString(), '2026-02-01T00:00:00.000Z');
    assert.equal(new Date(nextCalendarBoundary(Date.UTC(2026, 0, 14, 12), 'week')).toISOString(), '2026-01-19T00:00:00.000Z');
    // Created on a Monday: the first interval is that whole week.
    assert.equal(new Date(nextCalendarBoundary(Date.UTC(2026, 0, 19, 0), 'week')).toISOString(), '2026-01-26T00:00:00.000Z');
  });

  it('daily calendar intervals start at the next midnight', () => {
    assert.equal(new Date(nextCalendarBoundary(Date.UTC(2026, 0, 14, 12), 'day')).toISOString(), '2026-01-15T00:00:00.000Z');
    assert.equal(new Date(nextCalendarBoundary(Date.UTC(2026, 0, 31, 0), 'day')).toISOString(), '2026-02-01T00:00:00.000Z');
  });

  it('calendar dates (charge_customer_at, "2014-09-01"): midnight UTC of that day; impossible dates refused', () => {
    assert.equal(parseDate('2014-09-01'), Date.UTC(2014, 8, 1));
    assert.equal(parseDate('2024-02-29'), Date.UTC(2024, 1, 29));
    for (const bad of ['2014-02-30', '2023-02-29', '2014-13-01', '2014-9-1', '2014-09-01T00:00:00Z', '']) assert.equal(parseDate(bad), undefined, bad);
    // A bill charged on a date is submitted to the bank that day.
    assert.equal(billTimings(Date.UTC(2014, 7, 20, 9), '2014-09-01').submitMs, Date.UTC(2014, 8, 1));
  });

  it('the seeded PRNG: the same seed gives the same draws; int(min, max) stays within both bounds and reaches each', () => {
    const draws = (seed: number): number[] => Array.from({ length: 5 }, createPrng(seed).next);
    assert.deepEqual(draws(42), draws(42));
    assert.notDeepEqual(draws(42), draws(43));
    fc.assert(fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 5 }), (seed, min, span) => {
      const prng = createPrng(seed);
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) {
        const n = prng.int(min, min + span);
        assert.ok(Number.isInteger(n) && n >= min && n <= min + span, `${n} outside [${min}, ${min + span}]`);
        seen.add(n);
      }
      assert.equal(seen.size, span + 1, `every value of [${min}, ${min + span}] drawn`);
    }));
  });

  it('a seeded pick is one of the items, or of the first `count` of them when given', () => {
    const prng = createPrng(7);
    const items = ['a', 'b', 'c', 'd', 'e'];
    const all = new Set(Array.from({ length: 200 }, () => prng.pick(items)));
    const firstTwo = new Set(Array.from({ length: 200 }, () => prng.pick(items, 2)));
    assert.deepEqual([...all].sort(), items);
    assert.deepEqual([...firstTwo].sort(), ['a', 'b']);
  });

  it('a seeded shuffle is a new array holding the same items, in every order over many seeds, the same for the same seed', () => {
    const items = ['a', 'b', 'c', 'd'] as const;
    const orders = new Set<string>();
    for (let seed = 0; seed < 500; seed++) {
      const shuffled = createPrng(seed).shuffle(items);
      assert.deepEqual([...shuffled].sort(), [...items]);
      assert.deepEqual(createPrng(seed).shuffle(items), shuffled);
      orders.add(shuffled.join(''));
    }
    assert.equal(orders.size, 24, 'all 4! orders come out');
    assert.deepEqual(items, ['a', 'b', 'c', 'd'], 'the input is left as it was');
    assert.deepEqual(createPrng(1).shuffle([]), []);
  });

  it('seeded ids and tokens look like the spec\'s and come out the same for the same seed', () => {
    assert.match(resourceId(createPrng(1)), /^[0-9A-Z]{14}$/);
    assert.match(resourceId(createPrng(1), 5), /^[0-9A-Z]{5}$/);
    assert.match(resourceId(), /^[0-9A-Z]{14}$/);
    assert.match(secretToken(createPrng(1)), /^[A-Za-z0-9+/]{64}$/);
    assert.equal(secretToken(createPrng(1)), secretToken(createPrng(1)));
  });

  it('date-times: ISO 8601 with or without zone and fraction; impossible dates refused', () => {
    assert.equal(parseDateTime('2011-11-17T15:00:23Z'), Date.UTC(2011, 10, 17, 15, 0, 23));
    assert.equal(parseDateTime('2011-11-17T15:00:23.123Z'), Date.UTC(2011, 10, 17, 15, 0, 23, 123));
    assert.equal(parseDateTime('2011-11-17T16:00:23+01:00'), Date.UTC(2011, 10, 17, 15, 0, 23));
    assert.equal(parseDateTime('2011-11-17'), Date.UTC(2011, 10, 17));
    for (const bad of ['2011-02-30', '2011-11-17T25:00:00Z', 'yesterday', '17/11/2011', '']) assert.equal(parseDateTime(bad), undefined, bad);
  });

  it('nested params are the inverse of the Signature Guide flattening', () => {
    const leaf = fc.string({ maxLength: 8 });
    const key = fc.stringMatching(/^[a-z_]{1,6}$/);
    fc.assert(fc.property(fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf, { minKeys: 1 }), fc.array(leaf, { minLength: 1, maxLength: 3 })), { minKeys: 1 }), (params) => {
      const rebuilt = nestParams(flattenParams(params));
      assert.deepEqual(JSON.parse(JSON.stringify(rebuilt)), JSON.parse(JSON.stringify(params)));
    }));
    assert.deepEqual(JSON.parse(JSON.stringify(nestParams([['bill[user][email]', 'a@b.c'], ['cars[]', 'BMW'], ['cars[]', 'VW']]))), { bill: { user: { email: 'a@b.c' } }, cars: ['BMW', 'VW'] });
  });

  it('nested params: a nested key after a plain value of the same name makes it an object', () => {
    // user=x&user[email]=a@b.c: the later, nested pairs win, as a form body's reader would take them.
    assert.deepEqual(JSON.parse(JSON.stringify(nestParams([['user', 'x'], ['user[email]', 'a@b.c']]))), { user: { email: 'a@b.c' } });
  });

  it('objectField gives objects only; stringField strings only', () => {
    const params = nestParams([['bill[amount]', '10.0'], ['bill[user][email]', 'a@b.c'], ['cars[]', 'BMW']]);
    assert.equal(objectField(params, 'cars'), undefined);
    assert.equal(objectField(params['bill'], 'amount'), undefined, 'a string is not an object');
    assert.equal(objectField(params['bill'], 'missing'), undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(objectField(params['bill'], 'user'))), { email: 'a@b.c' });
    assert.equal(stringField(params['bill'], 'amount'), '10.0');
    assert.equal(stringField(params['bill'], 'user'), undefined);
  });

  it('the event queue pops in time order, ties in scheduling order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
      const q = new EventQueue();
      times.forEach((t, i) => q.push(t, 'settle', String(i)));
      const popped: Array<[number, number]> = [];
      for (let e = q.popDue(25); e; e = q.popDue(25)) popped.push([e.at, Number(e.id)]);
      const expected = times.map((t, i) => [t, i] as [number, number]).filter(([t]) => t <= 25).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(popped, expected);
      assert.equal(q.size, times.filter((t) => t > 25).length);
    }));
  });

  it('the event queue forgets everything on clear', () => {
    const q = new EventQueue();
    q.push(1, 'settle', 'a');
    q.push(2, 'withdraw', 'b');
    q.clear();
    assert.equal(q.size, 0);
    assert.equal(q.popDue(10), undefined);
  });
});
