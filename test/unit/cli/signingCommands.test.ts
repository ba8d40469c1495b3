import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '../../../src/cli/runCli';
import { signParams } from '../../../src/core/signing';

const GUIDE_SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';

interface Run { code: number; stdout: string; stderr: string }

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function gcdev(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out = collector();
  const err = collector();
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout: out.stream, stderr: err.stream, env, stopSignal: new Promise(() => undefined) });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('gcdev sign', () => {
  it('signs the Signature Guide example from stdin', async () => {
    const r = await gcdev(['sign', '--secret', GUIDE_SECRET], '{"user":{"email":"fred@example.com","age":30}}');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), {
      normalized: 'user%5Bage%5D=30&user%5Bemail%5D=fred%40example.com',
      signature: '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470',
    });
  });

  it('takes the secret from GOCARDLESS_APP_SECRET', async () => {
    const r = await gcdev(['sign'], '{"a":"1"}', { GOCARDLESS_APP_SECRET: 'k' });
    assert.equal(JSON.parse(r.stdout).signature, signParams({ a: '1' }, 'k').signature);
  });

  it('fails with one line and exit 2 on bad input', async () => {
    for (const [args, stdin, message] of [
      [['sign'], '{}', /app secret is required/],
      [['sign', '--secret', 'k'], 'not json', /not JSON/],
      [['sign', '--secret', 'k'], '[1]', /JSON object/],
      [['sign', '--secret', 'k', '--bogus'], '{}', /Unknown option/],
    ] as const) {
      const r = await gcdev([...args], stdin);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });

  it('--batch writes one line per input line, an error line for a bad one, and exits 1', async () => {
    const lines = [
      JSON.stringify({ params: { a: '1' }, secret: 'x' }),
      'oops',
      JSON.stringify({ params: { b: [1, 2] } }),
      '',
      JSON.stringify({ params: 'nope', secret: 'x' }),
    ].join('\n') + '\n';
    const r = await gcdev(['sign', '--batch', '--secret', 'fallback'], lines);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 5);
    assert.equal(out[0]!['signature'], signParams({ a: '1' }, 'x').signature);
    assert.equal(out[1]!['line'], 2);
    assert.match(String(out[1]!['error']), /not JSON/);
    assert.equal(out[2]!['signature'], signParams({ b: [1, 2] }, 'fallback').signature);
    assert.equal(out[3]!['line'], 4);
    assert.match(String(out[4]!['error']), /"params" must be a JSON object/);
    assert.equal(r.code, 1);
  });

  it('--batch streams: answers a line before the next one arrives', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = runCli(['sign', '--batch', '--secret', 'k'], { stdin, stdout, stderr: collector().stream, env: {}, stopSignal: new Promise(() => undefined) });
    stdin.write('{"params":{"n":1}}\n');
    const [first] = (await once(stdout, 'data')) as [Buffer];
    assert.equal(JSON.parse(first.toString()).signature, signParams({ n: 1 }, 'k').signature);
    stdin.end('{"params":{"n":2}}\n');
    assert.equal(await done, 0);
  });
});

describe('gcdev link', () => {
  const base = ['link', 'subscription', '--app-id', 'APP', '--merchant-id', '0ABC', '--amount', '10.00', '--param', 'interval_length=1',
    '--param', 'interval_unit=month', '--param', 'name=Gold plan', '--param', 'user[email]=a@b.co', '--param', 'state=s1',
    '--nonce', 'N0NCE', '--timestamp', '2030-01-01T12:00:00Z'];

  it('prints the signed URL, reproducibly', async () => {
    const r = await gcdev(base, '', { GOCARDLESS_APP_SECRET: 'sek' });
    assert.equal(r.code, 0, r.stderr);
    const url = r.stdout.trim();
    assert.ok(url.startsWith('https://sandbox.gocardless.com/connect/subscriptions/new?client_id=APP&nonce=N0NCE&signature='));
    assert.ok(url.includes('subscription%5Buser%5D%5Bemail%5D=a%40b.co'));
    assert.ok(url.includes('&state=s1&'));
    assert.equal((await gcdev(base, '', { GOCARDLESS_APP_SECRET: 'sek' })).stdout, r.stdout);
  });

  it('prints the whole result with --json, maps --amount to max_amount for a pre_authorization, and takes any --env', async () => {
    const r = await gcdev(['link', 'pre_authorization', '--app-id', 'A', '--app-secret', 'sek', '--merchant-id', 'M', '--amount', '750.00',
      '--param', 'interval_length=1', '--param', 'interval_unit=month', '--param', 'pre_authorization[calendar_intervals]=true',
      '--env', 'http://127.0.0.1:9999', '--timestamp', '2030-01-01T12:00:00Z', '--nonce', 'n', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const link = JSON.parse(r.stdout) as { url: string; expiresAt: string; params: { pre_authorization: Record<string, string> } };
    assert.ok(link.url.startsWith('http://127.0.0.1:9999/connect/pre_authorizations/new?'));
    assert.equal(link.params.pre_authorization['max_amount'], '750.00');
    assert.equal(link.params.pre_authorization['calendar_intervals'], 'true');
    assert.equal(link.expiresAt, '2030-01-01T15:00:00Z');
    assert.ok(!r.stdout.includes('sek'));
  });

  it('names every broken rule on one line, exit 2', async () => {
    const r = await gcdev(['link', 'bill', '--app-id', 'A', '--app-secret', 's', '--merchant-id', 'M', '--amount', '1.001', '--param', 'interval_unit=week']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'gcdev link: bill[interval_unit] is not a bill parameter (bill takes amount, merchant_id, name, description, user, currency); bill[amount] must have at most two decimal places\n');
    assert.match((await gcdev(['link', 'payout', '--app-id', 'A'])).stderr, /bill, subscription or pre_authorization/);
    assert.match((await gcdev(['link', 'bill', '--app-id', 'A', '--merchant-id', 'M', '--app-secret', 's', '--param', 'novalue'])).stderr, /key=value/);
  });
});

describe('gcdev verify-redirect', () => {
  const fields = { resource_id: 'R1', resource_type: 'bill', resource_uri: 'https://gocardless.com/api/v1/bills/R1', state: 'st' };
  const url = (sig: string): string => `https://merchant.example/back?${new URLSearchParams({ ...fields, signature: sig, mine: '1' }).toString()}`;

  it('prints valid JSON and exits 0 for a good redirect', async () => {
    const r = await gcdev(['verify-redirect', '--secret', 'k', url(signParams(fields, 'k').signature)]);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as { valid: boolean; resource: { resource_id: string }; diagnosis: { verdict: string } };
    assert.equal(out.valid, true);
    assert.equal(out.resource.resource_id, 'R1');
    assert.equal(out.diagnosis.verdict, 'valid');
  });

  it('exits 1 with the diagnosis when invalid, 2 when it is not a redirect', async () => {
    const bad = await gcdev(['verify-redirect', url(signParams(fields, 'other').signature)], '', { GOCARDLESS_APP_SECRET: 'k' });
    assert.equal(bad.code, 1);
    assert.equal((JSON.parse(bad.stdout) as { diagnosis: { verdict: string } }).diagnosis.verdict, 'unexplained');
    const notRedirect = await gcdev(['verify-redirect', '--secret', 'k', 'https://merchant.example/back?x=1']);
    assert.equal(notRedirect.code, 2);
    assert.match(notRedirect.stderr, /no resource_id/);
  });
});

describe('gcdev verify-webhook', () => {
  const payload = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }] };

  it('reads the body on stdin, tries each --secret, exits 0 when valid', async () => {
    const body = JSON.stringify({ payload: { ...payload, signature: signParams(payload, 'second').signature } });
    const r = await gcdev(['verify-webhook', '--secret', 'first', '--secret', 'second'], body);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { valid: boolean; verdict: string; secretIndex: number; objectIds: string[] };
    assert.deepEqual([out.valid, out.verdict, out.secretIndex, out.objectIds], [true, 'valid', 1, ['B1']]);
  });

  it('exits 1 for invalid, unsigned and malformed bodies', async () => {
    const tampered = JSON.stringify({ payload: { ...payload, action: 'failed', signature: signParams(payload, 'k').signature } });
    for (const [body, verdict] of [[tampered, 'invalid'], [JSON.stringify({ payload }), 'unsigned'], ['nope', 'malformed']] as const) {
      const r = await gcdev(['verify-webhook', '--secret', 'k'], body);
      assert.equal(r.code, 1);
      assert.equal((JSON.parse(r.stdout) as { verdict: string }).verdict, verdict);
    }
  });
});

describe('gcdev as a process', () => {
  // A CLI bug that keeps the child waiting must fail the test, not keep mocha alive after it: kill what is left.
  const children = new Set<ChildProcess>();
  const track = <C extends ChildProcess>(child: C): C => { children.add(child); child.once('exit', () => children.delete(child)); return child; };
  afterEach(async () => {
    await Promise.all([...children].map((child) => { const exited = once(child, 'exit'); child.kill('SIGKILL'); return exited; }));
  });

  it('runs `sign` end to end through node with stdin, stdout and the exit code', async () => {
    const child = track(spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sign'], {
      cwd: process.cwd(), env: { ...process.env, GOCARDLESS_APP_SECRET: GUIDE_SECRET }, stdio: ['pipe', 'pipe', 'pipe'],
    }));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdin.end('{"user":{"email":"fred@example.com","age":30}}');
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 0);
    assert.equal(JSON.parse(Buffer.concat(chunks).toString()).signature, '763f02cb9f998a5e06fda2b790bedd503ba1a34fd7cbf9e22f8ce562f73f0470');
  });

  it('exits 1 from verify-webhook for a bad body, as a process', async () => {
    const child = track(spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify-webhook', '--secret', 'k'], { cwd: process.cwd(), stdio: ['pipe', 'ignore', 'ignore'] }));
    child.stdin.end('{"payload":{}}');
    const [code] = (await once(child, 'close')) as [number];
    assert.equal(code, 1);
  });
});
