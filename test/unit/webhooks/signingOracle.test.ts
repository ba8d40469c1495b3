import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { command as verifyWebhook } from '../../../src/cli/commands/verifyWebhook';
import { signParams, withoutSignature, type SignableParams } from '../../../src/core/signing';
import {
  buildTestWebhook, DeliveryStore, expectedWebhookSignature, toWebhookDetailView, WebhookListener, type WebhookDelivery,
} from '../../../src/core/webhooks';
import { post, type Answer } from './loopback';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'live-app-secret-that-must-not-sign-for-strangers';

/** Bodies someone who reaches the port chooses, each with the signature the configured secret would give it. */
function forgeries(): Array<{ label: string; json: string; correct: string }> {
  const out: Array<{ label: string; json: string; correct: string }> = [];
  const add = (label: string, payload: SignableParams): void => {
    out.push({ label, json: JSON.stringify({ payload }), correct: signParams(withoutSignature(payload), SECRET).signature });
  };
  const base = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['FORGED1', 'FORGED2'], secret: 'the-attackers-own-secret' }).body.payload;
  add('wrong signature', base);
  add('wrong signature in upper case', { ...base, signature: String(base['signature']).toUpperCase() });
  add('unsigned', withoutSignature(base));
  add('an action the spec does not list (slow path)', { ...base, action: 'minted', signature: '0'.repeat(64) });
  add('not a hex digest', { ...base, signature: 'not-a-signature' });
  return out;
}

/** Every spelling of the signature someone could take away and post back. */
function leaks(haystack: string, correct: string): boolean {
  return haystack.includes(correct) || haystack.toLowerCase().includes(correct);
}

describe('No signing oracle (issue 16, item 1)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-oracle-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gcdev listen (a real process) never prints, answers or stores the signature the secret gives a forged payload', async () => {
    const store = join(dir, 'deliveries.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'listen', '--port', '0', '--store', store],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOCARDLESS_APP_SECRET: SECRET } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const lines = createInterface({ input: child.stdout });
    const lineQueue: string[] = [];
    let wake: (() => void) | undefined;
    lines.on('line', (l) => { stdout += l + '\n'; lineQueue.push(l); wake?.(); });
    const nextLine = async (): Promise<string> => {
      while (lineQueue.length === 0) await new Promise<void>((r) => { wake = r; });
      return lineQueue.shift()!;
    };
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = (JSON.parse(await nextLine()) as { listening: string }).listening;
      const answers: Answer[] = [];
      const cases = forgeries();
      for (const f of cases) {
        answers.push(await post(url, f.json));
        await nextLine(); // the delivery's line: every one printed before the process is stopped
      }
      assert.deepEqual(answers.map((a) => a.status), [403, 403, 403, 403, 403]);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const stored = await readFile(store, 'utf8');
      assert.equal(stored.trim().split('\n').length, cases.length, 'every forgery is kept');
      for (const f of cases) {
        assert.ok(!leaks(stdout, f.correct), `stdout holds the signature of the forged payload (${f.label})`);
        assert.ok(!leaks(stderr, f.correct), `stderr holds the signature of the forged payload (${f.label})`);
        assert.ok(!leaks(stored, f.correct), `the store file holds the signature of the forged payload (${f.label})`);
        for (const a of answers) assert.ok(!leaks(a.body + JSON.stringify(a.headers), f.correct), `an answer holds the signature (${f.label})`);
      }
      // The normalized string (secret-independent) is still kept for the developer.
      assert.match(stored, /"expected":\{"normalized":"action=paid&bills%5B%5D/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('the listener with a file store, and the detail view of each delivery, hold no such signature; it is computed only on request', async () => {
    const file = join(dir, 'in-process.jsonl');
    const store = await DeliveryStore.open({ file });
    const listener = await WebhookListener.start({ accounts: [{ id: 'live', name: 'Live merchant', secret: SECRET }], store });
    const delivered: WebhookDelivery[] = [];
    listener.onDelivery((d) => delivered.push(d));
    const cases = forgeries();
    const answers: Answer[] = [];
    try {
      for (const f of cases) answers.push(await post(listener.url, f.json));
      await listener.settled();
    } finally {
      await listener.close();
      await store.close();
    }
    const reopened = await DeliveryStore.open({ file });
    const readBack = reopened.list();
    await reopened.close();
    assert.equal(readBack.length, cases.length, (await readFile(file, "utf8")) + JSON.stringify(reopened.loaded));
    const bytes = await readFile(file, 'utf8');
    for (const [i, f] of cases.entries()) {
      const view = JSON.stringify(toWebhookDetailView(delivered[i]!, { secret: SECRET }));
      const viewAfterRestart = JSON.stringify(toWebhookDetailView(readBack[i]!, { secret: SECRET }));
      for (const [where, text] of [['store file', bytes], ['in-memory delivery', JSON.stringify(delivered)], ['detail view', view],
        ['detail view after a restart', viewAfterRestart], ['answers', JSON.stringify(answers)]] as const) {
        assert.ok(!leaks(text, f.correct), `the ${where} holds the signature of the forged payload (${f.label})`);
      }
      // The explicit request for one delivery does compute it: so the scans above would have found a leak.
      if (f.label !== 'not a hex digest') assert.equal(expectedWebhookSignature(delivered[i]!, SECRET)?.signature, f.correct);
    }
  });

  it('drops the expected signature that a store written by an earlier version kept, when reading it back', async () => {
    const file = join(dir, 'old.jsonl');
    const [forged] = forgeries();
    const old = {
      id: 'wh_old1', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: '/', headers: {}, bodyBytes: forged!.json.length,
      verification: { status: 'invalid', reason: 'r', diagnosis: { valid: false, verdict: 'unexplained', reason: 'r', received: 'x', expected: { normalized: 'n', signature: forged!.correct } } },
      objectIds: [], response: { status: 403 }, attempt: 1, body: forged!.json,
    };
    await writeFile(file, JSON.stringify(old) + '\n');
    const store = await DeliveryStore.open({ file });
    const [d] = store.list();
    await store.close();
    assert.ok(d, 'the old record is read back, not skipped');
    assert.equal(d.verification.diagnosis?.expected.normalized, 'n');
    assert.ok(!leaks(JSON.stringify(d) + JSON.stringify(toWebhookDetailView(d, { secret: SECRET })), forged!.correct));
  });

  it('gcdev verify-webhook, the user checking a body of their own with their own secret, still shows the expected signature', async () => {
    const [forged] = forgeries();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => { out += d.toString(); });
    stdin.end(forged!.json);
    const code = await verifyWebhook.run([], { stdin, stdout, stderr: new PassThrough(), env: { GOCARDLESS_APP_SECRET: SECRET }, stopSignal: new Promise(() => undefined) });
    assert.equal(code, 1);
    const result = JSON.parse(out) as { diagnosis: { expected: { normalized: string; signature: string } } };
    assert.equal(result.diagnosis.expected.signature, forged!.correct);
  });
});
