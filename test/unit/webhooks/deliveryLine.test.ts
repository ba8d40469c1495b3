import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DeliveryStore, WebhookListener, buildTestWebhook, type WebhookDelivery } from '../../../src/core/webhooks';
import { parseDeliveryLine, toDeliveryLine } from '../../../src/core/webhooks/deliveryLine';
import { aDelivery } from './builders';
import { post } from './loopback';

/** JSON text as a sender might format it on one line: any spacing outside strings (a string's own newlines are escaped). */
const oneLineJson = fc.tuple(fc.jsonValue(), fc.boolean(), fc.constantFrom(0, 1, 2, '\t', ' \t ')).map(([v, nested, indent]) =>
  JSON.stringify({ payload: nested ? { a: v, bodyJson: v } : v }, null, indent).replace(/\n/g, ' '));

/** Strings that look like the line's own syntax, where a parser that only searched for text would go wrong. */
const tricky = fc.oneof(fc.string(), fc.constantFrom(',"bodyJson":', '{"bodyJson":1}', '\\', '"', '}', ',"bodyJson":{"a":1}}', '\u2028'));

describe('deliveryLine', () => {
  it('embeds a JSON body as it was received, so the line is one JSON object with the body as an object', () => {
    const body = '{ "payload" : {"resource_type":"bill","action":"paid","bills":[{"id":"B1","amount":"10.00"}],"signature":"x"} }';
    const d = aDelivery({ body, bodyBytes: Buffer.byteLength(body) });
    const line = toDeliveryLine(d, true);
    assert.ok(line.endsWith(`,"bodyJson":${body}}`), line);
    const asJson = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(asJson['bodyJson'], JSON.parse(body));
    assert.equal(asJson['body'], undefined);
    assert.deepEqual(parseDeliveryLine(line), d);
  });

  it('keeps the body as a JSON string when it is not known to be JSON, spans lines or starts with a byte-order mark', () => {
    for (const [body, isJson] of [['not json {', false], ['{"payload":\n{}}', true], ['{"payload":\r{}}', true], ['\ufeff{"payload":{}}', true]] as const) {
      const d = aDelivery({ body });
      const line = toDeliveryLine(d, isJson);
      assert.ok(!line.includes('\n') && !line.includes('\r'), JSON.stringify(line));
      assert.equal((JSON.parse(line) as Record<string, unknown>)['body'], body);
      assert.deepEqual(parseDeliveryLine(line), d);
    }
  });

  it('gives back any one-line JSON body byte for byte, whatever the headers and diagnosis hold', () => {
    fc.assert(fc.property(oneLineJson, fc.dictionary(fc.oneof(fc.string(), fc.constant('bodyJson')), tricky, { noNullPrototype: true, minKeys: 1 }), tricky, fc.boolean(), (body, headers, reason, withForward) => {
      const d = aDelivery({
        body, bodyBytes: Buffer.byteLength(body), headers, verification: { status: 'invalid', reason },
        ...(withForward ? { forward: { url: 'http://127.0.0.1:1/', at: '2026-01-01T00:00:00.000Z', status: 500, latencyMs: 1, slow: false, body: reason, bodyTruncated: false, replay: false } } : {}),
      });
      const line = toDeliveryLine(d, true);
      assert.ok(!line.includes('\n'));
      JSON.parse(line);
      const back = parseDeliveryLine(line) as WebhookDelivery;
      assert.equal(back.body, body);
      assert.deepEqual(back, d);
    }));
  });

  it('writes a shared record as it is at each write unless it is frozen all the way down', () => {
    const account = { id: 'a', name: 'A' };
    const shallow = Object.freeze({ status: 'valid' as const, account, reason: 'ok' });
    const open = { status: 'valid' as const, reason: 'ok' };
    const lines = (): Array<Record<string, Record<string, unknown>>> =>
      [shallow, open].map((verification) => JSON.parse(toDeliveryLine(aDelivery({ verification }), true)) as Record<string, Record<string, unknown>>);
    lines();
    account.name = 'Renamed';
    open.reason = 'changed';
    const [a, b] = lines();
    assert.deepEqual(a!['verification']!['account'], { id: 'a', name: 'Renamed' });
    assert.equal(b!['verification']!['reason'], 'changed');
    const deep = Object.freeze({ status: 'valid' as const, account: Object.freeze({ id: 'b', name: 'B' }), reason: 'ok' });
    for (let n = 0; n < 2; n++) assert.ok(toDeliveryLine(aDelivery({ verification: deep }), true).includes(',"verification":{"status":"valid","account":{"id":"b","name":"B"},"reason":"ok"},'));
  });

  it('reads lines written before bodies were embedded (the whole delivery as JSON.stringify wrote it)', () => {
    const d = aDelivery({ body: '{"payload":{"a":",\\"bodyJson\\":1"}}' });
    assert.deepEqual(parseDeliveryLine(JSON.stringify(d)), d);
  });

  it('refuses a line whose embedded body was cut or is not JSON, so the store skips it instead of keeping a wrong body', () => {
    const line = toDeliveryLine(aDelivery(), true);
    assert.throws(() => parseDeliveryLine(line.slice(0, -5)), SyntaxError);
    assert.throws(() => parseDeliveryLine(line.replace(',"bodyJson":{', ',"bodyJson":{{')), SyntaxError);
    assert.throws(() => parseDeliveryLine(line.slice(0, -1) + ' x'), SyntaxError);
  });

  describe('in the listener\'s store', () => {
    let dir: string;
    beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-line-')); });
    afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

    it('writes a webhook body verbatim, a body that is not JSON escaped, and reads both back exactly after a restart', async () => {
      const account = { id: 'a', name: 'A', secret: 'line-secret-0123456789' };
      const file = join(dir, 'deliveries.jsonl');
      const store = await DeliveryStore.open({ file });
      const listener = await WebhookListener.start({ accounts: [account], store });
      const hook = buildTestWebhook({ resourceType: 'subscription', action: 'cancelled', ids: ['SU1', 'SU2'], secret: account.secret, now: new Date('2011-12-01T12:00:00Z') });
      const spaced = hook.json.replace('{"payload":', '{ "payload" :  ');
      assert.equal((await post(listener.url, spaced)).status, 200);
      assert.equal((await post(listener.url, 'not json')).status, 400);
      await listener.close();
      await store.close();

      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(lines[0]!['bodyJson'], JSON.parse(spaced));
      assert.equal(lines[1]!['body'], 'not json');

      const reopened = await DeliveryStore.open({ file });
      assert.deepEqual(reopened.list().map((d) => [d.body, d.verification.status]), [[spaced, 'valid'], ['not json', 'malformed']]);
      assert.equal(reopened.loaded.skippedLines, 0);
      await reopened.close();
    });
  });
});
