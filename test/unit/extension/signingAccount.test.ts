import * as assert from 'node:assert/strict';
import { verifyWebhookDelivery, resignPayload } from '../../../src/core/webhooks';
import { accountThatVerified } from '../../../src/extension/webhooks/signingAccount';

const ACCOUNTS = [
  { id: 'sandbox', name: 'Sandbox', secret: 's'.repeat(64) },
  { id: 'live', name: 'Production', secret: 'l'.repeat(64) },
];

function verificationOf(body: string): { verification: ReturnType<typeof verifyWebhookDelivery>['verification'] } {
  return { verification: verifyWebhookDelivery(body, ACCOUNTS).verification };
}

describe('accountThatVerified ("Re-sign and send" never takes the account from an attacker\'s delivery)', () => {
  const payload = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1', status: 'paid' }] };

  it('is the account whose secret verified a valid delivery', () => {
    const d = verificationOf(JSON.stringify({ payload: resignPayload(payload, ACCOUNTS[1]!.secret) }));
    assert.equal(d.verification.status, 'valid');
    assert.equal(accountThatVerified(d), 'live');
  });

  it('is nobody for a delivery that did not verify, even when its diagnosis names an account', () => {
    // Signed with the live secret, then altered: the diagnosis is made against the live account.
    const signed = resignPayload(payload, ACCOUNTS[1]!.secret);
    const d = verificationOf(JSON.stringify({ payload: { ...signed, bills: [{ id: 'B1', status: 'failed' }] } }));
    assert.notEqual(d.verification.status, 'valid');
    assert.equal(accountThatVerified(d), undefined);
    assert.equal(accountThatVerified({ verification: { status: 'invalid', reason: 'x', account: { id: 'live', name: 'Production' } } }), undefined, 'a stored diagnosis naming the live account');
    assert.equal(accountThatVerified(undefined), undefined);
  });
});
