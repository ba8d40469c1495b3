import { strict as assert } from 'node:assert';
import { isListableResource, isResourceType } from '../../../src/core/api/resourceTypes';

describe('resource type names', () => {
  it('isResourceType accepts the table\'s names only, not inherited keys or other values read off the wire', () => {
    assert.equal(isResourceType('bill'), true);
    assert.equal(isResourceType('pre_authorization'), true);
    for (const value of ['bills', 'toString', '', 5, undefined]) assert.equal(isResourceType(value), false, String(value));
  });

  it('isListableResource accepts a list endpoint\'s path segment, not a type name', () => {
    assert.equal(isListableResource('bills'), true);
    assert.equal(isListableResource('pre_authorizations'), true);
    assert.equal(isListableResource('bill'), false);
  });
});
