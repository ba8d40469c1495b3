import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

type SignModule = typeof import('../../../src/core/signing/sign');

const load = createRequire(__filename);
const SIGN = load.resolve('../../../src/core/signing/sign');

/**
 * A short-lived process (`gcdev sign`, the CLI's first webhook) signs with a
 * module nothing has used yet: load a copy of its own to see what its first
 * calls give, so no state an earlier test left can hide a fault. The copy is
 * dropped after.
 */
function freshSignModule(): SignModule {
  const shared = load.cache[SIGN];
  delete load.cache[SIGN];
  try {
    return load(SIGN) as SignModule;
  } finally {
    if (shared) load.cache[SIGN] = shared;
  }
}

const reference = (message: string, secret: string): string => createHmac('sha256', secret).update(message, 'utf8').digest('hex');

describe('signing: the HMAC from a freshly loaded module', () => {
  it('is right on the first call, then with a longer message, a long secret and a message past the kept size', () => {
    const { hmacHex } = freshSignModule();
    // Spec, Signature Guide: "Create a HMAC-SHA256 digest of the normalized string, using the app secret … as the key."
    assert.equal(hmacHex('user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com', '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH'),
      '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470', "the guide's example, as the first call");
    const cases: Array<[string, string]> = [
      ['', 'k'],
      ['a'.repeat(5000), 'k'],
      ['b', 'k'],
      ['c=1', 's'.repeat(65)], // a secret longer than the block is hashed first
      ['d=2', 's'.repeat(64)], // one exactly a block long is not
      ['e'.repeat(70_000), 'k'],
      ['f=3', 'k'],
    ];
    for (const [message, secret] of cases) {
      assert.equal(hmacHex(message, secret), reference(message, secret), `${message.length}-character message, ${secret.length}-character secret`);
    }
  });

  it("compares signatures only as 64 hex digits, case-insensitively (the same bytes), with the module's own pattern", () => {
    const { hmacHex, signaturesEqual } = freshSignModule();
    const digest = hmacHex('a=1', 'k');
    assert.equal(signaturesEqual(digest, digest), true);
    assert.equal(signaturesEqual(digest, digest.toUpperCase()), true, 'upper-case hex is the same digest (issue 16)');
    for (const notADigest of ['Z' + digest, digest + 'Z', digest.slice(1), 'g'.repeat(64), '']) {
      assert.equal(signaturesEqual(notADigest, notADigest), false, `${JSON.stringify(notADigest)} is not a SHA-256 hex digest`);
    }
  });
});
