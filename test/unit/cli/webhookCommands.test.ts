import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { CliError, type CliIO } from '../../../src/cli/CliCommand';
import { command as listen } from '../../../src/cli/commands/listen';
import { command as webhook } from '../../../src/cli/commands/webhook';
import { buildTestWebhook, verifyWebhookDelivery, DeliveryStore, scanDeliveryLog } from '../../../src/core/webhooks';
import { post, startApp } from '../webhooks/loopback';

const ROOT = resolve(__dirname, '../../..');

/**
 * Runs a command as runCli does (a CliError becomes one line and its exit code),
 * without the lazy table, whose import() of ".js" specifiers needs tsx's ESM
 * loader; the spawned-process test below goes through the real table.
 */
async function runCli([name, ...args]: string[], io: CliIO): Promise<number> {
  const cmd = name === 'listen' ? listen : webhook;
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof CliError) { io.stderr.write(`gcdev ${name}: ${err.message}\n`); return err.exitCode; }
    throw err;
  }
}

function memoryIO(stopSignal: Promise<string> = new Promise(() => undefined)) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  return { io: { stdin: new PassThrough(), stdout, stderr, env: {}, stopSignal }, out: () => out, err: () => err };
}

describe('gcdev webhook', () => {
  it('build prints a signed body that verifies', async () => {
    const m = memoryIO();
    const code = await runCli(['webhook', 'build', '--secret', 's3cret', '--resource-type', 'bill', '--action', 'paid', '--id', 'B1', '--id', 'B2'], m.io);
    assert.equal(code, 0);
    const body: unknown = JSON.parse(m.out());
    const check = verifyWebhookDelivery(JSON.stringify(body), [{ id: 'a', name: 'a', secret: 's3cret' }]);
    assert.equal(check.verification.status, 'valid');
    assert.deepEqual(check.objectIds, ['B1', 'B2']);
  });

  it('send posts to the URL and prints the answer; exit 1 when it is not 2xx', async () => {
    const app = await startApp((_req, _body, res) => { res.writeHead(_body.includes('"expired"') ? 500 : 200); res.end('got it'); });
    try {
      const ok = memoryIO();
      assert.equal(await runCli(['webhook', 'send', '--secret', 's', '--url', app.url, '--resource-type', 'subscription', '--action', 'cancelled', '--id', 'SUB9'], ok.io), 0);
      const line: unknown = JSON.parse(ok.out());
      assert.deepEqual({ ...(line as object), latency_ms: 0 }, { url: app.url, resource_type: 'subscription', action: 'cancelled', ids: ['SUB9'], status: 200, latency_ms: 0, body: 'got it' });
      const failing = memoryIO();
      assert.equal(await runCli(['webhook', 'send', '--secret', 's', '--url', app.url, '--resource-type', 'subscription', '--action', 'expired'], failing.io), 1);
    } finally {
      await app.close();
    }
  });

  it('refuses an action the spec does not list, in one line', async () => {
    const m = memoryIO();
    assert.equal(await runCli(['webhook', 'send', '--secret', 's', '--url', 'http://127.0.0.1:1/', '--resource-type', 'subscription', '--action', 'paid'], m.io), 2);
    assert.equal(m.err(), 'gcdev webhook: --action for subscription must be one of cancelled, expired\n');
  });
});

/** The `gcdev` processes started by the tests still running: the hook below kills them whatever a test's outcome. */
const children = new Set<ChildProcess>();

function spawnGcdev(args: readonly string[], stdio: StdioOptions): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, stdio });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGKILL and wait for the exit of every child still running: a failed assertion must not leave one (nor hang mocha). */
async function killChildren(): Promise<void> {
  await Promise.all([...children].map((child) => new Promise<void>((done) => {
    child.once('exit', () => done());
    if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
    child.kill('SIGKILL');
  })));
}

/** Resolves when the child exits; if it exits first, whatever `p` was waiting for never comes: reject. */
function unlessExited<T>(child: ChildProcess, p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_resolve, reject) => child.once('exit', (code, signal) => reject(new Error(`gcdev exited (${signal ?? code}) before ${what}`))))]);
}

describe('gcdev listen', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-cli-')); });
  afterEach(async () => {
    await killChildren();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a line per delivery with the forward result, stores it, and stops on the stop signal', async () => {
    const app = await startApp((_req, _body, res) => { res.writeHead(204); res.end(); });
    let stop!: (s: string) => void;
    const m = memoryIO(new Promise((r) => { stop = r; }));
    const store = join(dir, 'd.jsonl');
    const running = runCli(['listen', '--port', '0', '--secret', 'wrong', '--secret', 'right', '--forward-to', app.url, '--store', store], m.io);
    try {
      const lines = createInterface({ input: m.io.stdout })[Symbol.asyncIterator]();
      const first: unknown = JSON.parse(String((await lines.next()).value));
      const url = (first as { listening: string }).listening;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);

      const send = memoryIO();
      assert.equal(await runCli(['webhook', 'send', '--secret', 'right', '--url', url, '--resource-type', 'bill', '--action', 'failed', '--id', 'BX'], send.io), 0);
      const line = JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
      assert.equal(line['valid'], true);
      assert.equal(line['account'], 'secret #2');
      assert.equal(line['resource_type'], 'bill');
      assert.equal(line['action'], 'failed');
      assert.deepEqual(line['ids'], ['BX']);
      assert.equal(line['status'], 200);
      assert.equal((line['forward'] as Record<string, unknown>)['status'], 204);
      assert.ok(!m.out().includes('right"'), 'no secret in the output');
    } finally {
      stop('SIGTERM');
      assert.equal(await running, 0);
      await app.close();
    }
    const reopened = await DeliveryStore.open({ file: store });
    assert.equal(reopened.list().length, 1);
    await reopened.close();
  });

  it('warns when not on loopback and requires a secret', async () => {
    const m = memoryIO();
    assert.equal(await runCli(['listen', '--port', '0'], m.io), 2);
    assert.match(m.err(), /--secret/);
    let stop!: (s: string) => void;
    const w = memoryIO(new Promise((r) => { stop = r; }));
    const running = runCli(['listen', '--port', '0', '--host', '0.0.0.0', '--secret', 's'], w.io);
    try {
      await new Promise<void>((r) => w.io.stdout.once('data', () => r()));
    } finally {
      stop('SIGINT');
      assert.equal(await running, 0);
    }
    assert.match(w.err(), /warning: listening on 0\.0\.0\.0, not loopback/);
  });

  it('as a real process killed with SIGKILL under load, has every delivery it answered 200 in the store', async () => {
    const store = join(dir, 'kill9.jsonl');
    const child = spawnGcdev(['listen', '--port', '0', '--secret', 'k9', '--store', store], ['ignore', 'pipe', 'inherit']);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Read stdout to the end (a line per delivery): a full pipe would stall the listener, not the test's point.
    let out = '';
    const listening = new Promise<string>((resolveUrl) => child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveUrl((JSON.parse(out.slice(0, nl)) as { listening: string }).listening);
    }));
    const url = await unlessExited(child, listening, 'it printed its URL');
    const answered: string[] = [];
    let n = 0;
    let reached!: () => void;
    const enough = new Promise<void>((r) => { reached = r; });
    // Eight senders keep deliveries in flight until the listener is gone: the kill lands between a batch's write and its answers, or mid-batch.
    const sender = async (): Promise<void> => {
      for (;;) {
        const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [`BK${n++}`], secret: 'k9' });
        let answer;
        try { answer = await post(url, hook.json); } catch { return; }
        if (answer.status === 200) answered.push((JSON.parse(answer.body) as { id: string }).id);
        if (answered.length >= 300) reached();
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    // If the listener dies first, the senders stop on their own (connection refused) and this says why.
    await unlessExited(child, enough, '300 deliveries were answered 200');
    child.kill('SIGKILL');
    await exited;
    await Promise.all(senders);
    const stored = new Set<string>();
    await scanDeliveryLog(store, 4, (line) => { if (!('forwardOf' in line)) stored.add(line.id); });
    const missing = answered.filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${answered.length} deliveries answered 200 are not in the store`);
    // And the listener reads them back on start, after the torn tail a kill can leave.
    const reopened = await DeliveryStore.open({ file: store, memoryLimit: 100_000 });
    const kept = new Set(reopened.list().map((d) => d.id));
    await reopened.close();
    assert.ok(answered.every((id) => kept.has(id)));
  });

  it('as a real process, exits 0 on SIGTERM', async () => {
    const child = spawnGcdev(['listen', '--port', '0', '--secret', 's'], ['ignore', 'pipe', 'pipe']);
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const first = JSON.parse(String((await unlessExited(child, lines.next(), 'it printed its URL')).value)) as { listening: string };
    const answer = await post(first.listening, '{"payload":{}}');
    assert.equal(answer.status, 403);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
