// The language snippets (package.json contributes.snippets) are code users paste into their apps: the JavaScript
// and TypeScript ones are run here, as inserted, against the local sandbox over HTTP; the Python, Ruby and PHP
// ones sign the Signature Guide's worked example on their own runtimes and build a link the sandbox accepts.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';
import { buildTestWebhook } from '../../../src/core/webhooks/buildTestWebhook';
import { payOnPaymentPage } from '../linkBuilder/payOnPaymentPage';
import { expandSnippet, SNIPPET_PREFIXES, type SnippetFile } from './expandSnippet';

const ROOT = join(__dirname, '..', '..', '..');
// "App secret: '5PUZmVMm…'  Parameters: 'user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com'  Signature: '763f02cb…'"
const SPEC_SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';
const SPEC_SIGNATURE = '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470';
const REDIRECT = 'http://127.0.0.1:9/return';
const REFUSALS = ['Signature is invalid', 'Timestamp has expired', 'Client is invalid', 'Merchant not found', 'Nonce'];

function snippets(language: string): Map<string, string> {
  const file = JSON.parse(readFileSync(join(ROOT, 'snippets', `${language}.json`), 'utf8')) as SnippetFile;
  return new Map(Object.values(file).map((s) => [s.prefix, expandSnippet(s.body)]));
}

interface JsSnippets {
  gocardlessSign(params: object, secret: string): string;
  gocardlessBillLink(amount: string, name: string): string;
  gocardlessConfirmRedirect(query: Record<string, string>): Promise<unknown>;
  gocardlessWebhook(body: string): { status: number; objects?: unknown };
  gocardlessBills(filter: Record<string, string>): Promise<{ id: string; status: string }[]>;
}

describe('language snippets', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let dir: string;
  const savedEnv = { ...process.env };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gcdev-snippets-'));
    sandbox = await startSandbox({ seed: 3, scale: { bills: 300 }, redirectUri: REDIRECT });
    const c = sandbox.credentials;
    Object.assign(process.env, {
      GOCARDLESS_BASE_URL: sandbox.url, GOCARDLESS_APP_ID: c.app_id, GOCARDLESS_APP_SECRET: c.app_secret,
      GOCARDLESS_MERCHANT_ID: c.merchant_id, GOCARDLESS_ACCESS_TOKEN: c.access_token,
    });
  });
  after(async () => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    await sandbox?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every language offers the same five moves under the same prefixes', () => {
    for (const language of ['javascript', 'typescript', 'python', 'ruby', 'php']) {
      assert.deepEqual([...snippets(language).keys()], [...SNIPPET_PREFIXES], language);
    }
  });

  it('package.json contributes each file to its languages', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    const byLanguage = Object.fromEntries(pkg.contributes.snippets.map((s) => [s.language, s.path]));
    assert.deepEqual(byLanguage, {
      javascript: './snippets/javascript.json', javascriptreact: './snippets/javascript.json',
      typescript: './snippets/typescript.json', typescriptreact: './snippets/typescript.json',
      python: './snippets/python.json', ruby: './snippets/ruby.json', php: './snippets/php.json',
    });
  });

  for (const language of ['javascript', 'typescript'] as const) {
    describe(`${language}, run against the local sandbox`, () => {
      let s: JsSnippets;
      before(() => {
        let code = [...snippets(language).values()].join('\n\n');
        if (language === 'typescript') {
          const diagnostics = typecheck(code);
          assert.deepEqual(diagnostics, [], 'the TypeScript snippets typecheck under strict');
          code = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
        }
        const file = join(dir, `${language}-snippets.js`);
        writeFileSync(file, `${code}\nmodule.exports = { gocardlessSign, gocardlessBillLink, gocardlessConfirmRedirect, gocardlessWebhook, gocardlessBills };\n`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        s = require(file) as JsSnippets;
      });

      it('signs the Signature Guide\'s worked example', () => {
        assert.equal(s.gocardlessSign({ user: { email: 'fred@example.com', age: 30 } }, SPEC_SECRET), SPEC_SIGNATURE);
      });

      it('builds a link the payment page accepts, and confirms the redirect that comes back', async () => {
        const link = s.gocardlessBillLink('20.00', 'Snippet order');
        const paid = await payOnPaymentPage(link);
        assert.equal(paid.status, 302, paid.page.slice(0, 500));
        for (const refusal of REFUSALS) assert.ok(!paid.page.includes(refusal), refusal);
        const redirect = new URL(paid.location);
        assert.equal(redirect.origin + redirect.pathname, REDIRECT);
        const query = Object.fromEntries(redirect.searchParams);
        assert.deepEqual(await s.gocardlessConfirmRedirect(query), { success: true });
        const tampered = { ...query, resource_id: 'SOMEONEELSE' };
        await assert.rejects(s.gocardlessConfirmRedirect(tampered), /not signed by GoCardless/);
      });

      it('answers 200 to a genuine webhook, 403 to a forgery, 400 to a body that is not one', () => {
        const secret = sandbox.credentials.app_secret;
        const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1', 'B2'], secret });
        const genuine = s.gocardlessWebhook(hook.json);
        assert.equal(genuine.status, 200);
        assert.equal((genuine.objects as { id: string }[]).map((o) => o.id).join(), 'B1,B2');
        assert.equal(s.gocardlessWebhook(buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: 'not the secret' }).json).status, 403);
        assert.equal(s.gocardlessWebhook(hook.json.replace('"paid"', '"failed"')).status, 403);
        assert.equal(s.gocardlessWebhook('not json').status, 400);
      });

      it('lists every bill matching a filter, across pages', async () => {
        const bills = await s.gocardlessBills({ status: 'withdrawn' });
        const c = sandbox.credentials;
        const first = await fetch(`${sandbox.url}/api/v1/merchants/${c.merchant_id}/bills?status=withdrawn&per_page=1`, { headers: { Authorization: `bearer ${c.access_token}`, Accept: 'application/json' } });
        const total = JSON.parse(first.headers.get('x-pagination') ?? '{}') as { records?: number };
        assert.ok((total.records ?? 0) > 100, 'more withdrawn bills than one page holds');
        assert.equal(bills.length, total.records);
        assert.equal(new Set(bills.map((b) => b.id)).size, bills.length, 'no bill twice');
        assert.ok(bills.every((b) => b.status === 'withdrawn'));
      });
    });
  }

  const RUNTIMES = [
    { language: 'python', command: 'python3', args: (file: string) => [file], program: (sign: string, link: string) => `${sign}\n${link}\nprint(gocardless_sign({"user": {"email": "fred@example.com", "age": 30}}, "${SPEC_SECRET}"))\nprint(gocardless_bill_link("20.00", "Snippet order"))\n` },
    { language: 'ruby', command: 'ruby', args: (file: string) => [file], program: (sign: string, link: string) => `${sign}\n${link}\nputs gocardless_sign({ 'user' => { 'email' => 'fred@example.com', 'age' => 30 } }, '${SPEC_SECRET}')\nputs gocardless_bill_link('20.00', 'Snippet order')\n` },
    { language: 'php', command: 'php', args: (file: string) => [file], program: (sign: string, link: string) => `<?php\n${sign}\n${link}\necho gocardless_sign(['user' => ['email' => 'fred@example.com', 'age' => 30]], '${SPEC_SECRET}'), PHP_EOL;\necho gocardless_bill_link('20.00', 'Snippet order'), PHP_EOL;\n` },
  ];
  for (const r of RUNTIMES) {
    it(`${r.language}: signs the worked example and builds a link the payment page accepts (on ${r.command})`, async function () {
      if (spawnSync(r.command, ['--version']).status !== 0) {
        console.log(`      (skipped: ${r.command} is not installed here; CI installs it)`);
        this.skip();
      }
      const s = snippets(r.language);
      const file = join(dir, `snippet.${r.language}`);
      writeFileSync(file, r.program(s.get('gocardless-sign')!, s.get('gocardless-link')!));
      const run = spawnSync(r.command, r.args(file), { encoding: 'utf8', env: process.env, timeout: 30_000 });
      assert.equal(run.status, 0, run.stderr);
      const [signature, link] = run.stdout.trim().split('\n');
      assert.equal(signature, SPEC_SIGNATURE);
      const paid = await payOnPaymentPage(link!);
      assert.equal(paid.status, 302, paid.page.slice(0, 500));
      assert.ok(paid.location.startsWith(`${REDIRECT}?`), paid.location);
    });
  }
});

function typecheck(code: string): string[] {
  const fileName = '/snippets.ts';
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: ['node'], noEmit: true };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === fileName ? ts.createSourceFile(name, code, version) : read(name, version));
  host.fileExists = ((exists) => (name: string) => name === fileName || exists(name))(host.fileExists.bind(host));
  host.getCurrentDirectory = () => ROOT;
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
