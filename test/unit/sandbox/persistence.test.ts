import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSnapshot, saveSnapshot } from '../../../src/core/sandbox/persistence';
import type { StateSnapshot } from '../../../src/core/sandbox/SandboxState';
import { snapshotWriter } from '../../../src/core/sandbox/snapshotWriter';

const FILE = 'sandbox-state.json';

function emptySnapshot(clockOffsetMs = 0): StateSnapshot {
  return { version: 1, clockOffsetMs, apps: [], merchants: [], users: [], bills: [], subscriptions: [], preAuthorizations: [], payouts: [] };
}

describe('sandbox persistence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gc-sandbox-persist-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  describe('loadSnapshot and saveSnapshot', () => {
    it('a saved state loads back as it was, from a file readable by this user only', async () => {
      const snap = { ...emptySnapshot(42), apps: [{ id: 'APP', secret: 's3cret', redirectUri: null, cancelUri: null }] };
      await saveSnapshot(join(dir, 'state'), snap);
      assert.deepEqual(await loadSnapshot(join(dir, 'state')), snap);
      if (process.platform !== 'win32') assert.equal((await stat(join(dir, 'state', FILE))).mode & 0o777, 0o600);
    });

    it('a directory with no state file yet gives undefined (a fresh start)', async () => {
      assert.equal(await loadSnapshot(dir), undefined);
      assert.equal(await loadSnapshot(join(dir, 'not-made-yet')), undefined);
    });

    it('a state file that cannot be read is an error, not a fresh start', async () => {
      await mkdir(join(dir, FILE));
      await assert.rejects(loadSnapshot(dir), (e: NodeJS.ErrnoException) => e.code === 'EISDIR' || e.code === 'EPERM');
    });

    const notAState: Array<[string, unknown]> = [
      ['null', null],
      ['a number', 5],
      ['another version', { ...emptySnapshot(), version: 2 }],
      ['no clock offset', { ...emptySnapshot(), clockOffsetMs: undefined }],
      ['a clock offset that is not a number', { ...emptySnapshot(), clockOffsetMs: '0' }],
      ['no payouts list', { ...emptySnapshot(), payouts: undefined }],
      ['bills that are not a list', { ...emptySnapshot(), bills: {} }],
    ];
    for (const [what, content] of notAState) {
      it(`a JSON file holding ${what} is refused, naming the file and what to do, and left in place`, async () => {
        const path = join(dir, FILE);
        const text = JSON.stringify(content) ?? 'null';
        await writeFile(path, text);
        await assert.rejects(loadSnapshot(dir), { message: `${path} is not a sandbox state file (version 1); move it away to start fresh.` });
        assert.equal(await readFile(path, 'utf8'), text);
      });
    }
  });

  describe('snapshotWriter', () => {
    it('persistNow writes the state as it is when called', async () => {
      let offset = 1;
      const writer = snapshotWriter(dir, () => emptySnapshot(offset), () => undefined);
      await writer.persistNow();
      assert.equal((await loadSnapshot(dir))?.clockOffsetMs, 1);
      offset = 2;
      await writer.persistNow();
      assert.equal((await loadSnapshot(dir))?.clockOffsetMs, 2);
    });

    it('a failed write is logged, not thrown, and later writes still happen', async () => {
      const blocked = join(dir, 'a-file');
      await writeFile(blocked, '');
      const lines: string[] = [];
      await snapshotWriter(join(blocked, 'state'), () => emptySnapshot(), (l) => lines.push(l)).persistNow();
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^persistence failed: .*a-file/);

      const writer = snapshotWriter(dir, () => emptySnapshot(7), () => undefined);
      await writer.persistNow();
      assert.equal((await loadSnapshot(dir))?.clockOffsetMs, 7);
    });

    it('without a data directory nothing is taken or written', async () => {
      let taken = 0;
      const writer = snapshotWriter(undefined, () => (taken++, emptySnapshot()), () => undefined);
      writer.changed();
      await writer.persistNow();
      assert.equal(taken, 0);
    });

    it('changes in quick succession share one debounced write', async () => {
      let taken = 0;
      let onTaken: () => void = () => undefined;
      const writer = snapshotWriter(dir, () => {
        taken++;
        onTaken();
        return emptySnapshot(taken);
      }, () => undefined);
      const nextTake = (): Promise<void> => new Promise((resolve) => { onTaken = resolve; });

      let took = nextTake();
      writer.changed();
      writer.changed();
      writer.changed();
      await took;
      // Another change after the write: by the time its own write comes, any extra timers of the first burst have fired too.
      took = nextTake();
      writer.changed();
      await took;
      assert.equal(taken, 2);
      await writer.persistNow();
      assert.equal((await loadSnapshot(dir))?.clockOffsetMs, 3);
    });
  });
});
