import assert from 'node:assert/strict';
import { codeSnippet, type CodeSnippetInput, type SnippetLanguage } from '../../../src/core/links/codeSnippets';

const NOTE = 'client_id, nonce, timestamp and signature are added by the library; the other parameters match the builder\'s link.';

function bill(environment: string, resource: Record<string, unknown> = { merchant_id: 'M', amount: '10', name: 'n' }, extra: Partial<CodeSnippetInput> = {}): CodeSnippetInput {
  return { resourceType: 'bill', environment, appId: 'A', merchantId: 'M', resource, ...extra };
}

/** The snippet's lines between its call's opening line and the closing one: the params as the language writes them. */
function paramLines(language: SnippetLanguage, input: CodeSnippetInput): string[] {
  const lines = codeSnippet(language, input).split('\n');
  const start = lines.findIndex((l) => /new_bill_url\(|bill\.newUrl\(/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^(\}|\)|\}\)|\)\);|\}\);)/.test(l));
  return lines.slice(start + 1, end);
}

describe('codeSnippets text (issue 21)', () => {
  it('the live Node snippet, whole', () => {
    assert.equal(codeSnippet('node', bill('live')), [
      '// gocardless@1.0.0-beta6',
      'const gocardless = require(\'gocardless\')({',
      '  appId: "A",',
      '  merchantId: "M",',
      '  appSecret: process.env.GOCARDLESS_APP_SECRET,',
      '  token: process.env.GOCARDLESS_ACCESS_TOKEN,',
      '});',
      '',
      `// ${NOTE}`,
      'const url = gocardless.bill.newUrl({',
      '  amount: "10",',
      '  name: "n",',
      '});',
      'console.log(url);',
      '',
    ].join('\n'));
  });

  it('the live PHP snippet, whole', () => {
    assert.equal(codeSnippet('php', bill('live')), [
      '<?php',
      'require \'vendor/autoload.php\';',
      '',
      'GoCardless::$environment = \'production\';',
      'GoCardless::set_account_details(array(',
      '  \'app_id\' => \'A\',',
      '  \'app_secret\' => getenv(\'GOCARDLESS_APP_SECRET\'),',
      '  \'merchant_id\' => \'M\',',
      '  \'access_token\' => getenv(\'GOCARDLESS_ACCESS_TOKEN\'),',
      '));',
      '',
      `// ${NOTE}`,
      '$url = GoCardless::new_bill_url(array(',
      '  \'amount\' => \'10\',',
      '  \'name\' => \'n\',',
      '));',
      'echo $url;',
      '',
    ].join('\n'));
  });

  it('the live Ruby and Python snippets, whole', () => {
    assert.equal(codeSnippet('ruby', bill('live')), [
      'require \'gocardless\'', '',
      '# live: the default environment',
      'GoCardless.account_details = {', '  app_id: \'A\',', '  app_secret: ENV[\'GOCARDLESS_APP_SECRET\'],', '  token: ENV[\'GOCARDLESS_ACCESS_TOKEN\'],', '  merchant_id: \'M\',', '}', '',
      `# ${NOTE}`,
      'url = GoCardless.new_bill_url({', '  amount: \'10\',', '  name: \'n\',', '})', 'puts url', '',
    ].join('\n'));
    const python = codeSnippet('python', bill('live'));
    assert.ok(python.startsWith([
      'import os', 'from decimal import Decimal', 'import gocardless', '',
      '# live: gocardless.environment defaults to "production"',
      'gocardless.set_details(', '    app_id="A",', '    app_secret=os.environ["GOCARDLESS_APP_SECRET"],', '    access_token=os.environ["GOCARDLESS_ACCESS_TOKEN"],', '    merchant_id="M",', ')', '',
      `# ${NOTE}`,
      '# Amounts are Decimals and dates datetimes: the library compares them with 0 and with datetime.now().',
    ].join('\n')), python);
    assert.ok(python.endsWith(['url = gocardless.client.new_bill_url(', '    amount=Decimal("10"),', '    name="n",', ')', 'print(url)', ''].join('\n')), python);
  });

  it('each language’s setup for the sandbox and for a local sandbox', () => {
    const local = 'http://127.0.0.1:4567';
    const node = codeSnippet('node', bill(local));
    assert.ok(node.startsWith('// gocardless@1.0.0-beta6; its Client takes any base URL, here the local sandbox.\nconst Client = require(\'gocardless/lib/client\');\nconst gocardless = new Client({\n  appId: "A",\n  merchantId: "M",\n'), node);
    assert.ok(node.includes(`  token: process.env.GOCARDLESS_ACCESS_TOKEN,\n  baseUrl: "${local}",\n});\n`), node);
    assert.ok(codeSnippet('node', bill('sandbox')).includes('  token: process.env.GOCARDLESS_ACCESS_TOKEN,\n  sandbox: true,\n});\n'));
    assert.ok(codeSnippet('ruby', bill(local)).includes(`\nGoCardless::Client.base_url = '${local}' # the local sandbox\n`));
    assert.ok(codeSnippet('ruby', bill('sandbox')).includes('\nGoCardless.environment = :sandbox\n'));
    assert.ok(codeSnippet('python', bill(local)).includes(`\ngocardless.environment = "sandbox"\ngocardless.Client.base_url = "${local}"  # the local sandbox\n`));
    assert.ok(codeSnippet('python', bill('sandbox')).includes('\n\ngocardless.environment = "sandbox"\ngocardless.set_details('));
    const php = codeSnippet('php', bill(local));
    assert.ok(php.includes('GoCardless::$environment = \'sandbox\';'), php);
    assert.ok(php.includes(`  'access_token' => getenv('GOCARDLESS_ACCESS_TOKEN'),\n  'base_url' => '${local}', // the local sandbox\n));`), php);
    assert.ok(!codeSnippet('php', bill('sandbox')).includes('base_url'));
  });

  it('writes each kind of value in each language; leaves out blanks, lists, empty hashes and merchant_id', () => {
    const resource = {
      merchant_id: 'M', amount: 10.5, name: '', description: 'a\u2028b', calendar_intervals: true, setup_fee: Number.POSITIVE_INFINITY,
      tags: ['x'], nothing: null, user: { email: '', first_name: 'Zoë', 'billing-town': 'Lyon', '2nd': 'y' }, empty: { a: '' },
    };
    const extra = { redirectUri: 'https://m.example/ok', cancelUri: 'https://m.example/no', state: 's' };
    assert.deepEqual(paramLines('node', bill('live', resource, extra)), [
      '  amount: 10.5,', '  description: "a\\u2028b",', '  calendar_intervals: true,', '  setup_fee: "Infinity",',
      '  user: {', '    first_name: "Zoë",', '    "billing-town": "Lyon",', '    "2nd": "y",', '  },',
      '  redirect_uri: "https://m.example/ok",', '  cancel_uri: "https://m.example/no",', '  state: "s",',
    ]);
    assert.deepEqual(paramLines('ruby', bill('live', resource)), [
      '  amount: 10.5,', '  description: \'a\u2028b\',', '  calendar_intervals: true,', '  setup_fee: \'Infinity\',',
      '  user: {', '    first_name: \'Zoë\',', '    \'billing-town\' => \'Lyon\',', '    \'2nd\' => \'y\',', '  },',
    ]);
    assert.deepEqual(paramLines('php', bill('live', resource)), [
      '  \'amount\' => 10.5,', '  \'description\' => \'a\u2028b\',', '  \'calendar_intervals\' => true,', '  \'setup_fee\' => \'Infinity\',',
      '  \'user\' => array(', '    \'first_name\' => \'Zoë\',', '    \'billing-town\' => \'Lyon\',', '    \'2nd\' => \'y\',', '  ),',
    ]);
    assert.deepEqual(paramLines('python', bill('live', { ...resource, calendar_intervals: false, interval_length: '2', interval_count: 'x' })), [
      '    amount=Decimal("10.5"),', '    description="a\\u2028b",', '    calendar_intervals=False,', '    setup_fee="Infinity",',
      '    user={', '        "first_name": "Zoë",', '        "billing-town": "Lyon",', '        "2nd": "y",', '    },', '    interval_length=2,', '    interval_count="x",',
    ]);
  });

  it('escapes U+2029 as it does U+2028 in Node and Python strings (JSON allows both raw; JavaScript before ES2019 did not)', () => {
    const resource = { amount: '1', description: 'a\u2028b\u2029c' };
    assert.ok(paramLines('node', bill('live', resource)).includes('  description: "a\\u2028b\\u2029c",'));
    assert.ok(paramLines('python', bill('live', resource)).includes('    description="a\\u2028b\\u2029c",'));
  });

  it('indents a hash inside a hash one level further in each language (4 spaces a level in Python, 2 elsewhere)', () => {
    const resource = { amount: '1', user: { address: { town: 'Lyon' } } };
    assert.deepEqual(paramLines('python', bill('live', resource)).slice(1), [
      '    user={', '        "address": {', '            "town": "Lyon",', '        },', '    },',
    ]);
    assert.deepEqual(paramLines('node', bill('live', resource)).slice(1), [
      '  user: {', '    address: {', '      town: "Lyon",', '    },', '  },',
    ]);
  });

  it('Python: a count of several digits is an int; a date under a key that is no date stays text; no import it does not use', () => {
    const python = codeSnippet('python', { ...bill('live'), resourceType: 'subscription', resource: { interval_length: '12', interval_count: '104', name: '2030-01-02T03:04:05Z' } });
    assert.match(python, /\n {4}interval_length=12,\n {4}interval_count=104,\n {4}name="2030-01-02T03:04:05Z",\n/);
    assert.ok(python.startsWith('import os\nimport gocardless\n\n'), python);
  });

  it('Python: Decimal and datetime imports only when used; a pre-authorization’s date has no microsecond, an unreadable one stays text', () => {
    const python = codeSnippet('python', bill('live', { amount: 'ten', name: 'n' }));
    assert.doesNotMatch(python, /^from decimal import Decimal$|^import datetime$|Decimal\(/m);
    assert.match(python, /\n {4}amount="ten",\n/);
    // Only a whole number is an amount or a count: text around the digits keeps the value a string.
    const partly = codeSnippet('python', { ...bill('live'), resourceType: 'subscription', resource: { amount: '10x', setup_fee: 'x1.5', interval_length: '2x', interval_count: 'x2' } });
    assert.match(partly, /\n {4}amount="10x",\n {4}setup_fee="x1\.5",\n {4}interval_length="2x",\n {4}interval_count="x2",\n/);
    const dated = codeSnippet('python', { ...bill('live'), resourceType: 'pre_authorization', resource: { max_amount: '5', expires_at: 'soon', start_at: '2030-01-02T03:04:05Z' } });
    assert.match(dated, /\n {4}expires_at="soon",\n {4}start_at=datetime\.datetime\(2030, 1, 2, 3, 4, 5\),\n/);
  });
});
