import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestWebhook, DeliveryStore, WebhookListener, type WebhookAccount } from '../../../src/core/webhooks';
import { post } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc', name: 'Merchant', secret: 'full-disk-secret' };

/** Writes zeros to `file` until the filesystem is full (ENOSPC). */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

describe('Delivery store on a really full disk (issue 16, item 5)', function () {
  let mountPoint: string;
  let mounted = false;

  before(async function () {
    mountPoint = await mkdtemp(join(tmpdir(), 'gcdev-full-'));
    try {
      // A 64 KiB filesystem of its own, so that filling it affects nothing else.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (err) {
      const why = err instanceof Error && 'stderr' in err ? String((err as { stderr: Buffer }).stderr).trim() : String(err);
      console.log(`      skipped: cannot mount a small tmpfs here (${why || 'mount failed'}); the full-disk test needs root and CAP_SYS_ADMIN`);
      await rm(mountPoint, { recursive: true, force: true });
      this.skip();
    }
  });

  after(async () => {
    if (!mounted) return;
    execFileSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  for (const durability of ['write', 'fsync'] as const) {
    it(`(${durability}) everything answered 200 reads back exactly once after the disk filled and was freed; what could not be kept got 503`, async () => {
      const file = join(mountPoint, `deliveries-${durability}.jsonl`);
      const filler = join(mountPoint, 'filler');
      const store = await DeliveryStore.open({ file, durability });
      const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
      const answers = new Map<string, number>();
      let n = 0;
      // Five at a time, so that batches of several deliveries fail and succeed together.
      const burst = async (): Promise<number[]> => {
        const statuses = await Promise.all(Array.from({ length: 5 }, async () => {
          const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [`FD${durability}${n++}`], secret: ACCOUNT.secret });
          const answer = await post(listener.url, hook.json);
          const id = (JSON.parse(answer.body) as { id?: string }).id;
          if (id !== undefined) answers.set(id, answer.status);
          return answer.status;
        }));
        return statuses;
      };
      try {
        assert.deepEqual(await burst(), [200, 200, 200, 200, 200], 'room on the disk');
        fill(filler);
        const whileFull: number[] = [];
        for (let i = 0; i < 6; i++) whileFull.push(...await burst());
        assert.ok(whileFull.includes(503), `the full disk refused some deliveries (answered ${whileFull.join(' ')})`);
        assert.ok(whileFull.every((s) => s === 200 || s === 503));
        await rm(filler);
        assert.deepEqual(await burst(), [200, 200, 200, 200, 200], 'room again');
        assert.deepEqual(await burst(), [200, 200, 200, 200, 200]);
      } finally {
        await listener.close();
        await store.close();
        await rm(filler, { force: true });
      }
      const reopened = await DeliveryStore.open({ file, memoryLimit: 10_000 });
      const ids = reopened.list().map((d) => d.id);
      const loaded = reopened.loaded;
      await reopened.close();
      assert.equal(loaded.skippedLines, 0, 'no torn or joined line in the file');
      const ok = [...answers].filter(([, s]) => s === 200).map(([id]) => id);
      const refused = [...answers].filter(([, s]) => s === 503).map(([id]) => id);
      assert.deepEqual(ok.filter((id) => ids.filter((x) => x === id).length !== 1), [], 'every delivery answered 200 is in the store exactly once');
      assert.deepEqual(refused.filter((id) => ids.includes(id)), [], 'a delivery answered 503 is not read back as received');
    });
  }
});
