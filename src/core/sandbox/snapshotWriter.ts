import type { StateSnapshot } from './SandboxState';
import { saveSnapshot } from './persistence';

const PERSIST_DEBOUNCE_MS = 500;

export interface SnapshotWriter {
  /** Persist soon: changes within the debounce share one write. */
  changed(): void;
  /** Write now, after any write in progress; a failure is logged, never thrown (the sandbox keeps serving). */
  persistNow(): Promise<void>;
  /** Drops a pending debounced write (dispose() then calls persistNow itself). */
  cancel(): void;
}

/** Persistence of the sandbox's state to `dataDir`: debounced, one write at a time. Without a dataDir, nothing is written. */
export function snapshotWriter(dataDir: string | undefined, snapshot: () => StateSnapshot, log: (line: string) => void): SnapshotWriter {
  let persistTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const persistNow = (): Promise<void> => {
    if (!dataDir) return Promise.resolve();
    const dir = dataDir;
    const taken = snapshot();
    writing = writing.then(() => saveSnapshot(dir, taken)).catch((e: unknown) => log(`persistence failed: ${e instanceof Error ? e.message : String(e)}`));
    return writing;
  };
  return {
    persistNow,
    changed: () => {
      if (!dataDir || persistTimer) return;
      persistTimer = setTimeout(() => {
        persistTimer = undefined;
        void persistNow();
      }, PERSIST_DEBOUNCE_MS);
      persistTimer.unref();
    },
    cancel: () => {
      if (persistTimer) clearTimeout(persistTimer);
      persistTimer = undefined;
    },
  };
}
