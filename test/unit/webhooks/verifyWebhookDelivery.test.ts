import assert from 'node:assert/strict';
import { hmacHex, normalizeParams, signParams, type SignableParams, type SignableValue } from '../../../src/core/signing';
import {
  MAX_DIAGNOSED_BODY_BYTES, NOT_DIAGNOSED_REASON, buildTestWebhook, diagnoseWebhookBody, resignPayload, verifyWebhookDelivery,
  type WebhookAccount,
} from '../../../src/core/webhooks';

const SECRET = 'verify-secret-1';
const A: WebhookAccount = { id: 'acc_a', name: 'Sandbox', secret: SECRET };
const B: WebhookAccount = { id: 'acc_b', name: 'Live', secret: 'verify-secret-2' };

function signedBody(unsigned: SignableParams, secret = SECRET): string {
  return JSON.stringify({ payload: resignPayload(unsigned, secret) });
}

/** A body whose signature is the spec's HMAC over the payload wrapper: a known mistake the full path names. */
function wrapperSignedBody(unsigned: SignableParams, secret = SECRET): string {
  return JSON.stringify({ payload: { ...unsigned, signature: hmacHex(normalizeParams({ payload: unsigned }), secret) } });
}

/** `levels` arrays (or objects) nested in one another under the payload's `deep` key: the innermost sits at depth `levels`. */
function nested(levels: number, kind: 'array' | 'object'): SignableValue {
  let v: SignableValue = 'leaf';
  for (let i = 0; i < levels; i++) v = kind === 'array' ? [v] : { k: v };
  return v;
}

const BILL: SignableParams = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }] };

describe('verifyWebhookDelivery: what each verdict records', () => {
  it('records a genuine webhook of the spec\'s shape as valid, naming the account, with nothing else', () => {
    // Spec, Webhooks: "The data will contain an HMAC digest signature generated using the merchant's app secret".
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1', 'B2'], secret: B.secret });
    const check = verifyWebhookDelivery(hook.json, [A, B]);
    assert.deepEqual(check, {
      payload: hook.body.payload, objectIds: ['B1', 'B2'], resourceType: 'bill', action: 'paid', signature: hook.signature,
      verification: { status: 'valid', account: { id: 'acc_b', name: 'Live' }, reason: 'Signed with the app secret of Live.' },
    });
  });

  it('answers the same for a genuine webhook whether it comes as a string or as bytes', () => {
    const hook = buildTestWebhook({ resourceType: 'subscription', action: 'cancelled', ids: ['S1'], secret: SECRET });
    assert.deepEqual(verifyWebhookDelivery(Buffer.from(hook.json), [A]), verifyWebhookDelivery(hook.json, [A]));
  });

  it('shares one verification record among an account\'s valid deliveries (the store keeps up to a thousand)', () => {
    const one = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    const two = buildTestWebhook({ resourceType: 'bill', action: 'failed', ids: ['B2'], secret: SECRET });
    const first = verifyWebhookDelivery(one.json, [A]).verification;
    assert.equal(verifyWebhookDelivery(two.json, [A]).verification, first, 'a string body');
    assert.equal(verifyWebhookDelivery(Buffer.from(two.json), [A]).verification, first, 'a UTF-8 Buffer body');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.account), 'shared, so nobody may change it');
  });

  it('shares it too for genuine webhooks holding numbers, booleans and nulls (every JSON value a payload can hold)', () => {
    const first = verifyWebhookDelivery(buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET }).json, [A]).verification;
    for (const extra of [{ n: 20.5 }, { t: true, f: false }, { z: null }, { list: [1, null, false, 'x'] }]) {
      const check = verifyWebhookDelivery(signedBody({ ...BILL, ...extra }), [A]);
      assert.equal(check.verification, first, JSON.stringify(extra));
    }
  });

  it('names an account by its current name and id when the same account object was renamed', () => {
    const account = { id: 'acc_r', name: 'Before', secret: 'rename-secret' };
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: account.secret });
    assert.equal(verifyWebhookDelivery(hook.json, [account]).verification.reason, 'Signed with the app secret of Before.');
    account.name = 'After';
    assert.deepEqual(verifyWebhookDelivery(hook.json, [account]).verification.account, { id: 'acc_r', name: 'After' });
    account.id = 'acc_r2';
    assert.deepEqual(verifyWebhookDelivery(hook.json, [account]).verification.account, { id: 'acc_r2', name: 'After' });
  });

  it('records a genuine webhook with an object without id as valid, keeping the ids it has and a warning', () => {
    const check = verifyWebhookDelivery(signedBody({ resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }, { name: 'no id' }, { id: 7 }] }), [A]);
    assert.equal(check.verification.status, 'valid');
    assert.deepEqual(check.objectIds, ['B1']);
    assert.deepEqual(check.verification.warnings, ['An object in payload.bills has no string id.', 'An object in payload.bills has no string id.']);
  });

  it('records a genuine webhook without its object list as valid, with a warning naming the list', () => {
    // Spec: objects are "An array of hashes/dictionaries of the relevant object, named as the pluralize name of the resource type."
    for (const bills of [undefined, 'B1', { id: 'B1' }]) {
      const check = verifyWebhookDelivery(signedBody({ resource_type: 'bill', action: 'paid', ...(bills === undefined ? {} : { bills }) }), [A]);
      assert.equal(check.verification.status, 'valid', String(bills));
      assert.deepEqual(check.objectIds, []);
      assert.deepEqual(check.verification.warnings, ['payload.bills should be the array of bill objects.']);
    }
  });

  it('records a genuine webhook of a resource type the spec does not list as valid, with a warning', () => {
    // Spec: resource_type is 'A string: "bill", "pre_authorization", or "subscription".'
    for (const resourceType of ['payout', 'toString', '__proto__']) {
      const check = verifyWebhookDelivery(signedBody({ resource_type: resourceType, action: 'paid', bills: [{ id: 'B1' }] }), [A]);
      assert.equal(check.verification.status, 'valid', resourceType);
      assert.equal(check.resourceType, resourceType);
      assert.deepEqual(check.objectIds, []);
      assert.deepEqual(check.verification.warnings, [`payload.resource_type "${resourceType}" is not one the spec lists (bill, pre_authorization, subscription).`]);
    }
  });

  it('records a resource_type or action that is not a string as missing, not as the string it looks like', () => {
    const listType = verifyWebhookDelivery(signedBody({ resource_type: ['bill'], action: 'paid', bills: [{ id: 'B1' }] }), [A]);
    assert.equal(listType.verification.status, 'valid');
    assert.equal('resourceType' in listType, false);
    assert.deepEqual(listType.objectIds, []);
    assert.deepEqual(listType.verification.warnings, ['payload.resource_type is missing.']);
    const listAction = verifyWebhookDelivery(signedBody({ resource_type: 'bill', action: ['paid'], bills: [{ id: 'B1' }] }), [A]);
    assert.equal('action' in listAction, false);
    assert.deepEqual(listAction.verification.warnings, ['payload.action is missing.']);
  });

  it('records a payload without a signature as unsigned, with its shape', () => {
    const check = verifyWebhookDelivery(JSON.stringify({ payload: { resource_type: 'bill', action: 'exploded', bills: [{ id: 'B1' }] } }), [A]);
    assert.deepEqual(check, {
      payload: { resource_type: 'bill', action: 'exploded', bills: [{ id: 'B1' }] }, objectIds: ['B1'], resourceType: 'bill', action: 'exploded',
      verification: {
        status: 'unsigned',
        reason: 'The payload has no signature: GoCardless signs every webhook, so this did not come from GoCardless or was altered.',
        warnings: ['payload.action "exploded" is not a bill action (created, paid, withdrawn, failed, cancelled, refunded, chargedback, retried).'],
      },
    });
  });

  it('records an unsigned payload without resource_type or action keys for them, and no warnings key when there are none', () => {
    const check = verifyWebhookDelivery(JSON.stringify({ payload: BILL }), [A]);
    assert.deepEqual(check.verification, {
      status: 'unsigned', reason: 'The payload has no signature: GoCardless signs every webhook, so this did not come from GoCardless or was altered.',
    });
    const bare = verifyWebhookDelivery(JSON.stringify({ payload: { note: 'x' } }), [A]);
    assert.deepEqual(Object.keys(bare).sort(), ['objectIds', 'payload', 'verification']);
  });

  it('records a signature that is not a string as invalid without keeping it as the signature', () => {
    const check = verifyWebhookDelivery(JSON.stringify({ payload: { ...BILL, signature: 42 } }), [A]);
    assert.equal(check.verification.status, 'invalid');
    assert.equal(check.verification.reason, 'payload.signature must be a string of 64 hex digits.');
    assert.equal('signature' in check, false);
  });

  it('refuses a body that is not UTF-8 even where decoding it leniently would verify (an invalid byte inside a signed string)', () => {
    // Signed over U+FFFD, the character a lenient decoder puts for the invalid byte 0xFF.
    const text = signedBody({ ...BILL, note: 'a\uFFFDb' });
    const bytes = Buffer.from(text.replace('a\uFFFDb', 'a\u0001b'));
    bytes[bytes.indexOf(0x01)] = 0xff;
    assert.equal(verifyWebhookDelivery(text, [A]).verification.status, 'valid', 'the premise: the text decoding gives verifies');
    assert.deepEqual(verifyWebhookDelivery(bytes, [A]), { objectIds: [], verification: { status: 'malformed', reason: 'The body is not valid UTF-8.' } });
  });

  it('records bodies that are not {"payload": {…}} JSON as malformed, with the reason and nothing else', () => {
    for (const [body, reason] of [
      ['null', 'The body must be a JSON object with a "payload" object.'],
      ['[{"payload":{}}]', 'The body must be a JSON object with a "payload" object.'],
      ['{"payload":[]}', 'The body has no "payload" object.'],
      ['{"resource_type":"bill","action":"paid","signature":"ab"}', 'The body is not wrapped in "payload": GoCardless sends {"payload": {…}}.'],
    ] as const) {
      assert.deepEqual(verifyWebhookDelivery(body, [A]), { objectIds: [], verification: { status: 'malformed', reason } }, body);
      assert.deepEqual(verifyWebhookDelivery(body, []), { objectIds: [], verification: { status: 'malformed', reason } }, `${body}, no account`);
    }
  });

  it('with no account configured, says the signature cannot be checked (and still reads the body)', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    assert.deepEqual(verifyWebhookDelivery(hook.json, []), {
      payload: hook.body.payload, objectIds: ['B1'], resourceType: 'bill', action: 'paid', signature: hook.signature,
      verification: { status: 'invalid', reason: 'No app secret is configured, so the signature cannot be checked.' },
    });
  });
});

describe('verifyWebhookDelivery: forgeries and signing mistakes', () => {
  it('refuses a signature of the right length that no secret gives', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    const forged = JSON.stringify({ payload: { ...hook.body.payload, signature: hook.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) } });
    const check = verifyWebhookDelivery(forged, [A]);
    assert.equal(check.verification.status, 'invalid');
    assert.equal(check.verification.diagnosis?.verdict, 'unexplained');
  });

  it('with one account, gives the diagnosis\'s reason as it is', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: 'someone-else' });
    const check = verifyWebhookDelivery(hook.json, [A]);
    const slow = diagnoseWebhookBody(hook.json, [SECRET]);
    assert.equal(check.verification.reason, slow.reason);
    assert.deepEqual(check.verification.account, { id: 'acc_a', name: 'Sandbox' });
    assert.deepEqual(check.verification.diagnosis, slow.diagnosis);
  });

  it('with several accounts and no explanation, says none of them reproduces the signature', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: 'someone-else' });
    const check = verifyWebhookDelivery(hook.json, [A, B]);
    assert.equal(check.verification.reason, `None of the 2 configured app secrets reproduces the signature. ${diagnoseWebhookBody(hook.json, [SECRET, B.secret]).reason}`);
  });

  it('with several accounts, names the mistake and the account whose secret explains it, without the "none of" preamble', () => {
    const check = verifyWebhookDelivery(wrapperSignedBody(BILL, B.secret), [A, B]);
    assert.equal(check.verification.status, 'invalid');
    assert.deepEqual(check.verification.account, { id: 'acc_b', name: 'Live' });
    assert.equal(check.verification.diagnosis?.variant?.id, 'payload-wrapper-signed');
    // Spec, Webhooks: "resigning the contents of the payload object, not including the container payload itself".
    assert.match(check.verification.reason, /^The payload wrapper was signed\. .*"not including the container payload itself"/);
  });
});

describe('verifyWebhookDelivery: the size bound of the diagnosis', () => {
  /** A wrapper-signed body of exactly `bytes` UTF-8 bytes; `wide` of its padding characters take two bytes each. */
  function bodyOfBytes(bytes: number, wide = 0): string {
    const base = Buffer.byteLength(wrapperSignedBody({ ...BILL, pad: '' }));
    const body = wrapperSignedBody({ ...BILL, pad: 'é'.repeat(wide) + 'x'.repeat(bytes - base - 2 * wide) });
    assert.equal(Buffer.byteLength(body), bytes);
    return body;
  }

  it('explains a signing mistake in a body of exactly MAX_DIAGNOSED_BODY_BYTES bytes', () => {
    const check = verifyWebhookDelivery(bodyOfBytes(MAX_DIAGNOSED_BODY_BYTES), [A, B]);
    assert.equal(check.verification.diagnosis?.variant?.id, 'payload-wrapper-signed');
    assert.equal(MAX_DIAGNOSED_BODY_BYTES, 64 * 1024);
  });

  it('checks a body one byte larger against the spec only, with no diagnosis and the reason saying why', () => {
    for (const accounts of [[A], [A, B]]) {
      const check = verifyWebhookDelivery(bodyOfBytes(MAX_DIAGNOSED_BODY_BYTES + 1), accounts);
      assert.deepEqual(check.verification, { status: 'invalid', reason: NOT_DIAGNOSED_REASON }, `${accounts.length} account(s)`);
    }
  });

  it('counts the bound in bytes, not characters (a string body with two-byte characters)', () => {
    const body = bodyOfBytes(MAX_DIAGNOSED_BODY_BYTES + 1, 1);
    assert.ok(body.length <= MAX_DIAGNOSED_BODY_BYTES);
    assert.deepEqual(verifyWebhookDelivery(body, [A]).verification, { status: 'invalid', reason: NOT_DIAGNOSED_REASON });
    assert.deepEqual(verifyWebhookDelivery(Buffer.from(body), [A]).verification, { status: 'invalid', reason: NOT_DIAGNOSED_REASON });
  });

  it('still verifies a genuine body larger than the bound', () => {
    const large = signedBody({ ...BILL, pad: 'x'.repeat(MAX_DIAGNOSED_BODY_BYTES) });
    assert.equal(verifyWebhookDelivery(large, [A]).verification.status, 'valid');
  });
});

describe('verifyWebhookDelivery: the depth bound, the same on both paths', () => {
  for (const kind of ['array', 'object'] as const) {
    it(`accepts a genuine payload with ${kind}s nested 31 deep and refuses one nested 32 deep as malformed`, () => {
      const ok = signedBody({ ...BILL, deep: nested(31, kind) });
      assert.equal(verifyWebhookDelivery(ok, [A]).verification.status, 'valid');
      const tooDeep = signedBody({ ...BILL, deep: nested(32, kind) });
      // The payload itself is level 0: its 32nd nested level is one too many.
      assert.deepEqual(verifyWebhookDelivery(tooDeep, [A]), { objectIds: [], verification: { status: 'malformed', reason: 'The payload is nested deeper than 32 levels.' } });
      assert.equal(diagnoseWebhookBody(ok, SECRET, { explain: false }).verdict, 'valid');
      assert.equal(diagnoseWebhookBody(tooDeep, SECRET, { explain: false }).verdict, 'malformed');
    });
  }

  it('signs the same string for a deep payload as core signing (so the depth test above is about the bound)', () => {
    const p: SignableParams = { ...BILL, deep: nested(31, 'object') };
    assert.equal(resignPayload(p, SECRET)['signature'], signParams(p, SECRET).signature);
  });
});

describe('verifyWebhookDelivery: a genuine webhook the fast path does not take (issue 21)', () => {
  it('is valid, names the account that signed it, and keeps the shape warning', () => {
    // An action the spec does not list for bills sends the delivery down the full diagnosis; it is still genuine.
    const body = JSON.stringify({ payload: resignPayload({ resource_type: 'bill', action: 'teleported', bills: [{ id: 'B9' }] }, B.secret) });
    const check = verifyWebhookDelivery(body, [A, B]);
    assert.deepEqual(check.verification, {
      status: 'valid', account: { id: 'acc_b', name: 'Live' }, reason: 'Signed with the app secret of Live.',
      warnings: ['payload.action "teleported" is not a bill action (created, paid, withdrawn, failed, cancelled, refunded, chargedback, retried).'],
    });
  });
});
