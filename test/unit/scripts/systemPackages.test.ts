// Which system packages `npm start` and `npm test` need, and what they do about missing
// ones on each kind of machine, with the machine and the command runner injected.
import { strict as assert } from 'node:assert';

// The scripts are ES modules run by plain node; this CommonJS test loads them as vsix.test.ts does.
const load = () => import('../../../scripts/host/systemPackages.mjs');
type SystemPackages = Awaited<ReturnType<typeof load>>;
type System = ReturnType<SystemPackages['localSystem']>;
let ensureSystemPackages: SystemPackages['ensureSystemPackages'];
let planSystemPackages: SystemPackages['planSystemPackages'];
let prerequisitesFor: SystemPackages['prerequisitesFor'];
let MissingSystemPackageError: SystemPackages['MissingSystemPackageError'];
before(async () => {
  ({ ensureSystemPackages, planSystemPackages, prerequisitesFor, MissingSystemPackageError } = await load());
});

const CHROMIUM = process.env.GCDEV_CHROMIUM ?? '/usr/bin/chromium';

/** What each Debian package puts on the machine, as the checks look for it. */
const PROVIDES: Record<string, { files?: string[]; commands?: string[] }> = {
  'libkrb5-dev': { files: ['/usr/include/gssapi/gssapi.h'] },
  'build-essential': { commands: ['g++', 'make'] },
  python3: { commands: ['python3'] },
  'pkg-config': { commands: ['pkg-config'] },
  chromium: { files: [CHROMIUM] },
  'php-cli': { commands: ['php'] },
  ruby: { commands: ['ruby'] },
};
const ALL = Object.keys(PROVIDES);

interface FakeMachine extends System {
  install(pkgs: string[]): void;
}

function machine(o: { packages: string[]; tools?: string[]; root?: boolean; sudo?: 'none' | 'password' | 'passwordless'; platform?: string; arch?: string }): FakeMachine {
  const files = new Set<string>();
  const commands = new Set(o.tools ?? ['apt-get']);
  const sudo = o.sudo ?? 'none';
  if (sudo !== 'none') commands.add('sudo');
  const install = (pkgs: string[]) => {
    for (const p of pkgs) {
      for (const f of PROVIDES[p]?.files ?? []) files.add(f);
      for (const c of PROVIDES[p]?.commands ?? []) commands.add(c);
    }
  };
  install(o.packages);
  return {
    platform: o.platform ?? 'linux',
    arch: o.arch ?? 'x64',
    fileExists: (p) => files.has(p),
    onPath: (c) => commands.has(c),
    isRoot: () => o.root ?? false,
    sudoWithoutPassword: () => sudo === 'passwordless',
    install,
  };
}

/** A runner that records each command and, like apt-get, installs what `install -y` names. */
function recordingRunner(m: FakeMachine, status = 0) {
  const ran: string[][] = [];
  const run = (argv: string[]) => {
    ran.push(argv);
    const i = argv.indexOf('-y');
    if (status === 0 && argv.includes('install') && i >= 0) m.install(argv.slice(i + 1));
    return status;
  };
  return { ran, run };
}

const without = (...pkgs: string[]) => ALL.filter((p) => !pkgs.includes(p));

describe('system packages: which command needs what', () => {
  const names = (purpose: 'start' | 'test', hostInstalled: boolean) => prerequisitesFor(purpose, { hostInstalled }).map((p) => p.pkg);

  it('npm start needs only the build packages of the VS Code host, and nothing once the host is built', () => {
    assert.deepEqual(names('start', false), ['libkrb5-dev', 'build-essential', 'python3', 'pkg-config']);
    assert.deepEqual(names('start', true), []);
  });

  it('npm test needs Chromium too, and the client-library runtimes as optional', () => {
    assert.deepEqual(names('test', false), ['libkrb5-dev', 'build-essential', 'python3', 'pkg-config', 'chromium', 'php-cli', 'ruby']);
    assert.deepEqual(names('test', true), ['chromium', 'php-cli', 'ruby']);
    assert.deepEqual(prerequisitesFor('test', { hostInstalled: true }).filter((p) => p.optional).map((p) => p.pkg), ['php-cli', 'ruby']);
  });

  it('npm start does not install Chromium: the user opens the URL in their own browser', () => {
    const m = machine({ packages: without('chromium'), root: true });
    assert.deepEqual(planSystemPackages('start', { hostInstalled: false, system: m }), { action: 'none' });
    const { ran, run } = recordingRunner(m);
    assert.equal(ensureSystemPackages('start', { hostInstalled: false, system: m, run, log: () => undefined }), 'present');
    assert.deepEqual(ran, []);
  });
});

describe('system packages: installing what is missing', () => {
  it('as root: says in one line what and why, then runs apt-get update and install (its progress on the terminal)', () => {
    const m = machine({ packages: without('chromium', 'libkrb5-dev'), root: true });
    const { ran, run } = recordingRunner(m);
    const lines: string[] = [];
    const outcome = ensureSystemPackages('test', { hostInstalled: false, system: m, run, log: (l) => lines.push(l) });
    assert.equal(outcome, 'installed');
    assert.deepEqual(ran, [['apt-get', 'update'], ['apt-get', 'install', '-y', 'libkrb5-dev', 'chromium']]);
    assert.equal(lines.length, 1, `one line before apt: ${lines.join(' | ')}`);
    assert.match(lines[0]!, /^npm test: installing with apt-get \(as root\): libkrb5-dev \(.*\), chromium \(/);
    assert.match(lines[0]!, /chromium \(the headless browser the webview and integration tests drive/);
    assert.match(lines[0]!, /libkrb5-dev \(Kerberos headers/);
    assert.ok(!lines[0]!.includes('\n'));
  });

  it('with passwordless sudo: the same commands through sudo -n, which never prompts', () => {
    const m = machine({ packages: without('python3', 'pkg-config'), sudo: 'passwordless' });
    const { ran, run } = recordingRunner(m);
    const lines: string[] = [];
    assert.equal(ensureSystemPackages('start', { hostInstalled: false, system: m, run, log: (l) => lines.push(l) }), 'installed');
    const sudo = ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive'];
    assert.deepEqual(ran, [[...sudo, 'apt-get', 'update'], [...sudo, 'apt-get', 'install', '-y', 'python3', 'pkg-config']]);
    assert.match(lines[0]!, /^npm start: installing with sudo -n apt-get: python3 \(python3 for node-gyp\), pkg-config \(/);
  });

  it('the optional runtimes ride along when the install can run anyway', () => {
    const m = machine({ packages: without('chromium', 'ruby'), root: true });
    const plan = planSystemPackages('test', { hostInstalled: true, system: m });
    assert.equal(plan.action, 'install');
    assert.deepEqual(plan.action === 'install' && plan.packages, ['chromium', 'ruby']);
  });

  it('stops when apt-get fails, naming the command and its exit status', () => {
    const m = machine({ packages: without('chromium'), root: true });
    const { run } = recordingRunner(m, 100);
    assert.throws(() => ensureSystemPackages('test', { hostInstalled: true, system: m, run, log: () => undefined }),
      (e: Error) => e instanceof MissingSystemPackageError && /apt-get update failed \(exit 100\)/.test(e.message));
  });

  it('stops when apt-get succeeds but the file the build needs is still not there', () => {
    const m = machine({ packages: without('libkrb5-dev'), root: true });
    const run = () => 0; // "installs" nothing
    assert.throws(() => ensureSystemPackages('start', { hostInstalled: false, system: m, run, log: () => undefined }),
      /apt-get finished but libkrb5-dev .* is still missing/);
  });
});

describe('system packages: when they cannot be installed unattended', () => {
  it('sudo asks for a password: stops with the exact command, runs nothing', () => {
    const m = machine({ packages: without('chromium', 'python3'), sudo: 'password' });
    const { ran, run } = recordingRunner(m);
    assert.throws(() => ensureSystemPackages('test', { hostInstalled: false, system: m, run, log: () => undefined }), (e: Error) => {
      assert.ok(e instanceof MissingSystemPackageError);
      assert.match(e.message, /^npm test: missing system packages: python3 \(python3 for node-gyp\), chromium \(the headless browser/);
      assert.match(e.message, /not root, and sudo asks for a password, so npm test cannot install them; run:/);
      assert.ok(e.message.includes('\n    sudo apt-get update && sudo apt-get install -y python3 chromium\n'), e.message);
      return true;
    });
    assert.deepEqual(ran, []);
  });

  it('no sudo at all: the command to run as root', () => {
    const m = machine({ packages: without('pkg-config') });
    const plan = planSystemPackages('start', { hostInstalled: false, system: m });
    assert.equal(plan.action, 'stop');
    assert.match(plan.action === 'stop' ? plan.message : '', /not root and no sudo, so npm start cannot install them; run as root:\n {4}apt-get update && apt-get install -y pkg-config\n/);
  });

  it('only an optional runtime missing and no way to install it: a note, and the tests go on', () => {
    const m = machine({ packages: without('php-cli'), sudo: 'password' });
    const lines: string[] = [];
    assert.equal(ensureSystemPackages('test', { hostInstalled: false, system: m, run: () => assert.fail('nothing to run'), log: (l) => lines.push(l) }), 'noted');
    assert.match(lines.join('\n'), /not installing php-cli .*sudo apt-get install -y php-cli/);
  });

  it('Linux without apt: the packages in dnf\'s words, never installed for the user', () => {
    const m = machine({ packages: without('libkrb5-dev', 'build-essential', 'chromium'), tools: ['dnf'], root: true });
    const plan = planSystemPackages('test', { hostInstalled: false, system: m });
    assert.equal(plan.action, 'stop');
    const message = plan.action === 'stop' ? plan.message : '';
    assert.match(message, /with dnf: dnf install -y krb5-devel gcc-c\+\+ make chromium/);
    assert.match(message, /set GCDEV_CHROMIUM to its path/);
  });

  it('Linux without any package manager we know: the needs in words', () => {
    const m = machine({ packages: without('pkg-config'), tools: [] });
    const plan = planSystemPackages('start', { hostInstalled: false, system: m });
    assert.match(plan.action === 'stop' ? plan.message : '', /with your system's package manager: pkg-config for node-gyp/);
  });

  it('macOS: the desktop VS Code routes, for each command', () => {
    const m = machine({ packages: ALL, platform: 'darwin', arch: 'arm64', tools: ['brew'] });
    const start = planSystemPackages('start', { hostInstalled: false, system: m });
    const test = planSystemPackages('test', { hostInstalled: false, system: m });
    assert.match(start.action === 'stop' ? start.message : '', /on macOS:\n.*code --install-extension .*Run Extension/s);
    assert.match(test.action === 'stop' ? test.message : '', /on macOS:\n.*npm run test:electron/s);
  });
});
