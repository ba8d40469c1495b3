import { chmod, mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateSnapshot } from './SandboxState';

const FILE = 'sandbox-state.json';

function isSnapshot(value: unknown): value is StateSnapshot {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v['version'] === 1 && typeof v['clockOffsetMs'] === 'number'
    && ['apps', 'merchants', 'users', 'bills', 'subscriptions', 'preAuthorizations', 'payouts'].every((k) => Array.isArray(v[k]));
}

/** The saved state, or undefined when the directory has none yet. A corrupt file is an error, never silently replaced. */
export async function loadSnapshot(dir: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isSnapshot(parsed)) throw new Error(`${join(dir, FILE)} is not a sandbox state file (version 1); move it away to start fresh.`);
  return parsed;
}

/** Writes to a temporary file, fsyncs, then renames over the old file: a crash leaves the old or the new state, never half. */
export async function saveSnapshot(dir: string, snapshot: StateSnapshot): Promise<void> {
  // The state holds the sandbox app's secret and access tokens: readable by this user only (folders it creates 0700).
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot), { mode: 0o600 });
  await chmod(tmp, 0o600); // a leftover temporary file keeps its old mode through writeFile
  const handle = await open(tmp, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, target);
}
