import assert from 'node:assert/strict';
import { hmacHex, normalizeParams, SIGNATURE_VARIANTS, signParams, type SignableParams } from '../../../src/core/signing';
import { WebhookListener, type WebhookAccount } from '../../../src/core/webhooks';
import { post } from './loopback';
import { paramsExposingEveryVariant } from '../signing/variantParams';

const MERCHANT: WebhookAccount = { id: 'acc_m', name: 'Merchant', secret: 'merchant-secret-Kq8/+=' };
const OTHER: WebhookAccount = { id: 'acc_o', name: 'Other', secret: 'other-secret-0123456789' };

/**
 * A bill webhook of the spec's shape whose extra fields make every known
 * signing mistake normalize differently from the spec (the same fields as the
 * signing diagnosis tests): raw vs encoded order, spaces, `!'()*~`, `%20`,
 * equal keys, booleans and null.
 */
function payload(): SignableParams {
  return {
    resource_type: 'bill', action: 'paid',
    bills: [
      { id: 'AKJ398H8KB', status: 'paid', amount: '20.0', paid_at: '2011-12-09T12:00:00Z' },
      { id: 'AKJ398H8KA', status: 'paid', amount: '20.0', paid_at: '2011-12-01T12:00:00Z' },
    ],
    ...paramsExposingEveryVariant(),
  };
}

/** Each mistake as the string a faulty signer hashed; the webhook-only ones are the spec's normalization of the wrong object. */
const MISTAKES: ReadonlyArray<{ id: string; normalized: (p: SignableParams) => string }> = [
  ...SIGNATURE_VARIANTS.map((v) => ({ id: v.id, normalized: (p: SignableParams) => v.normalize(p) })),
  { id: 'signature-included', normalized: (p) => normalizeParams({ ...p, signature: '' }) },
  { id: 'payload-wrapper-signed', normalized: (p) => normalizeParams({ payload: p }) },
  { id: 'payload-wrapper-signed', normalized: (p) => normalizeParams({ payload: { ...p, signature: '' } }) },
];

describe('WebhookListener and the known signing mistakes', () => {
  let listener: WebhookListener;
  before(async () => { listener = await WebhookListener.start({ accounts: [OTHER, MERCHANT] }); });
  after(async () => { await listener.close(); });

  it('answers 200 to the same webhook signed as the spec says (so the 403s below are about the mistake)', async () => {
    const p = payload();
    const answer = await post(listener.url, JSON.stringify({ payload: { ...p, signature: signParams(p, MERCHANT.secret).signature } }));
    assert.equal(answer.status, 200, answer.body);
  });

  for (const [i, mistake] of MISTAKES.entries()) {
    it(`answers 403 to a webhook signed with mistake "${mistake.id}" (#${i}), and names it`, async () => {
      // Spec, Webhooks: "The data will contain an HMAC digest signature generated using the merchant's app secret -
      // this prevents attackers imitating valid web hooks." A mistaken signature is not the spec's: 403.
      const p = payload();
      const normalized = mistake.normalized(p);
      assert.notEqual(normalized, signParams(p, MERCHANT.secret).normalized, 'the mistake changes the signed string for this payload');
      const answer = await post(listener.url, JSON.stringify({ payload: { ...p, signature: hmacHex(normalized, MERCHANT.secret) } }));
      assert.equal(answer.status, 403, `a webhook signed with "${mistake.id}" must not be accepted`);
      const id = (JSON.parse(answer.body) as { id: string }).id;
      const d = listener.store.get(id);
      assert.equal(d?.verification.status, 'invalid');
      assert.equal(d?.verification.diagnosis?.variant?.id, mistake.id, 'the delivery says which mistake the signer made');
      assert.equal(d?.verification.account?.id, MERCHANT.id, 'and whose secret explains it');
    });
  }
});
