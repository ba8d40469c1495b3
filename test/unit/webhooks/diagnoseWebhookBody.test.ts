import { strict as assert } from 'node:assert';
import { hmacHex, normalizeParams, signParams, SIGNATURE_VARIANTS, type SignableParams } from '../../../src/core/signing';
import { diagnoseWebhookBody } from '../../../src/core/webhooks/diagnoseWebhookBody';

const SECRET = 'webhook-secret-1';
const OTHER = 'webhook-secret-2';

/** The spec's example webhook payload (unsigned), with optional changes. */
function billPaidPayload(overrides: Record<string, unknown> = {}): SignableParams {
  return {
    resource_type: 'bill', action: 'paid',
    bills: [
      { id: 'AKJ398H8KA', status: 'paid', source_type: 'subscription', source_id: 'KKJ398H8K8', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-01T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KA' },
      { id: 'AKJ398H8KB', status: 'paid', source_type: 'subscription', source_id: '8AKJ398H78', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-09T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KB' },
    ],
    ...overrides,
  } as SignableParams;
}

function body(payload: SignableParams, signature: string | undefined): string {
  return JSON.stringify({ payload: signature === undefined ? payload : { ...payload, signature } });
}

describe('webhooks: diagnoseWebhookBody', () => {
  it('verifies a signed body and reports resource type, action and object ids', () => {
    const p = billPaidPayload();
    const r = diagnoseWebhookBody(body(p, signParams(p, SECRET).signature), SECRET);
    assert.equal(r.verdict, 'valid');
    assert.equal(r.valid, true);
    assert.equal(r.resourceType, 'bill');
    assert.equal(r.action, 'paid');
    assert.deepEqual(r.objectIds, ['AKJ398H8KA', 'AKJ398H8KB']);
    assert.equal(r.secretIndex, 0);
    assert.deepEqual(r.warnings, []);
  });

  it('accepts a Buffer body, with or without a byte-order mark', () => {
    const p = billPaidPayload();
    const text = body(p, signParams(p, SECRET).signature);
    assert.equal(diagnoseWebhookBody(Buffer.from(text), SECRET).verdict, 'valid');
    assert.equal(diagnoseWebhookBody(Buffer.from('\uFEFF' + text), SECRET).verdict, 'valid');
  });

  it('says which of several secrets matched', () => {
    const p = billPaidPayload({ resource_type: 'subscription', action: 'cancelled', bills: undefined, subscriptions: [{ id: 'S1' }] });
    const r = diagnoseWebhookBody(body(p, signParams(p, OTHER).signature), [SECRET, OTHER]);
    assert.equal(r.verdict, 'valid');
    assert.equal(r.secretIndex, 1);
    assert.deepEqual(r.objectIds, ['S1']);
  });

  it('is invalid when the payload changed after signing, with the expected normalized string', () => {
    const p = billPaidPayload();
    const sig = signParams(p, SECRET).signature;
    const r = diagnoseWebhookBody(body(billPaidPayload({ action: 'failed' }), sig), [SECRET, OTHER]);
    assert.equal(r.verdict, 'invalid');
    assert.equal(r.diagnosis?.verdict, 'unexplained');
    assert.ok(r.diagnosis?.expected.normalized.startsWith('action=failed&'));
    assert.ok(!JSON.stringify(r).includes(SECRET) && !JSON.stringify(r).includes(OTHER));
  });

  it('detects a signer that signed the payload wrapper', () => {
    const p = billPaidPayload();
    const r = diagnoseWebhookBody(body(p, hmacHex(normalizeParams({ payload: p }), SECRET)), SECRET);
    assert.equal(r.verdict, 'invalid');
    assert.equal(r.diagnosis?.verdict, 'variant');
    assert.equal(r.diagnosis?.variant?.id, 'payload-wrapper-signed');
    assert.match(r.reason, /not including the container payload/);
  });

  it('detects a signer that included the signature field, with or without the wrapper', () => {
    const p = billPaidPayload();
    const inner = diagnoseWebhookBody(body(p, hmacHex(normalizeParams({ ...p, signature: '' }), SECRET)), SECRET);
    assert.equal(inner.diagnosis?.variant?.id, 'signature-included');
    const whole = diagnoseWebhookBody(body(p, hmacHex(normalizeParams({ payload: { ...p, signature: null } }), SECRET)), SECRET);
    assert.equal(whole.diagnosis?.variant?.id, 'payload-wrapper-signed');
    assert.match(whole.reason, /signature field included/);
  });

  it('passes core’s variant diagnosis through (e.g. signing the docs’ unencoded string), for the secret that explains it', () => {
    const p = billPaidPayload();
    const v = SIGNATURE_VARIANTS.find((x) => x.id === 'not-encoded')!;
    const r = diagnoseWebhookBody(body(p, hmacHex(v.normalize(p), OTHER)), [SECRET, OTHER]);
    assert.equal(r.diagnosis?.variant?.id, 'not-encoded');
    assert.equal(r.secretIndex, 1);
  });

  it('says unsigned when the payload has no signature', () => {
    for (const sig of [undefined, '', null]) {
      const text = sig === undefined ? body(billPaidPayload(), undefined) : JSON.stringify({ payload: { ...billPaidPayload(), signature: sig } });
      const r = diagnoseWebhookBody(text, SECRET);
      assert.equal(r.verdict, 'unsigned', String(sig));
      assert.deepEqual(r.objectIds, ['AKJ398H8KA', 'AKJ398H8KB']);
    }
  });

  it('says malformed for bodies that are not a {"payload": {…}} JSON object, naming the problem', () => {
    const cases: [string | Uint8Array, RegExp][] = [
      ['', /not JSON/],
      ['{"payload":', /not JSON/],
      ['[1,2]', /JSON object/],
      ['{"resource_type":"bill","signature":"ab"}', /not wrapped in "payload"/],
      ['{"payload":"x"}', /no "payload" object/],
      ['{"payload":{"signature":42}}', /64 hex digits/],
      [new Uint8Array([0x7b, 0xff, 0x7d]), /UTF-8/],
      [JSON.stringify({ payload: { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown } }), /nested deeper/],
    ];
    for (const [input, reason] of cases) {
      const r = diagnoseWebhookBody(input, SECRET);
      assert.equal(r.verdict, 'malformed', String(input));
      assert.match(r.reason, reason);
      assert.equal(r.valid, false);
    }
  });

  it('warns about shapes the spec does not list, without changing the verdict', () => {
    const p = billPaidPayload({ action: 'exploded' });
    const r = diagnoseWebhookBody(body(p, signParams(p, SECRET).signature), SECRET);
    assert.equal(r.verdict, 'valid');
    assert.deepEqual(r.warnings, ['payload.action "exploded" is not a bill action (created, paid, withdrawn, failed, cancelled, refunded, chargedback, retried).']);
    const q = { resource_type: 'payout', action: 'paid' };
    assert.match(diagnoseWebhookBody(body(q, signParams(q, SECRET).signature), SECRET).warnings[0]!, /not one the spec lists/);
  });

  it('refuses an empty list of secrets', () => {
    assert.throws(() => diagnoseWebhookBody('{}', []), RangeError);
  });
});
