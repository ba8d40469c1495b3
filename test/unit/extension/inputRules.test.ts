import * as assert from 'node:assert/strict';
import { filterDateValue, validateBillAmount, validateChargeDate, validateDays, validateFilterDate } from '../../../src/extension/commands/inputRules';
import { readScale } from '../../../src/extension/sandbox/readScale';

describe('input rules', () => {
  it('bill amounts follow core\'s rule and the remaining amount', () => {
    assert.equal(validateBillAmount('10.00', '50.00'), undefined);
    assert.equal(validateBillAmount('50', '50.00'), undefined);
    assert.match(validateBillAmount('50.01', '50.00') ?? '', /remaining 50\.00/);
    assert.match(validateBillAmount('1.234', '50.00') ?? '', /amount/);
    assert.match(validateBillAmount('-1', '50.00') ?? '', /amount/);
    assert.match(validateBillAmount('', '50.00') ?? '', /amount/);
  });

  it('charge dates are YYYY-MM-DD and not in the past of the given clock', () => {
    const today = new Date('2030-05-10T12:00:00Z');
    assert.equal(validateChargeDate('', today), undefined);
    assert.equal(validateChargeDate('2030-05-10', today), undefined);
    assert.equal(validateChargeDate('2030-06-01', today), undefined);
    assert.match(validateChargeDate('2030-05-09', today) ?? '', /past \(today is 2030-05-10\)/);
    assert.match(validateChargeDate('10/05/2030', today) ?? '', /YYYY-MM-DD/);
    assert.match(validateChargeDate('2030-02-30', today) ?? '', /YYYY-MM-DD/);
  });

  it('filter dates accept ISO dates and times and are sent in the spec\'s UTC form', () => {
    assert.equal(validateFilterDate(''), undefined);
    assert.equal(validateFilterDate('2024-01-31'), undefined);
    assert.match(validateFilterDate('31/01/2024') ?? '', /ISO 8601/);
    assert.equal(filterDateValue('2024-01-31'), '2024-01-31T00:00:00Z');
    assert.equal(filterDateValue('2011-11-17T16:00:23+01:00'), '2011-11-17T15:00:23Z');
    assert.throws(() => filterDateValue('nope'), /ISO 8601/);
  });

  it('clock advances are positive and bounded', () => {
    assert.equal(validateDays('0.5'), undefined);
    assert.match(validateDays('0') ?? '', /positive/);
    assert.match(validateDays('abc') ?? '', /positive/);
    assert.match(validateDays('4000') ?? '', /3650/);
  });

  it('reads the scale setting defensively', () => {
    assert.deepEqual(readScale({ bills: 100000, users: 10 }), { bills: 100000, users: 10 });
    assert.deepEqual(readScale({ bills: -1, payouts: 2.5, subscriptions: '3', extra: 4 }), {});
    assert.deepEqual(readScale(null), {});
    assert.deepEqual(readScale('big'), {});
  });
});
