import { strict as assert } from 'node:assert';
import { extractServerMessage } from '../../../src/core/api/extractServerMessage';

describe('extractServerMessage', () => {
  const cases: [string, string, string[]?][] = [
    ['{"error":"Bill not found"}', 'Bill not found'],
    ['{"error":["Amount is too high","Name is too long"]}', 'Amount is too high; Name is too long', ['Amount is too high', 'Name is too long']],
    ['{"errors":["The bill cannot be refunded"]}', 'The bill cannot be refunded'],
    ['{"errors":{"amount":["must be positive","is too high"],"base":["Pre-authorization expired"]}}', 'amount must be positive; amount is too high; Pre-authorization expired'],
    ['{"message":"Access token invalid"}', 'Access token invalid'],
    ['["Timestamp has expired"]', 'Timestamp has expired'],
    ['{"error":"invalid_grant","error_description":"The authorization code has expired"}', 'The authorization code has expired (invalid_grant)'],
    ['{"error":{"message":"nested"}}', 'nested'],
    ['Internal failure\n  at line 3', 'Internal failure at line 3'],
    ['<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', '502 Bad Gateway'],
    ['<p>Client is <b>invalid</b></p>', 'Client is invalid'],
    ['"just a string"', 'just a string'],
    ['{"errors":{"bill":{"amount":["is too high"]}}}', 'bill amount is too high'],
    ['{"error":[null,404,true,"Not found"]}', '404; true; Not found', ['404', 'true', 'Not found']],
    ['{"error":"invalid_grant","error_description":"  The code has expired  "}', 'The code has expired (invalid_grant)'],
    // A blank description says nothing: the OAuth error code is all there is.
    ['{"error":"invalid_grant","error_description":"  "}', 'invalid_grant'],
    // Plain text keeps its angle brackets; only a body that starts with a tag is read as HTML.
    ['Amount must be < 10 and > 0', 'Amount must be < 10 and > 0'],
    ['\n  <p>Client is <b>invalid</b></p>', 'Client is invalid'],
    ['<div>Client<br>invalid</div>', 'Client invalid'],
    ['<html><head><title lang="en">503 Service Unavailable</title></head><body>Try later</body></html>', '503 Service Unavailable'],
  ];
  for (const [body, message, messages] of cases) {
    it(`reads ${body.slice(0, 50)}`, () => {
      const found = extractServerMessage(body);
      assert.equal(found?.message, message);
      if (messages !== undefined) assert.deepEqual(found?.messages, messages);
    });
  }

  it('returns undefined when the body says nothing', () => {
    for (const body of ['', '   ', '{}', '[]', '{"error":""}', 'null', '{"other":1}', '<html></html>', '42', 'true', '{"error_description":"no error code"}']) {
      assert.equal(extractServerMessage(body), undefined, body);
    }
  });

  it('bounds the message length', () => {
    const found = extractServerMessage(JSON.stringify({ error: 'x'.repeat(10_000) }));
    assert.ok(found !== undefined && found.message.length <= 500);
    assert.equal(found.message, `${'x'.repeat(499)}…`);
  });
});
