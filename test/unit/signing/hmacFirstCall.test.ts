import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

type SignModule = typeof import('../../../src/core/signing/sign');

const load = createRequire(__filename);
const SIGN = load.resolve('../../../src/core/signing/sign');

/**
 * sign.ts keeps its HMAC pads and message buffer between calls, so every other
 * test runs on buffers an earlier call sized. A short-lived process (`gcdev
 * sign`, the CLI's first webhook) starts from empty ones: load a copy of the
 * module of its own to see what its first calls give. The copy is dropped after.
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
      ['a'.repeat(5000), 'k'], // longer than the first message buffer
      ['b', 'k'], // shorter again, in the grown buffer
      ['c=1', 's'.repeat(65)], // a secret longer than the block is hashed first
      ['d=2', 's'.repeat(64)], // one exactly a block long is not
      ['e'.repeat(70_000), 'k'], // past the size kept between calls
      ['f=3', 'k'], // after it
    ];
    for (const [message, secret] of cases) {
      assert.equal(hmacHex(message, secret), reference(message, secret), `${message.length}-character message, ${secret.length}-character secret`);
    }
  });

  it("compares signatures only as 64 lower-case hex digits, with the module's own pattern", () => {
    const { hmacHex, signaturesEqual } = freshSignModule();
    const digest = hmacHex('a=1', 'k');
    assert.equal(signaturesEqual(digest, digest), true);
    for (const notADigest of ['Z' + digest, digest + 'Z', digest.toUpperCase(), digest.slice(1), 'g'.repeat(64), '']) {
      assert.equal(signaturesEqual(notADigest, notADigest), false, `${JSON.stringify(notADigest)} is not a SHA-256 hex digest`);
    }
  });
});
