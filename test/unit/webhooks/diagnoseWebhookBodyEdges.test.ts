import { strict as assert } from 'node:assert';
import { hmacHex, normalizeParams, signParams, type SignableParams } from '../../../src/core/signing';
import { diagnoseWebhookBody, NOT_DIAGNOSED_REASON } from '../../../src/core/webhooks/diagnoseWebhookBody';

const SECRET = 'edge-secret-1';
const OTHER = 'edge-secret-2';
const BILL: SignableParams = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }, { id: 'B2' }] };

function body(payload: SignableParams, signature?: string): string {
  return JSON.stringify({ payload: signature === undefined ? payload : { ...payload, signature } });
}

/** The webhook-only mistakes, as the object their signer normalized, with the title and explanation the diagnosis gives. */
const WEBHOOK_MISTAKES = [
  {
    id: 'payload-wrapper-signed', signed: (p: SignableParams): SignableParams => ({ payload: p }),
    reason: 'The payload wrapper was signed. The signer signed {"payload": {…}} (keys like payload[action]). The spec signs the contents of payload, "not including the container payload itself".',
  },
  {
    id: 'signature-included', signed: (p: SignableParams): SignableParams => ({ ...p, signature: '' }),
    reason: 'The signature field was signed. The signer included an empty `signature` key in what it signed. Remove `signature` before signing (and before verifying).',
  },
  {
    id: 'payload-wrapper-signed', signed: (p: SignableParams): SignableParams => ({ payload: { ...p, signature: '' } }),
    reason: 'The payload wrapper was signed, signature field included. The signer signed the whole body {"payload": {…, "signature": ""}}. Sign only the contents of payload, without its signature.',
  },
] as const;

describe('webhooks: diagnoseWebhookBody, edges', () => {
  it('refuses no secret and an empty secret, saying which', () => {
    assert.throws(() => diagnoseWebhookBody('{}', []), { name: 'RangeError', message: 'diagnoseWebhookBody needs at least one secret' });
    assert.throws(() => diagnoseWebhookBody('{}', [SECRET, '']), /app secret is empty/);
    assert.throws(() => diagnoseWebhookBody('{}', ''), /app secret is empty/);
  });

  it('names JSON.parse\'s own complaint for a body that is not JSON', () => {
    let parseError = '';
    try { JSON.parse('{"payload":'); } catch (err) { parseError = (err as Error).message; }
    assert.equal(diagnoseWebhookBody('{"payload":', SECRET).reason, `The body is not JSON (${parseError}).`);
  });

  it('skips a byte-order mark in a string body too', () => {
    const sig = signParams(BILL, SECRET).signature;
    assert.equal(diagnoseWebhookBody('\uFEFF' + body(BILL, sig), SECRET).verdict, 'valid');
  });

  it('says the body is not wrapped in "payload" when either a resource_type or a signature is at the top', () => {
    // Spec, Webhooks: "payload: A hash/dictionary, the top level namespace."
    for (const text of ['{"resource_type":"bill"}', '{"signature":"ab"}', '{"payload":null,"signature":"ab"}']) {
      assert.equal(diagnoseWebhookBody(text, SECRET).reason, 'The body is not wrapped in "payload": GoCardless sends {"payload": {…}}.', text);
    }
    assert.equal(diagnoseWebhookBody('{"action":"paid"}', SECRET).reason, 'The body has no "payload" object.');
    assert.equal(diagnoseWebhookBody('{"payload":[{"resource_type":"bill"}]}', SECRET).reason, 'The body has no "payload" object.');
  });

  it('reads payloads of every JSON value type as signable', () => {
    const p: SignableParams = { ...BILL, s: 'x', n: 1.5, t: true, f: false, z: null, list: [1, 'a', null, { k: [] }] };
    const r = diagnoseWebhookBody(body(p, signParams(p, SECRET).signature), SECRET);
    assert.equal(r.verdict, 'valid');
  });

  it('keeps the diagnosis of a valid signature, for the secret that matched', () => {
    const r = diagnoseWebhookBody(body(BILL, signParams(BILL, OTHER).signature), [SECRET, OTHER]);
    assert.equal(r.reason, 'The signature matches.');
    assert.equal(r.secretIndex, 1);
    assert.equal(r.diagnosis?.valid, true);
  });

  it('names each webhook-only signing mistake with its title and explanation, and the normalized string the signer used', () => {
    for (const mistake of WEBHOOK_MISTAKES) {
      const normalized = normalizeParams(mistake.signed(BILL));
      const r = diagnoseWebhookBody(body(BILL, hmacHex(normalized, SECRET)), SECRET);
      assert.equal(r.verdict, 'invalid');
      assert.equal(r.valid, false);
      assert.equal(r.reason, mistake.reason);
      assert.equal(r.diagnosis?.verdict, 'variant');
      assert.equal(r.diagnosis?.valid, false);
      assert.equal(r.diagnosis?.variant?.id, mistake.id);
      assert.equal(`${r.diagnosis?.variant?.title}. ${r.diagnosis?.variant?.explanation}`, mistake.reason);
      assert.equal(r.diagnosis?.variant?.normalized, normalized);
      assert.equal(r.diagnosis?.reason, mistake.reason);
      assert.equal(r.secretIndex, 0);
      assert.deepEqual(r.objectIds, ['B1', 'B2']);
    }
  });

  it('finds a webhook-only mistake made with the second secret, and in upper-case hex', () => {
    const signature = hmacHex(normalizeParams({ payload: BILL }), OTHER);
    for (const sig of [signature, signature.toUpperCase()]) {
      const r = diagnoseWebhookBody(body(BILL, sig), [SECRET, OTHER]);
      assert.equal(r.diagnosis?.variant?.id, 'payload-wrapper-signed', sig);
      assert.equal(r.secretIndex, 1);
    }
  });

  it('for an unexplained signature, diagnoses it against the first secret', () => {
    const r = diagnoseWebhookBody(body(BILL, 'ab'.repeat(32)), [SECRET, OTHER]);
    assert.equal(r.verdict, 'invalid');
    assert.equal(r.diagnosis?.verdict, 'unexplained');
    assert.equal(r.secretIndex, 0);
    assert.equal(r.reason, r.diagnosis?.reason);
  });

  it('with explain false, checks the spec\'s signature only: which secret matched, or NOT_DIAGNOSED_REASON', () => {
    const first = diagnoseWebhookBody(body(BILL, signParams(BILL, SECRET).signature), [SECRET, OTHER], { explain: false });
    assert.deepEqual({ verdict: first.verdict, valid: first.valid, reason: first.reason, secretIndex: first.secretIndex, diagnosis: first.diagnosis },
      { verdict: 'valid', valid: true, reason: 'The signature matches.', secretIndex: 0, diagnosis: undefined });
    assert.equal(diagnoseWebhookBody(body(BILL, signParams(BILL, OTHER).signature), [SECRET, OTHER], { explain: false }).secretIndex, 1);
    const mistaken = diagnoseWebhookBody(body(BILL, hmacHex(normalizeParams({ payload: BILL }), SECRET)), SECRET, { explain: false });
    assert.deepEqual({ verdict: mistaken.verdict, reason: mistaken.reason, diagnosis: mistaken.diagnosis, secretIndex: mistaken.secretIndex },
      { verdict: 'invalid', reason: NOT_DIAGNOSED_REASON, diagnosis: undefined, secretIndex: undefined });
    assert.deepEqual(mistaken.objectIds, ['B1', 'B2'], 'the shape is still read');
    assert.equal(mistaken.valid, false, 'not diagnosed is still not valid');
    assert.equal(diagnoseWebhookBody(body(BILL, hmacHex(normalizeParams({ payload: BILL }), SECRET)), SECRET, { explain: true }).diagnosis?.verdict, 'variant');
  });

  it('warns about each shape problem in the spec\'s words, and keeps the ids it can read', () => {
    // Spec: resource_type 'A string: "bill", "pre_authorization", or "subscription".'; objects are "named as the
    // pluralize name of the resource type".
    const cases: Array<[SignableParams, readonly string[], readonly string[]]> = [
      [{ action: 'paid' }, ['payload.resource_type is missing.'], []],
      [{ resource_type: 'bill', bills: [{ id: 'B1' }] }, ['payload.action is missing.'], ['B1']],
      [{ resource_type: 'subscription', action: 'cancelled' }, ['payload.subscriptions should be the array of subscription objects.'], []],
      [{ resource_type: 'pre_authorization', action: 'expired', pre_authorizations: ['P1', ['P2'], { id: 'P3' }, null] },
        ['An object in payload.pre_authorizations has no string id.', 'An object in payload.pre_authorizations has no string id.', 'An object in payload.pre_authorizations has no string id.'], ['P3']],
      [{ resource_type: 'payout', action: 'paid' }, ['payload.resource_type "payout" is not one the spec lists (bill, pre_authorization, subscription).'], []],
      [{ resource_type: 'subscription', action: 'paid', subscriptions: [] }, ['payload.action "paid" is not a subscription action (cancelled, expired).'], []],
      [{ ...BILL }, [], ['B1', 'B2']],
    ];
    for (const [p, warnings, ids] of cases) {
      const r = diagnoseWebhookBody(body(p), SECRET);
      assert.equal(r.verdict, 'unsigned');
      assert.deepEqual(r.warnings, warnings, JSON.stringify(p));
      assert.deepEqual(r.objectIds, ids, JSON.stringify(p));
      assert.equal('resourceType' in r, typeof p['resource_type'] === 'string');
      assert.equal('action' in r, typeof p['action'] === 'string');
    }
  });

  it('reads no object ids and gives no warnings for a body that is not a webhook at all', () => {
    for (const text of ['not json', '[1,2]', '{"bills":[{"id":"B1"}]}']) {
      const r = diagnoseWebhookBody(text, SECRET);
      assert.deepEqual({ verdict: r.verdict, valid: r.valid, objectIds: r.objectIds, warnings: r.warnings },
        { verdict: 'malformed', valid: false, objectIds: [], warnings: [] }, text);
    }
  });
});
