// System packages that `npm start` and `npm test` need, checked by what the build
// actually uses (a file or a command), each named by the Debian package that
// provides it, and installed by the command itself when it can do so unattended
// (root, or passwordless `sudo -n`). Everything about the machine comes in through
// a `system` object so the choices are tested with a fake machine
// (test/unit/scripts/systemPackages.test.ts); localSystem() is the real one.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CHROMIUM_PATH } from './paths.mjs';

/**
 * @typedef {{ pkg: string, why: string, present: (s: System) => boolean,
 *   names?: Partial<Record<'dnf'|'zypper'|'pacman'|'apk', string>>, optional?: boolean }} Prerequisite
 * @typedef {{ platform: string, arch: string, fileExists: (path: string) => boolean,
 *   onPath: (command: string) => boolean, isRoot: () => boolean, sudoWithoutPassword: () => boolean }} System
 */

/** Needed only while the VS Code host is not installed: code-server compiles native modules against Node 24. */
export const HOST_BUILD = [
  { pkg: 'libkrb5-dev', why: "Kerberos headers (gssapi/gssapi.h) for code-server's kerberos module",
    present: (s) => s.fileExists('/usr/include/gssapi/gssapi.h'),
    names: { dnf: 'krb5-devel', zypper: 'krb5-devel', pacman: 'krb5', apk: 'krb5-dev' } },
  { pkg: 'build-essential', why: "g++ and make for code-server's native modules",
    present: (s) => s.onPath('g++') && s.onPath('make'),
    names: { dnf: 'gcc-c++ make', zypper: 'gcc-c++ make', pacman: 'base-devel', apk: 'build-base' } },
  { pkg: 'python3', why: 'python3 for node-gyp',
    present: (s) => s.onPath('python3'),
    names: { dnf: 'python3', zypper: 'python3', pacman: 'python', apk: 'python3' } },
  { pkg: 'pkg-config', why: 'pkg-config for node-gyp',
    present: (s) => s.onPath('pkg-config'),
    names: { dnf: 'pkgconf-pkg-config', zypper: 'pkg-config', pacman: 'pkgconf', apk: 'pkgconf' } },
];

/** The tests drive the workbench and the webviews in headless Chromium; `npm start` leaves the browser to the user. */
export const TEST_BROWSER = [
  { pkg: 'chromium', why: `the headless browser the webview and integration tests drive, at ${CHROMIUM_PATH}`,
    present: (s) => s.fileExists(CHROMIUM_PATH),
    names: { dnf: 'chromium', zypper: 'chromium', pacman: 'chromium', apk: 'chromium' } },
];

/**
 * Interpreters for the client-library tests: installed with the rest when the install can run
 * unattended, never a reason to stop (those tests say themselves what they are missing).
 */
export const TEST_RUNTIMES = [
  { pkg: 'php-cli', why: 'php for the client-library tests', optional: true,
    present: (s) => s.onPath('php'), names: { dnf: 'php-cli', zypper: 'php8', pacman: 'php', apk: 'php83' } },
  { pkg: 'ruby', why: 'ruby for the client-library tests', optional: true,
    present: (s) => s.onPath('ruby'), names: { dnf: 'ruby', zypper: 'ruby', pacman: 'ruby', apk: 'ruby' } },
];

/** What each command needs; the host's build packages only until the host is installed. */
export function prerequisitesFor(purpose, { hostInstalled }) {
  const host = hostInstalled ? [] : HOST_BUILD;
  if (purpose === 'start') return host;
  if (purpose === 'test') return [...host, ...TEST_BROWSER, ...TEST_RUNTIMES];
  throw new Error(`unknown purpose ${JSON.stringify(purpose)}: expected "start" or "test"`);
}

const COMMAND = { start: 'npm start', test: 'npm test' };
const OTHER_MANAGERS = ['dnf', 'zypper', 'pacman', 'apk'];
const OTHER_INSTALL = { dnf: 'dnf install -y', zypper: 'zypper install -y', pacman: 'pacman -S --needed', apk: 'apk add' };

const describe = (list) => list.map((p) => `${p.pkg} (${p.why})`).join(', ');
const unique = (words) => [...new Set(words)];

/** The desktop-VS Code routes, for machines where the code-server host cannot be built. */
function otherRoute(purpose, systemName) {
  const head = `${COMMAND[purpose]} runs VS Code as code-server, which this project builds on Linux x64 only; on ${systemName}:`;
  if (purpose === 'start') {
    return `${head}\n  npm run package, then: code --install-extension out/<name>-<version>.vsix (the path it prints) in a desktop VS Code,\n` +
      '  or open this folder in VS Code and run "Run Extension" (F5).';
  }
  return `${head}\n  npm run lint && npm run test:unit, and npm run test:electron (the integration suite in a downloaded desktop VS Code).`;
}

function systemName(platform) {
  return { darwin: 'macOS', win32: 'Windows' }[platform] ?? platform;
}

/**
 * Decides what to do about the system packages `purpose` needs on this machine.
 * @param {'start'|'test'} purpose
 * @param {{ hostInstalled: boolean, system: System }} o
 * @returns {{ action: 'none' } | { action: 'install', as: 'root'|'sudo', packages: string[], commands: string[][], announce: string }
 *   | { action: 'stop', message: string } | { action: 'note', message: string }}
 *   'note': only optional packages are missing and cannot be installed; say so and go on.
 */
export function planSystemPackages(purpose, { hostInstalled, system }) {
  const wanted = prerequisitesFor(purpose, { hostInstalled });
  const cmd = COMMAND[purpose];
  if (system.platform !== 'linux' || system.arch !== 'x64') {
    if (hostInstalled) return { action: 'none' };
    return { action: 'stop', message: otherRoute(purpose, system.platform === 'linux' ? `Linux ${system.arch}` : systemName(system.platform)) };
  }
  const missing = wanted.filter((p) => !p.present(system));
  if (missing.length === 0) return { action: 'none' };
  const required = missing.filter((p) => !p.optional);
  const optional = missing.filter((p) => p.optional);
  const packages = unique(missing.map((p) => p.pkg));

  if (system.onPath('apt-get')) {
    const as = system.isRoot() ? 'root' : system.onPath('sudo') && system.sudoWithoutPassword() ? 'sudo' : undefined;
    if (as) {
      // sudo resets the environment; VAR=value on its command line is how the variable gets through.
      const prefix = as === 'root' ? [] : ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive'];
      return {
        action: 'install',
        as,
        packages,
        commands: [
          [...prefix, 'apt-get', 'update'],
          [...prefix, 'apt-get', 'install', '-y', ...packages],
        ],
        announce: `${cmd}: installing with ${as === 'root' ? 'apt-get (as root)' : 'sudo -n apt-get'}: ${describe(missing)}`,
      };
    }
    const why = !system.onPath('sudo') ? 'not root and no sudo' : 'not root, and sudo asks for a password';
    const sudo = system.onPath('sudo') ? 'sudo ' : '';
    const run = (list) => `${sudo}apt-get update && ${sudo}apt-get install -y ${unique(list.map((p) => p.pkg)).join(' ')}`;
    if (required.length === 0) {
      return { action: 'note', message: `${cmd}: not installing ${describe(optional)} (${why}); to add them: ${run(optional)}` };
    }
    return {
      action: 'stop',
      message: `${cmd}: missing system package${packages.length > 1 ? 's' : ''}: ${describe(missing)}\n` +
        `  ${why}, so ${cmd} cannot install them; run${system.onPath('sudo') ? '' : ' as root'}:\n` +
        `    ${run(missing)}\n  then ${cmd} again.`,
    };
  }

  // Linux without apt: the same needs in this system's package names, never installed for the user.
  const manager = OTHER_MANAGERS.find((m) => system.onPath(m));
  const words = manager
    ? `with ${manager}: ${OTHER_INSTALL[manager]} ${unique(missing.flatMap((p) => (p.names?.[manager] ?? p.pkg).split(' '))).join(' ')}`
    : `with your system's package manager: ${missing.map((p) => p.why).join('; ')}`;
  const chromiumNote = missing.some((p) => p.pkg === 'chromium')
    ? `\n  The tests look for Chromium at ${CHROMIUM_PATH}; if yours is elsewhere (e.g. /usr/bin/chromium-browser), set GCDEV_CHROMIUM to its path.`
    : '';
  if (required.length === 0) return { action: 'note', message: `${cmd}: not installing ${describe(optional)} (no apt-get here); ${words}` };
  return {
    action: 'stop',
    message: `${cmd}: missing system package${packages.length > 1 ? 's' : ''}: ${describe(missing)}\n` +
      `  ${cmd} installs them itself only with apt-get; install them ${words}${chromiumNote}`,
  };
}

export class MissingSystemPackageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MissingSystemPackageError';
  }
}

/**
 * Makes sure the packages `purpose` needs are there: installs them (apt's own output shown)
 * when it can, else throws MissingSystemPackageError with the exact command to run.
 * `run(argv)` runs one command with the terminal attached and returns its exit status.
 * @param {'start'|'test'} purpose
 * @param {{ hostInstalled: boolean, system?: System, run?: (argv: string[]) => number, log?: (line: string) => void }} o
 * @returns {'present'|'installed'|'noted'}
 */
export function ensureSystemPackages(purpose, { hostInstalled, system = localSystem(), run = runAttached, log = (l) => console.log(l) }) {
  const plan = planSystemPackages(purpose, { hostInstalled, system });
  if (plan.action === 'none') return 'present';
  if (plan.action === 'note') { log(plan.message); return 'noted'; }
  if (plan.action === 'stop') throw new MissingSystemPackageError(plan.message);
  log(plan.announce);
  for (const argv of plan.commands) {
    const status = run(argv);
    if (status !== 0) throw new MissingSystemPackageError(`${COMMAND[purpose]}: ${argv.join(' ')} failed (exit ${status}); the output above says why`);
  }
  const still = prerequisitesFor(purpose, { hostInstalled }).filter((p) => !p.optional && !p.present(system));
  if (still.length > 0) throw new MissingSystemPackageError(`${COMMAND[purpose]}: apt-get finished but ${describe(still)} is still missing`);
  return 'installed';
}

/** Throws MissingSystemPackageError naming what is missing and how to get it; installs nothing. */
export function requireSystemPackages(prerequisites, { system = localSystem(), command = 'this command' } = {}) {
  const missing = prerequisites.filter((p) => !p.present(system));
  if (missing.length === 0) return;
  throw new MissingSystemPackageError(
    `${command}: missing system package${missing.length > 1 ? 's' : ''}: ${describe(missing)}\n` +
      `  npm start and npm test install them when they can; or: apt-get update && apt-get install -y ${unique(missing.map((p) => p.pkg)).join(' ')}`,
  );
}

function onPath(command) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0;
}

/** @returns {System} this machine */
export function localSystem() {
  return {
    platform: process.platform,
    arch: process.arch,
    fileExists: existsSync,
    onPath,
    isRoot: () => process.getuid?.() === 0,
    // -n: fail instead of prompting; nothing here ever asks for a password.
    sudoWithoutPassword: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  };
}

/** Runs apt with the terminal attached, so its progress shows; no questions asked (stdin closed). */
function runAttached(argv) {
  const [bin, ...args] = argv;
  const r = spawnSync(bin, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status ?? 1;
}
