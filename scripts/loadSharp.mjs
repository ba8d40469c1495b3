// sharp (native image library) is an optional dependency: only the icon and screenshot
// scripts use it, and a machine where its prebuilt binary does not install still gets a
// working `npm ci`, build and tests. These scripts load it on demand and say how to get it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './host/paths.mjs';

/** @param {string} task what sharp is for here, e.g. "render media/icon.png" */
export async function loadSharp(task) {
  try {
    return (await import('sharp')).default;
  } catch (e) {
    const range = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).optionalDependencies?.sharp ?? '';
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new Error(`cannot ${task} without sharp, an optional dependency that is not installed here (${reason}); ` +
      `install it with: npm install --no-save sharp@${range}`, { cause: e });
  }
}
