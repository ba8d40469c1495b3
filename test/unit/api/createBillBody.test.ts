import { strict as assert } from 'node:assert';
import { createBillBody, type CreateBillParams } from '../../../src/core/api/createBillBody';
import { ValidationError, type ValidationIssue } from '../../../src/core/validation/ValidationError';

function issuesOf(params: Partial<Record<keyof CreateBillParams, unknown>>): readonly ValidationIssue[] {
  try {
    createBillBody(params as CreateBillParams);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.issues;
  }
  return assert.fail(`expected ${JSON.stringify(params)} to be refused`);
}

const VALID = { pre_authorization_id: 'UQSTF7AMQMYWBL', amount: '10.00' };

describe('createBillBody (POST /api/v1/bills, "Create a bill under a pre-auth")', () => {
  it('pre_authorization_id is required: missing, empty or blank', () => {
    // Spec: "pre_authorization_id (required) The ID of the pre-authorization the bill should be created against."
    const required = [{ field: 'bill[pre_authorization_id]', rule: 'required', message: 'bill[pre_authorization_id] is required' }];
    assert.deepEqual(issuesOf({ amount: '10.00' }), required);
    assert.deepEqual(issuesOf({ ...VALID, pre_authorization_id: '' }), required);
    assert.deepEqual(issuesOf({ ...VALID, pre_authorization_id: '   ' }), required);
  });

  it('amount is required: missing or empty says "required", not "must be a number"', () => {
    // Spec: "amount (required) The amount of the bill."
    const required = [{ field: 'bill[amount]', rule: 'required', message: 'bill[amount] is required' }];
    assert.deepEqual(issuesOf({ pre_authorization_id: 'P' }), required);
    assert.deepEqual(issuesOf({ pre_authorization_id: 'P', amount: '' }), required);
    assert.deepEqual(issuesOf({ pre_authorization_id: 'P', amount: 'ten' }).map((i) => i.rule), ['amount']);
  });

  it('name and description must be text', () => {
    assert.deepEqual(issuesOf({ ...VALID, name: 5, description: ['d'] }), [
      { field: 'bill[name]', rule: 'type', message: 'bill[name] must be text' },
      { field: 'bill[description]', rule: 'type', message: 'bill[description] must be text' },
    ]);
    assert.deepEqual(issuesOf({ ...VALID, description: false }), [{ field: 'bill[description]', rule: 'type', message: 'bill[description] must be text' }]);
  });

  it('charge_customer_at is a day, YYYY-MM-DD: a date-time, a list or an invalid Date is refused with the value quoted', () => {
    // Spec: "charge_customer_at: … the date on which the payment should be collected" (a day, not an instant).
    const format = (got: string): ValidationIssue[] => [{
      field: 'bill[charge_customer_at]', rule: 'iso8601', message: `bill[charge_customer_at] must be a date in the format YYYY-MM-DD, got ${got}`,
    }];
    assert.deepEqual(issuesOf({ ...VALID, charge_customer_at: '2030-03-05T10:00:00Z' }), format('"2030-03-05T10:00:00Z"'));
    assert.deepEqual(issuesOf({ ...VALID, charge_customer_at: ['2030-03-05'] }), format('["2030-03-05"]'));
    assert.deepEqual(issuesOf({ ...VALID, charge_customer_at: new Date('nope') }), [
      { field: 'bill[charge_customer_at]', rule: 'iso8601', message: 'bill[charge_customer_at] is an invalid Date' },
    ]);
  });

  it('the body has only the fields given, the amount trimmed', () => {
    assert.deepEqual(createBillBody({ ...VALID, amount: ' 10.00 ' }), { amount: '10.00', pre_authorization_id: 'UQSTF7AMQMYWBL' });
    assert.deepEqual(createBillBody({ ...VALID, name: '', description: 'd', charge_customer_at: '2030-03-05' }), {
      amount: '10.00', pre_authorization_id: 'UQSTF7AMQMYWBL', name: '', description: 'd', charge_customer_at: '2030-03-05',
    });
  });
});
