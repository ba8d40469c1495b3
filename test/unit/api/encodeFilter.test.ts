import { strict as assert } from 'node:assert';
import { encodeFilter } from '../../../src/core/api/encodeFilter';
import { ValidationError } from '../../../src/core/validation/ValidationError';

describe('encodeFilter (the spec\'s Filtering table)', () => {
  it('no filter, undefined or null, gives no query', () => {
    assert.deepEqual(encodeFilter('bills', undefined), []);
    assert.deepEqual(encodeFilter('bills', null as never), []);
  });

  it('unset values (undefined, null, "") are skipped, known filter or not', () => {
    assert.deepEqual(encodeFilter('bills', { user_id: null, name: '', stauts: undefined, status: 'paid' }), [['status', 'paid']]);
  });

  it('paid is a boolean, also written as the text "true" or "false"', () => {
    // Spec: "paid boolean (true/false) Bill Return only paid bills."
    assert.deepEqual(encodeFilter('bills', { paid: 'true' }), [['paid', 'true']]);
    assert.deepEqual(encodeFilter('bills', { paid: 'false' }), [['paid', 'false']]);
    assert.deepEqual(encodeFilter('bills', { paid: false }), [['paid', 'false']]);
  });

  it('an unknown filter is named with the ones the resource has', () => {
    assert.throws(() => encodeFilter('bills', { stauts: 'paid' }), (e: unknown) => e instanceof ValidationError && e.message
      === 'stauts is not a filter for bills; use source_id, source_type, subscription_id, pre_authorization_id, user_id, before, after, name, description, status, paid');
  });

  it('after equal to before matches nothing and is refused', () => {
    assert.throws(() => encodeFilter('bills', { after: '2011-11-17T15:00:23Z', before: '2011-11-17T15:00:23Z' }), (e: unknown) => e instanceof ValidationError
      && e.field === 'after' && e.message === 'after (2011-11-17T15:00:23Z) must be earlier than before (2011-11-17T15:00:23Z), or nothing can match');
  });
});
