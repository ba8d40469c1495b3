import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectResourceType } from '../../../src/core/api/models';
import { buildConnectLink, confirmResource, verifyRedirect } from '../../../src/core/links';
import { codeSnippet, SECRET_ENV, TOKEN_ENV, type CodeSnippetInput } from '../../../src/core/links/codeSnippets';
import { queryToParams } from '../../../src/core/links/testConnectLink';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';
import { verifySignedParams, type SignableParams } from '../../../src/core/signing';
import { parseApiBoolean, parseApiInstant } from '../../../src/core/validation';
import { payOnPaymentPage } from '../linkBuilder/payOnPaymentPage';

const run = promisify(execFile);
const STANDINS = join(__dirname, 'legacyStandins');

/**
 * Issue 23: the link builder's Python, Ruby and PHP snippets, run on the real
 * interpreters as far as each standard library allows. The library each
 * snippet imports is replaced by a stand-in for its link-building part
 * (legacyStandins/README.md), so what runs is the snippet's own code (its
 * literals, Decimals, datetimes, keyword arguments) and that language's
 * encoding, sorting and HMAC. The printed link is compared with the core's
 * link for the same input, then opened, paid and confirmed in the sandbox.
 *
 * Where an interpreter is missing, its test says so and is skipped: CI
 * installs python3 by default and needs `ruby php-cli` for the other two.
 */
const RUNTIMES = {
  python: { command: 'python3', args: (file: string) => [file], env: { PYTHONPATH: join(STANDINS, 'python'), PYTHONDONTWRITEBYTECODE: '1' }, ext: 'py' },
  ruby: { command: 'ruby', args: (file: string) => ['-I', join(STANDINS, 'ruby'), file], env: {}, ext: 'rb' },
  php: { command: 'php', args: (file: string) => ['-d', `include_path=${join(STANDINS, 'php')}`, file], env: {}, ext: 'php' },
} as const;
type Language = keyof typeof RUNTIMES;

async function installed(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}

const SECRET = 'snippet-runtime-secret';
const INPUTS: ReadonlyArray<Omit<CodeSnippetInput, 'environment' | 'appId' | 'merchantId'> & { resourceType: ConnectResourceType }> = [
  {
    resourceType: 'pre_authorization',
    resource: { max_amount: '15.00', interval_length: 1, interval_unit: 'month', expires_at: '2030-01-10', calendar_intervals: true, name: 'Court "1" & Zoë\'s', user: { first_name: 'Zoë', email: 'zoe+gc@example.com' } },
    redirectUri: 'https://merchant.example/done?x=1', state: 'id 9/SX',
  },
  {
    resourceType: 'subscription',
    resource: { amount: '12.50', interval_length: 2, interval_unit: 'week', start_at: '2030-02-01T09:30:00Z', expires_at: '2031-02-01', description: 'line one\nline two' },
    redirectUri: 'https://merchant.example/done', state: 's',
  },
];

/** Values compared by meaning: each library spells amounts, booleans and dates its own way (docs/client-libraries.md). */
function sameValue(key: string, ours: string, theirs: string): boolean {
  if (key === 'start_at' || key === 'expires_at') return parseApiInstant(ours) === parseApiInstant(theirs);
  if (key === 'calendar_intervals') return parseApiBoolean(ours) === parseApiBoolean(theirs);
  if (/amount|setup_fee/.test(key)) return Number(ours) === Number(theirs);
  return ours === theirs;
}

function flatStrings(tree: SignableParams, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [kk, vv] of flatStrings(v as SignableParams, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

describe('the link builder\'s snippets, run on their interpreters (issue 23)', () => {
  let sb: RunningSandbox;
  let dir: string;
  before(async () => {
    // The snippets stamp links with the real clock, so this sandbox runs on it too.
    sb = await startSandbox({ seed: 5, redirectUri: 'https://merchant.example/done' });
    dir = await mkdtemp(join(tmpdir(), 'gcdev-snippets-'));
  });
  after(async () => {
    await sb.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  for (const language of Object.keys(RUNTIMES) as Language[]) {
    for (const input of INPUTS) {
      it(`${language}: a ${input.resourceType} link printed by the snippet matches the core's and is accepted, paid and confirmed`, async function () {
        const runtime = RUNTIMES[language];
        if (!(await installed(runtime.command))) {
          console.log(`      skipped: ${runtime.command} is not installed (install it, e.g. apt-get install ${language === 'php' ? 'php-cli' : runtime.command}, to run this test)`);
          this.skip();
        }
        const full: CodeSnippetInput = { ...input, environment: sb.url, appId: sb.credentials.app_id, merchantId: sb.credentials.merchant_id };
        const file = join(dir, `${language}-${input.resourceType}.${runtime.ext}`);
        await writeFile(file, codeSnippet(language, full));
        const { stdout } = await run(runtime.command, runtime.args(file), {
          env: { ...process.env, ...runtime.env, [SECRET_ENV]: sb.credentials.app_secret, [TOKEN_ENV]: sb.credentials.access_token },
        });
        const url = new URL(stdout.trim());
        assert.equal(url.origin + url.pathname, `${sb.url}/connect/${input.resourceType}s/new`);
        const params = queryToParams(url.searchParams);
        assert.ok(verifySignedParams(params, sb.credentials.app_secret), 'the core verifies the signature the snippet computed');
        assert.ok(!verifySignedParams(params, SECRET), 'and only with the app secret');

        // The same link from the core's builder: the same parameters, by meaning, apart from the per-link ones.
        const core = buildConnectLink({
          resourceType: input.resourceType, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
          resource: { merchant_id: sb.credentials.merchant_id, ...input.resource } as never, redirectUri: input.redirectUri, state: input.state,
        });
        const ours = flatStrings(core.params);
        const theirs = flatStrings(params);
        for (const perLink of ['nonce', 'timestamp', 'signature']) {
          ours.delete(perLink);
          theirs.delete(perLink);
        }
        assert.deepEqual([...theirs.keys()].sort(), [...ours.keys()].sort());
        for (const [key, value] of ours) {
          const leaf = /\[([^\]]+)\]$/.exec(key)?.[1] ?? key;
          assert.ok(sameValue(leaf, value, theirs.get(key)!), `${key}: core ${JSON.stringify(value)}, ${language} ${JSON.stringify(theirs.get(key))}`);
        }

        const paid = await payOnPaymentPage(url.toString());
        assert.equal(paid.status, 302, paid.page.slice(0, 300));
        const verified = verifyRedirect(paid.location, sb.credentials.app_secret);
        assert.equal(verified.valid, true);
        assert.equal(verified.resource.state, input.state);
        const confirmed = await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: verified.resource.resource_id, resourceType: input.resourceType });
        assert.equal(confirmed.success, true);
      });
    }
  }
});
