import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CliError } from '../../../src/cli/CliCommand';
import { command } from '../../../src/cli/commands/check';
import { COMMANDS } from '../../../src/cli/commandTable';
import { startSandbox } from '../../../src/core/sandbox';
import { connectApp, correctApp, duplicateRejectingApp } from '../integrationCheck/testApps';

const SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';

async function gcdev(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  // The command itself rather than runCli: its lazy import() needs tsx's ESM hook,
  // which mocha's `require: tsx/cjs` does not install. runCli turns a CliError into one line and exit 2.
  try {
    const code = await command.run(args, { stdin: Readable.from([]), stdout, stderr, env, stopSignal: new Promise<string>(() => undefined) });
    return { code, out, err };
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out, err: err + `gcdev check: ${e.message}\n` };
    throw e;
  }
}

describe('gcdev check', () => {
  it('is in the command table', () => {
    assert.equal(typeof COMMANDS['check'], 'function');
    assert.equal(command.name, 'check');
  });

  it('prints the table and exits 0 for a correct app, taking the secret from GOCARDLESS_APP_SECRET', async () => {
    const app = await correctApp(SECRET);
    try {
      const r = await gcdev(['--app', app.url, '--timeout', '2000'], { GOCARDLESS_APP_SECRET: SECRET });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^PASS {2}webhook\.bill\.created/m);
      assert.match(r.out, /PASSED: 18 passed, 0 failed, 0 warnings, 2 skipped/);
      assert.ok(!r.out.includes(SECRET));
    } finally {
      await app.close();
    }
  });

  it('exits 1 when a case fails, writes the Markdown file, and prints JSON with --json', async () => {
    const app = await duplicateRejectingApp(SECRET);
    const dir = await mkdtemp(join(tmpdir(), 'gcdev-check-'));
    try {
      const file = join(dir, 'report.md');
      const r = await gcdev(['--app', app.url, '--secret', SECRET, '--timeout', '2000', '--markdown', file, '--json']);
      assert.equal(r.code, 1, r.err);
      const json: unknown = JSON.parse(r.out);
      assert.ok(typeof json === 'object' && json !== null && 'cases' in json && Array.isArray(json.cases));
      const failed = (json.cases as { id: string; outcome: string }[]).filter((c) => c.outcome === 'fail').map((c) => c.id);
      assert.deepEqual(failed, ['webhook.retry']);
      const md = await readFile(file, 'utf8');
      assert.match(md, /### ❌ fail: `webhook\.retry`/);
      assert.ok(!md.includes(SECRET) && !r.out.includes(SECRET));
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses missing or bad options with one line and exit 2', async () => {
    const noApp = await gcdev(['--secret', SECRET]);
    assert.equal(noApp.code, 2);
    assert.match(noApp.err, /^gcdev check: --app URL is required/);
    const noSecret = await gcdev(['--app', 'http://127.0.0.1:9/']);
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.err, /GOCARDLESS_APP_SECRET/);
    const badUrl = await gcdev(['--app', 'ftp://example.com', '--secret', SECRET]);
    assert.equal(badUrl.code, 2);
    assert.equal(badUrl.err.trim().split('\n').length, 1);
    const badTimeout = await gcdev(['--app', 'http://127.0.0.1:9/', '--secret', SECRET, '--timeout', 'soon']);
    assert.equal(badTimeout.code, 2);
    assert.match(badTimeout.err, /--timeout must be a positive whole number/);
  });
});

describe('gcdev check --redirect-uri', () => {
  it('runs the round trip against a sandbox given on the command line, credentials from the environment', async () => {
    const sandbox = await startSandbox({ seed: 9, scale: { bills: 1, subscriptions: 1, preAuthorizations: 1, users: 1, payouts: 1 } });
    const app = await connectApp(sandbox, { verify: true, confirm: true });
    try {
      const c = sandbox.credentials;
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (b: Buffer) => (out += b.toString()));
      const code = await command.run(['--app', app.url, '--redirect-uri', app.url.replace('/webhooks/gocardless', '/return'), '--sandbox', sandbox.url, '--timeout', '3000'], {
        stdin: Readable.from([]), stdout, stderr: new PassThrough(), stopSignal: new Promise<string>(() => undefined),
        env: { GOCARDLESS_APP_SECRET: c.app_secret, GOCARDLESS_APP_ID: c.app_id, GOCARDLESS_MERCHANT_ID: c.merchant_id, GOCARDLESS_ACCESS_TOKEN: c.access_token },
      });
      assert.equal(code, 0, out);
      assert.match(out, /^PASS {2}redirect\.round-trip +200 in \d+ ms; bill confirmed$/m);
      assert.match(out, /PASSED: 20 passed, 0 failed/);
    } finally {
      await app.close();
      await sandbox.dispose();
    }
  });
});
