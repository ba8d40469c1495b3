import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { WEBHOOK_ACTIONS, type WebhookResourceType } from '../../../src/core/api/models';
import { normalizeParams, signParams, verifySignedParams, type SignableParams } from '../../../src/core/signing';
import { WEBHOOK_OBJECTS_KEY } from '../../../src/core/api/models';
import { buildTestWebhook, verifyWebhookDelivery, exportFixtures, resignPayload, toCurl } from '../../../src/core/webhooks';
import { aDelivery } from './builders';

const SECRET = 'template-secret';
const ACCOUNTS = [{ id: 'a', name: 'A', secret: SECRET }];

describe('buildTestWebhook', () => {
  for (const resourceType of Object.keys(WEBHOOK_ACTIONS) as WebhookResourceType[]) {
    for (const action of WEBHOOK_ACTIONS[resourceType]) {
      it(`builds a signed ${resourceType} ${action} webhook that the listener's check accepts`, () => {
        const hook = buildTestWebhook({ resourceType, action, ids: ['ID1', 'ID2'], secret: SECRET });
        const check = verifyWebhookDelivery(hook.json, ACCOUNTS);
        assert.equal(check.verification.status, 'valid');
        assert.equal(check.resourceType, resourceType);
        assert.equal(check.action, action);
        assert.deepEqual(check.objectIds, ['ID1', 'ID2']);
        const objects = hook.body.payload[WEBHOOK_OBJECTS_KEY[resourceType]];
        assert.ok(Array.isArray(objects) && objects.length === 2);
        assert.equal(verifyWebhookDelivery(hook.json, [{ id: 'b', name: 'B', secret: 'other' }]).verification.status, 'invalid');
      });
    }
  }

  it('uses the spec\'s template values for bills', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['AKJ398H8KA'], secret: SECRET, sourceId: 'KKJ398H8K8', now: new Date('2011-12-01T12:00:00.000Z') });
    assert.deepEqual(hook.body.payload['bills'], [{
      id: 'AKJ398H8KA', status: 'paid', source_type: 'subscription', source_id: 'KKJ398H8K8',
      amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-01T12:00:00Z',
      uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KA',
    }]);
    const retried = buildTestWebhook({ resourceType: 'bill', action: 'retried', ids: ['B'], secret: SECRET });
    assert.equal((retried.body.payload['bills'] as SignableParams[])[0]!['status'], 'pending', 'a retried bill is pending again');
  });

  it('signs the same normalized string as the spec\'s example webhook', () => {
    // The spec's two-bill example, rebuilt: its normalized string (before encoding) is printed in the reference.
    const payload: SignableParams = {
      resource_type: 'bill', action: 'paid', bills: [
        { id: 'AKJ398H8KA', status: 'paid', source_type: 'subscription', source_id: 'KKJ398H8K8', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-01T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KA' },
        { id: 'AKJ398H8KB', status: 'paid', source_type: 'subscription', source_id: '8AKJ398H78', amount: '20.0', amount_minus_fees: '19.8', paid_at: '2011-12-09T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/AKJ398H8KB' },
      ],
    };
    const spec = 'action=paid&bills[][amount]=20.0&bills[][amount]=20.0&bills[][amount_minus_fees]=19.8&bills[][amount_minus_fees]=19.8&bills[][id]=AKJ398H8KA&bills[][id]=AKJ398H8KB&bills[][paid_at]=2011-12-01T12:00:00Z&bills[][paid_at]=2011-12-09T12:00:00Z&bills[][source_id]=8AKJ398H78&bills[][source_id]=KKJ398H8K8&bills[][source_type]=subscription&bills[][source_type]=subscription&bills[][status]=paid&bills[][status]=paid&bills[][uri]=https://gocardless.com/api/v1/bills/AKJ398H8KA&bills[][uri]=https://gocardless.com/api/v1/bills/AKJ398H8KB&resource_type=bill';
    assert.equal(decodeURIComponent(normalizeParams(payload)), spec);
  });

  it('refuses an action the spec does not list for the resource type', () => {
    assert.throws(() => buildTestWebhook({ resourceType: 'subscription', action: 'paid' as 'cancelled', secret: SECRET }), /not a subscription webhook action/);
  });

  it('generates an id in the spec\'s style when none is given', () => {
    const hook = buildTestWebhook({ resourceType: 'pre_authorization', action: 'expired', secret: SECRET });
    const objects = hook.body.payload['pre_authorizations'] as SignableParams[];
    assert.match(String(objects[0]!['id']), /^[A-Z0-9]{10}$/);
  });
});

describe('verifyWebhookDelivery', () => {
  it('agrees with diagnoseWebhookBody on genuine webhooks of unusual shape (the full path), keeping its warnings', () => {
    const payload = resignPayload({ resource_type: 'bill', action: 'teleported', bills: [{ id: 'B1' }, { name: 'no id' }] }, SECRET);
    const check = verifyWebhookDelivery(JSON.stringify({ payload }), [{ id: 'x', name: 'X', secret: 'other' }, { id: 'a', name: 'A', secret: SECRET }]);
    assert.equal(check.verification.status, 'valid');
    assert.equal(check.verification.account?.id, 'a');
    assert.deepEqual(check.objectIds, ['B1']);
    assert.ok(check.verification.warnings?.some((w) => w.includes('teleported')));
  });

  it('picks the matching account among several on the fast path', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    const check = verifyWebhookDelivery(Buffer.from(hook.json), [{ id: 'x', name: 'X', secret: 'other' }, { id: 'a', name: 'A', secret: SECRET }]);
    assert.equal(check.verification.account?.id, 'a');
    assert.equal(check.verification.diagnosis, undefined);
  });

  it('explains a signer that signed the payload wrapper (the full path on failure)', () => {
    const unsigned: SignableParams = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }] };
    const wrongly = signParams({ payload: unsigned }, SECRET).signature;
    const check = verifyWebhookDelivery(JSON.stringify({ payload: { ...unsigned, signature: wrongly } }), ACCOUNTS);
    assert.equal(check.verification.status, 'invalid');
    assert.equal(check.verification.diagnosis?.verdict, 'variant');
    assert.equal(check.verification.diagnosis?.variant?.id, 'payload-wrapper-signed');
  });

  it('refuses a body that is not UTF-8 as malformed', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    const bytes = Buffer.concat([Buffer.from(hook.json.slice(0, -2)), Buffer.from([0xff]), Buffer.from('}}')]);
    assert.equal(verifyWebhookDelivery(bytes, ACCOUNTS).verification.status, 'malformed');
  });
});

describe('resignPayload', () => {
  it('re-signs an edited payload so it verifies again', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['X'], secret: SECRET });
    const edited: SignableParams = { ...hook.body.payload, action: 'failed' };
    assert.equal(verifySignedParams(edited, SECRET), false);
    const resigned = resignPayload(edited, SECRET);
    assert.equal(verifySignedParams(resigned, SECRET), true);
    assert.equal(resigned['action'], 'failed');
  });
});

describe('toCurl and exportFixtures', () => {
  it('quotes any body safely for the shell', function () {
    const body = `{"payload":{"note":"it's $HOME \`id\` \\"q\\""}}`;
    const cmd = toCurl(aDelivery({ body }), 'http://127.0.0.1:3000/hooks');
    assert.match(cmd, /^curl -sS -X POST/);
    // Let a real shell parse it: echo the argument that --data-binary would get.
    const echoed = execFileSync('sh', ['-c', cmd.replace(/^curl -sS -X POST/, 'printf "%s\\n"').replace(/ \\\n {2}/g, ' ')], { encoding: 'utf8' });
    assert.ok(echoed.split('\n').includes(body), echoed);
  });

  it('exports named fixtures with the bodies as received', () => {
    const a = aDelivery();
    const b = aDelivery();
    const c = aDelivery({ resourceType: 'subscription', action: 'cancelled' });
    const fixtures: unknown = JSON.parse(exportFixtures([a, b, c]));
    assert.ok(Array.isArray(fixtures));
    assert.deepEqual(fixtures.map((f: { name: string }) => f.name), ['bill-paid-1', 'bill-paid-2', 'subscription-cancelled-1']);
    assert.equal((fixtures[0] as { body: string }).body, a.body);
  });
});
