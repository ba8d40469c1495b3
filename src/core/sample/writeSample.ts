import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** The sample integration's files, relative to its folder (shipped in the extension and beside the CLI). */
export const SAMPLE_FOLDER = join('samples', 'node');

export class SampleTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleTargetError';
  }
}

/**
 * The sample's folder, found by walking up from `from` (the code's own folder:
 * `dist/` when bundled, `src/…` under tsx) to the first that holds it.
 */
export function findSampleSource(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, SAMPLE_FOLDER);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`The sample integration's files were not found above ${from} (looked for ${SAMPLE_FOLDER}).`);
}

/**
 * Copies the sample into `target` (created if missing). Nothing is overwritten:
 * if any of the sample's files already exists there, nothing is written and the
 * error names them. Each file is copied to a temporary name and renamed, so a
 * failure leaves no half-written file. Returns the paths written, relative to `target`.
 */
export async function writeSample(source: string, target: string): Promise<string[]> {
  const files = await listFiles(source);
  const clashes = files.filter((f) => existsSync(join(target, f)));
  if (clashes.length > 0) {
    throw new SampleTargetError(`${target} already has ${clashes.join(', ')}: choose an empty folder (nothing was written).`);
  }
  for (const file of files) {
    const to = join(target, file);
    await mkdir(dirname(to), { recursive: true });
    const partial = `${to}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await copyFile(join(source, file), partial);
      await rename(partial, to);
    } finally {
      await rm(partial, { force: true });
    }
  }
  return files;
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(root, path));
    else if ((await lstat(path)).isFile()) out.push(relative(root, path));
  }
  return out.sort();
}
