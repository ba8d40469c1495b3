import { strict as assert } from 'node:assert';
import { hmacHex, normalizeParams, signParams, verifySignedParams, diagnoseSignedParams } from '../../../src/core/signing';

// The Signature Guide's worked example (a real secret/signature pair that verifies).
const GUIDE_SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';

describe('signing: the spec’s worked examples', () => {
  it('normalizes and signs the Signature Guide example', () => {
    const params = { user: { email: 'fred@example.com', age: 30 } };
    assert.equal(normalizeParams(params), 'user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com');
    assert.equal(signParams(params, GUIDE_SECRET).signature, '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470');
    assert.equal(hmacHex('user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com', GUIDE_SECRET), '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470');
  });

  it('produces the example webhook’s normalized string (printed there before encoding)', () => {
    const payload = {
      resource_type: 'bill',
      action: 'paid',
      bills: [
        { id: 'AKJ398H8KA', status: 'paid', source_type: 'subscription', source_id: 'KKJ398H8K8', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-01T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KA' },
        { id: 'AKJ398H8KB', status: 'paid', source_type: 'subscription', source_id: '8AKJ398H78', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-09T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KB' },
      ],
    };
    const printed = 'action=paid&bills[][amount]=20.0&bills[][amount]=20.0&bills[][amount_minus_fees]=19.8&bills[][amount_minus_fees]=19.8&bills[][id]=AKJ398H8KA&bills[][id]=AKJ398H8KB&bills[][paid_at]=2011-12-01T12:00:00Z&bills[][paid_at]=2011-12-09T12:00:00Z&bills[][source_id]=8AKJ398H78&bills[][source_id]=KKJ398H8K8&bills[][source_type]=subscription&bills[][source_type]=subscription&bills[][status]=paid&bills[][status]=paid&bills[][uri]=https://gocardless.com/api/v1/bills/AKJ398H8KA&bills[][uri]=https://gocardless.com/api/v1/bills/AKJ398H8KB&resource_type=bill';
    assert.equal(decodeURIComponent(normalizeParams(payload)), printed);
  });

  it('does not accept the docs’ placeholder signature for the example webhook', () => {
    const payload = { resource_type: 'bill', action: 'paid', bills: [{ id: 'AKJ398H8KA' }], signature: 'f6b9e6cd8eef30c444da48370e646839c9bb9e1cf10ea16164d5cf93a50231eb' };
    assert.equal(verifySignedParams(payload, GUIDE_SECRET), false);
    assert.equal(diagnoseSignedParams(payload, GUIDE_SECRET).verdict, 'unexplained');
  });
});
