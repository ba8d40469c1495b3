import { strict as assert } from 'node:assert';
import {
  diagnoseSignature, diagnoseSignedParams, hmacHex, SIGNATURE_VARIANTS, signParams,
} from '../../../src/core/signing';

import { paramsExposingEveryVariant } from './variantParams';

const SECRET = 'test-secret-Kq8/+=';


describe('signing: diagnosis of a signature that does not verify', () => {
  const params = paramsExposingEveryVariant();

  for (const variant of SIGNATURE_VARIANTS) {
    it(`recognises "${variant.title}" (${variant.id})`, () => {
      const normalized = variant.normalize(params);
      const received = hmacHex(normalized, SECRET);
      const d = diagnoseSignature(params, received, SECRET);
      assert.equal(d.valid, false);
      assert.equal(d.verdict, 'variant');
      assert.equal(d.variant?.id, variant.id);
      assert.equal(d.variant?.normalized, normalized);
      assert.equal(d.expected.normalized, signParams(params, SECRET).normalized);
      assert.ok(!d.reason.includes(SECRET));
    });
  }

  it('each variant really differs from the spec on these params (so the test above is meaningful)', () => {
    const spec = signParams(params, SECRET).normalized;
    const seen = new Set<string>([spec]);
    for (const v of SIGNATURE_VARIANTS) {
      const n = v.normalize(params);
      assert.ok(!seen.has(n), `${v.id} collides with another normalization`);
      seen.add(n);
    }
  });

  it('says valid for the right signature', () => {
    const d = diagnoseSignature(params, signParams(params, SECRET).signature, SECRET);
    assert.equal(d.verdict, 'valid');
    assert.equal(d.valid, true);
  });

  it('says missing when there is no signature', () => {
    assert.equal(diagnoseSignature(params, undefined, SECRET).verdict, 'missing');
    assert.equal(diagnoseSignature(params, '', SECRET).verdict, 'missing');
  });

  it('says malformed for something that is not 64 hex digits (Base64, truncated)', () => {
    const raw = Buffer.from(signParams(params, SECRET).signature, 'hex').toString('base64');
    const d = diagnoseSignature(params, raw, SECRET);
    assert.equal(d.verdict, 'malformed');
    assert.match(d.reason, /64 hex digits/);
  });

  it('reads hex case-insensitively: the right digest in upper case is valid, and the reason says it was upper case', () => {
    const d = diagnoseSignature(params, signParams(params, SECRET).signature.toUpperCase(), SECRET);
    assert.equal(d.verdict, 'valid');
    assert.match(d.reason, /upper-case hex/);
  });

  it('carries the expected normalized string but never the expected signature (no signing oracle)', () => {
    const { signature } = signParams(params, SECRET);
    const d = diagnoseSignature(params, signParams(params, 'another-secret').signature, SECRET);
    assert.deepEqual(Object.keys(d.expected), ['normalized']);
    assert.ok(!JSON.stringify(d).includes(signature), 'the diagnosis must not hold the HMAC of the params under the secret');
  });

  it('refuses an empty app secret with the reason', () => {
    assert.throws(() => diagnoseSignature(params, 'x', ''), /app secret is empty/);
    assert.throws(() => signParams(params, ''), /app secret is empty/);
  });

  it('refuses a secret that is not text (an unset variable read as undefined) with the same reason, before HMAC sees it', () => {
    for (const secret of [undefined, 42]) {
      assert.throws(() => signParams(params, secret as unknown as string), (e: unknown) => e instanceof RangeError && /app secret is empty/.test(e.message), String(secret));
    }
  });

  it('says plainly that a wrong secret cannot be told from tampering', () => {
    const d = diagnoseSignature(params, signParams(params, 'another-secret').signature, SECRET);
    assert.equal(d.verdict, 'unexplained');
    assert.match(d.reason, /different secret/);
    assert.match(d.reason, /changed after signing/);
  });

  it('diagnoses params that carry their own signature, excluding it from what is signed', () => {
    const sig = signParams(params, SECRET).signature;
    assert.equal(diagnoseSignedParams({ ...params, signature: sig }, SECRET).verdict, 'valid');
    assert.equal(diagnoseSignedParams({ ...params, note: 'changed', signature: sig }, SECRET).verdict, 'unexplained');
  });
});
