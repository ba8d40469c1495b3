// deliveryLine at the edges a mutation run of src/core/webhooks found untested (issue 21):
// a JSON body that begins with a line break, the text `,"bodyJson":` inside other fields,
// a line cut after its body, and shared records that must not go stale.
import assert from 'node:assert/strict';
import { parseDeliveryLine, toDeliveryLine } from '../../../src/core/webhooks/deliveryLine';
import { aDelivery } from './builders';

describe('deliveryLine edges (issue 21)', () => {
  it('never embeds a body that spans lines, even when its first character is the line break', () => {
    for (const body of ['\n{"payload":{}}', '\r{"payload":{}}', '{"payload":\n{}}']) {
      const d = aDelivery({ body, bodyBytes: Buffer.byteLength(body) });
      const line = toDeliveryLine(d, true);
      assert.ok(!line.includes('\n') && !line.includes('\r'), JSON.stringify(body));
      assert.ok(line.includes(',"body":'), 'kept as a JSON string');
      assert.equal((parseDeliveryLine(line) as { body: string }).body, body);
    }
  });

  it('finds the body only as a key of the line\'s own object, whatever text the other fields hold', () => {
    const trap = ',"bodyJson":{"x":1}}';
    const embedded = aDelivery({ headers: { 'x-note': trap }, path: `/${trap}` });
    assert.deepEqual(parseDeliveryLine(toDeliveryLine(embedded, true)), embedded);
    // Not embedded (the body is not JSON): the text appears only inside strings, and the line is read as plain JSON.
    const plain = aDelivery({ headers: { 'x-note': trap }, body: 'not json', bodyBytes: 8 });
    assert.deepEqual(parseDeliveryLine(toDeliveryLine(plain, false)), plain);
    // A header named bodyJson writes the key unescaped, one level down.
    const named = aDelivery({ headers: { a: '1', bodyJson: '{"x":1}' }, body: 'not json', bodyBytes: 8 });
    assert.ok(toDeliveryLine(named, false).includes(',"bodyJson":'));
    assert.deepEqual(parseDeliveryLine(toDeliveryLine(named, false)), named);
  });

  it('refuses a line that does not end its record after an embedded body, saying so', () => {
    const line = toDeliveryLine(aDelivery(), true);
    assert.throws(() => parseDeliveryLine(`${line.slice(0, -1)},"more":1}`.replace(/}$/, '')), { name: 'SyntaxError', message: 'The line does not end its record after the body.' });
  });

  it('writes a record shared by many deliveries anew when a part of it can still change', () => {
    // Frozen on the outside only: its nested list may change, so its JSON must not be kept.
    const verification = Object.freeze({ status: 'unsigned' as const, reason: 'r', warnings: ['first'] });
    const d = aDelivery({ verification });
    assert.ok(toDeliveryLine(d, true).includes('"warnings":["first"]'));
    verification.warnings.push('second');
    assert.ok(toDeliveryLine(d, true).includes('"warnings":["first","second"]'), 'not the JSON of the first write');
  });
});
