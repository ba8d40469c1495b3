import { strict as assert } from 'node:assert';
import { classifyKeyName, scanTextForSecrets, type KnownSecret } from '../../../src/core/secrets';
import { assignment, DOCS_CLIENT_ID, DOCS_SIGNATURE, GUIDE_SECRET, randomSecret, SAMPLE_TOKEN } from './builders';

const kinds = (text: string, known: KnownSecret[] = []) => scanTextForSecrets(text, { knownSecrets: known }).map((f) => f.kind);

describe('scanTextForSecrets: known secrets of configured accounts', () => {
  it('finds every verbatim occurrence with its line and column, naming the account but never the value', () => {
    const secret = randomSecret();
    const text = `// config\nconst a = "${secret}";\nlog(\`x ${secret} y\`)\n`;
    const findings = scanTextForSecrets(text, { knownSecrets: [{ label: 'Sandbox merchant', role: 'app-secret', value: secret }] });
    assert.equal(findings.length, 2);
    const [first, second] = findings;
    assert.equal(first?.kind, 'known-app-secret');
    assert.deepEqual(first?.range, { start: { line: 1, character: 11 }, end: { line: 1, character: 75 } });
    assert.equal(text.slice(first?.offset, (first?.offset ?? 0) + (first?.length ?? 0)), secret);
    assert.equal(first?.literal.quote, '"');
    assert.equal(first?.keyName, 'a');
    assert.equal(second?.range.start.line, 2);
    assert.equal(second?.literal.quote, '');
    for (const f of findings) {
      assert.match(f.message, /app secret of the GoCardless account "Sandbox merchant"/);
      assert.ok(!f.message.includes(secret));
      assert.ok(!f.message.includes(secret.slice(0, 12)));
    }
  });

  it('finds access tokens, JSON-escaped and percent-encoded forms, and counts columns in UTF-16 after CRLF lines', () => {
    const token = SAMPLE_TOKEN;
    const text = `é = 1\r\n{"token": "${token.replace(/\//g, '\\/')}"}\r\nurl?access_token=${encodeURIComponent(token)}`;
    const findings = scanTextForSecrets(text, { knownSecrets: [{ label: 'Live', role: 'access-token', value: token }], shapes: false });
    assert.deepEqual(findings.map((f) => [f.kind, f.range.start.line, f.range.start.character]), [
      ['known-access-token', 1, 11],
      ['known-access-token', 2, 17],
    ]);
  });

  it('ignores short configured values, which would match ordinary words', () => {
    assert.deepEqual(kinds('password = "hunter2"', [{ label: 'x', role: 'app-secret', value: 'hunter2' }]), []);
  });

  it('reports a known secret once, as known, even when it is also shaped like one', () => {
    const text = assignment.dotenv('GOCARDLESS_APP_SECRET', GUIDE_SECRET);
    assert.deepEqual(kinds(text, [{ label: 'Docs', role: 'app-secret', value: GUIDE_SECRET }]), ['known-app-secret']);
  });
});

describe('scanTextForSecrets: strings shaped like a secret next to a GoCardless key', () => {
  const cases: [string, string, string][] = [
    ['typescript object', assignment.typescript('appSecret', GUIDE_SECRET), 'appSecret'],
    ['javascript const', assignment.javascriptConst('GOCARDLESS_ACCESS_TOKEN', SAMPLE_TOKEN), 'GOCARDLESS_ACCESS_TOKEN'],
    ['.env', assignment.dotenv('GOCARDLESS_APP_SECRET', GUIDE_SECRET), 'GOCARDLESS_APP_SECRET'],
    ['.env quoted', assignment.dotenvQuoted('APP_SECRET', GUIDE_SECRET), 'APP_SECRET'],
    ['JSON', assignment.json('app_secret', GUIDE_SECRET), 'app_secret'],
    ['YAML', assignment.yaml('access_token', SAMPLE_TOKEN), 'access_token'],
    ['Ruby hash rocket', assignment.ruby('app_secret', GUIDE_SECRET), 'app_secret'],
    ['Python keyword argument', assignment.python('app_secret', GUIDE_SECRET), 'app_secret'],
    ['PHP define', assignment.php('GOCARDLESS_APP_SECRET', GUIDE_SECRET), 'GOCARDLESS_APP_SECRET'],
    ['PHP array', assignment.phpArray('app_secret', GUIDE_SECRET), 'app_secret'],
    ['fallback after an env lookup', `const s = process.env.GOCARDLESS_APP_SECRET || '${GUIDE_SECRET}';\n`, 'GOCARDLESS_APP_SECRET'],
    ['setter call', `client.setAppSecret("${GUIDE_SECRET}");\n`, 'setAppSecret'],
    ['YAML value on the next line', `gocardless:\n  app_secret:\n    ${GUIDE_SECRET}\n`, 'app_secret'],
    ['generic key under a GoCardless comment', `# GoCardless sandbox\nSECRET=${GUIDE_SECRET}\n`, 'SECRET'],
    ['bearer header in a curl command', `curl https://gocardless.com/api/v1/merchants/X -H "Authorization: bearer ${SAMPLE_TOKEN}"\n`, 'bearer'],
  ];
  for (const [name, text, key] of cases) {
    it(`flags ${name}`, () => {
      const findings = scanTextForSecrets(text);
      assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.keyName)));
      assert.equal(findings[0]?.kind, 'shaped-like-secret-near-key');
      assert.equal(findings[0]?.keyName, key);
      assert.ok(!findings[0]?.message.includes(text.match(/[A-Za-z0-9+/]{64}/)?.[0] ?? '--'));
    });
  }

  it('guesses the role from the key name', () => {
    assert.equal(scanTextForSecrets(assignment.yaml('access_token', SAMPLE_TOKEN))[0]?.role, 'access-token');
    assert.equal(scanTextForSecrets(assignment.yaml('app_secret', SAMPLE_TOKEN))[0]?.role, 'app-secret');
  });
});

describe('scanTextForSecrets: no false positives', () => {
  const clean: [string, string][] = [
    ['the docs’ example signature (hex)', `{"payload": {"signature": "${DOCS_SIGNATURE}"}}`],
    ['the docs’ signature next to a secret key', `app_secret_signature = "${DOCS_SIGNATURE}"\nsecret = "${DOCS_SIGNATURE.toUpperCase()}"`],
    ['the public app id (client_id) of the example Connect link', `client_id=${DOCS_CLIENT_ID}\nGOCARDLESS_APP_ID="${DOCS_CLIENT_ID}"\n`],
    ['a Connect URL carrying client_id and nonce', `https://gocardless.com/connect/subscriptions/new?client_id=${encodeURIComponent(DOCS_CLIENT_ID)}&nonce=DGsrJuOpuT%2FUlhM6Ok5gcpod0447E%2F4RJvx%2BG1Xa0eZnb2uRDF9VRRMj00Rj`],
    ['a secret-shaped string with no key nearby', `const fixture = ["${GUIDE_SECRET}"];`],
    ['a secret-shaped string under a generic key with no GoCardless context', `SECRET=${GUIDE_SECRET}\n`],
    ['ordinary code', `export function normalizeParams(params: SignableParams): string {\n  const app_secret = process.env['GOCARDLESS_APP_SECRET'] ?? '';\n  return flattenParams(params).map(([k, v]) => k + '=' + v).join('&');\n}\n`],
    ['a long identifier', `app_secret = SOME_VERY_LONG_CONSTANT_NAME_THAT_GOES_ON_AND_ON_AND_ON_FOR_SIXTY4X;`],
    ['base64 data longer than a secret', `app_secret: ${GUIDE_SECRET}${GUIDE_SECRET}`],
    ['repeated filler', `app_secret: ${'Ab1'.repeat(21)}X`],
    ['an environment reference', `app_secret: process.env.GOCARDLESS_APP_SECRET`],
  ];
  for (const [name, text] of clean) {
    it(`ignores ${name}`, () => assert.deepEqual(kinds(text), []));
  }

  it('classifies key names', () => {
    assert.equal(classifyKeyName('GOCARDLESS_APP_ID'), 'not-secret');
    assert.equal(classifyKeyName('client_id'), 'not-secret');
    assert.equal(classifyKeyName('gocardlessWebhookSecret'), 'app-secret');
    assert.equal(classifyKeyName('GC_ACCESS_TOKEN'), 'access-token');
    assert.equal(classifyKeyName('api_key'), 'generic-secret');
    assert.equal(classifyKeyName('amount'), 'other');
  });

  it('stops at maxFindings', () => {
    const text = Array.from({ length: 10 }, () => `APP_SECRET=${randomSecret()}`).join('\n');
    assert.equal(scanTextForSecrets(text, { maxFindings: 3 }).length, 3);
    assert.equal(scanTextForSecrets(text).length, 10);
  });
});
