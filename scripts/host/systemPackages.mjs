// System prerequisites, checked by what the build actually uses (a file or a
// command), each named by the Debian package that provides it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CHROMIUM_PATH } from './paths.mjs';

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Needed to compile code-server's native modules (kerberos needs gssapi.h). */
export const BUILD_PREREQUISITES = [
  { pkg: 'libkrb5-dev', what: 'gssapi/gssapi.h (kerberos native module)', present: () => existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'g++', what: 'g++', present: () => onPath('g++') },
  { pkg: 'make', what: 'make', present: () => onPath('make') },
  { pkg: 'python3', what: 'python3 (node-gyp)', present: () => onPath('python3') },
  { pkg: 'pkg-config', what: 'pkg-config', present: () => onPath('pkg-config') },
];

/** Needed to drive the workbench headless (tests, screenshots). */
export const BROWSER_PREREQUISITES = [
  { pkg: 'chromium', what: CHROMIUM_PATH, present: () => existsSync(CHROMIUM_PATH) },
];

export class MissingSystemPackageError extends Error {
  constructor(missing) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))];
    super(
      `missing system package${pkgs.length > 1 ? 's' : ''}: ${missing.map((m) => `${m.pkg} (for ${m.what})`).join(', ')}\n` +
        `  install with: apt-get update && apt-get install -y ${pkgs.join(' ')}`,
    );
    this.name = 'MissingSystemPackageError';
    this.packages = pkgs;
  }
}

/** Throws MissingSystemPackageError naming every missing package; never skips. */
export function requireSystemPackages(prerequisites) {
  const missing = prerequisites.filter((p) => !p.present());
  if (missing.length > 0) throw new MissingSystemPackageError(missing);
}
