import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../../src/cli/runCli';
import { startSandbox } from '../../../src/core/sandbox';
import { buildTestWebhook, DeliveryStore, NotADeliveryStoreError, WebhookListener } from '../../../src/core/webhooks';
import { post } from './loopback';

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('Delivery store files (issue 16, item 10)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-files-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const FOREIGN: ReadonlyArray<[string, string]> = [
    ['notes without a final newline', 'my notes\nthe last line has no newline'],
    ['a JSON config', '{\n  "name": "my-app",\n  "private": true\n}'],
    ['one JSON line that is not a delivery', '{"level":"info","msg":"started"}\n{"level":"info","msg":"partial'],
    ['a single line', 'password=hunter2'],
  ];

  for (const [label, content] of FOREIGN) {
    it(`refuses an existing file that is not a delivery store (${label}) and leaves its bytes untouched`, async () => {
      const file = join(dir, 'not-a-store.txt');
      await writeFile(file, content);
      await assert.rejects(DeliveryStore.open({ file }), (err: unknown) => err instanceof NotADeliveryStoreError && /not a delivery store/.test(err.message));
      assert.equal(await readFile(file, 'utf8'), content);
    });
  }

  it('gcdev listen --store FILE refuses such a file with exit 2, bytes unchanged', async () => {
    const file = join(dir, 'package.json');
    const content = '{\n  "name": "x"\n}';
    await writeFile(file, content);
    let err = '';
    const code = await runCli(['listen', '--port', '0', '--secret', 's', '--store', file], {
      stdin: Readable.from([]), stdout: new Writable({ write(_c, _e, cb) { cb(); } }),
      stderr: new Writable({ write(c: Buffer, _e, cb) { err += c.toString(); cb(); } }), env: {}, stopSignal: Promise.resolve('SIGTERM'),
    });
    assert.equal(code, 2);
    assert.match(err, /--store: .*not a delivery store/);
    assert.equal(await readFile(file, 'utf8'), content);
  });

  it('still opens its own store whose only line was torn by a crash', async () => {
    const file = join(dir, 'torn.jsonl');
    await writeFile(file, '{"id":"wh_1","receivedAt":"2026-');
    const store = await DeliveryStore.open({ file });
    assert.equal(store.loaded.truncatedBytes, 32);
    await store.close();
  });

  it('creates the store, its rotations and its folders readable by this user only (0600, 0700), and tightens an old 0644 store', async () => {
    const folder = join(dir, 'new', 'nested');
    const file = join(folder, 'deliveries.jsonl');
    const store = await DeliveryStore.open({ file, maxFileBytes: 1024, maxFiles: 3 });
    const listener = await WebhookListener.start({ accounts: [{ id: 'a', name: 'A', secret: 's' }], store });
    try {
      for (let i = 0; i < 6; i++) assert.equal((await post(listener.url, buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [`B${i}`], secret: 's' }).json)).status, 200);
    } finally {
      await listener.close();
      await store.close();
    }
    assert.equal(await mode(join(dir, 'new')), 0o700);
    assert.equal(await mode(folder), 0o700);
    assert.equal(await mode(file), 0o600);
    assert.equal(await mode(`${file}.1`), 0o600, 'a rotation');
    assert.equal(await mode(`${file}.2`), 0o600, 'an older rotation');

    await chmod(file, 0o644);
    const reopened = await DeliveryStore.open({ file });
    await reopened.close();
    assert.equal(await mode(file), 0o600);
  });

  it("writes the sandbox's state (app secret, tokens) 0600 in a folder it creates 0700", async () => {
    const dataDir = join(dir, 'sandbox-data');
    const sandbox = await startSandbox({ dataDir });
    await sandbox.dispose();
    assert.equal(await mode(dataDir), 0o700);
    const state = join(dataDir, 'sandbox-state.json');
    assert.ok((await readFile(state, 'utf8')).includes(sandbox.credentials.app_secret), 'the file that holds the secret');
    assert.equal(await mode(state), 0o600);
  });
});
