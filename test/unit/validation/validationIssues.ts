import { strict as assert } from 'node:assert';
import { ValidationError, type ValidationIssue } from '../../../src/core/validation/ValidationError';

/** The issues of the ValidationError `run` throws (or rejects with); fails when it does not. */
export async function validationIssues(run: () => unknown): Promise<readonly ValidationIssue[]> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    return error.issues;
  }
  return assert.fail('expected a ValidationError, got none');
}
