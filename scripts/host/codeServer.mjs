// code-server for a person (npm start) or a script (screenshots): a profile
// (config, user data with settings, extensions dir), the packaged extension
// installed into it, and the server started detached on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE_BIN } from './paths.mjs';
import { stopGroup } from './processGroup.mjs';

/** Settings every profile gets: offline-friendly, no welcome page, the local sandbox as the default account. */
export const DEFAULT_USER_SETTINGS = {
  'gocardless.sandbox.startOnActivation': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // The playground folder may sit inside this repository: don't offer to open it in Git.
  'git.openRepositoryInParentFolders': 'never',
  // Offline: no chat panel taking half the window.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

/**
 * Creates or reuses a profile under `dir`. User settings are merged: keys here win,
 * a person's other settings survive between runs.
 */
export function prepareProfile({ dir, port, settings = {} }) {
  const profile = {
    configFile: join(dir, 'config.yaml'),
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
  };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  // Passing --config keeps code-server from writing ~/.config/code-server/config.yaml (with a password).
  writeFileSync(profile.configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const settingsFile = join(profile.userDataDir, 'User', 'settings.json');
  let existing = {};
  if (existsSync(settingsFile)) {
    try {
      const parsed = JSON.parse(readFileSync(settingsFile, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) existing = parsed;
    } catch { /* a settings file with comments or errors: rewritten with ours */ }
  }
  const merged = { ...existing, ...DEFAULT_USER_SETTINGS, ...settings };
  writeFileSync(settingsFile, JSON.stringify(merged, null, 2) + '\n');
  // The extension host runs on code-server's side, where a machine-scoped setting (the extension's
  // startOnActivation, forwardTo, host…) is read from the server's Machine settings, not the browser user's.
  const machineFile = join(profile.userDataDir, 'Machine', 'settings.json');
  mkdirSync(dirname(machineFile), { recursive: true });
  const ours = Object.fromEntries(Object.entries(merged).filter(([key]) => key.startsWith('gocardless.')));
  writeFileSync(machineFile, JSON.stringify(ours, null, 2) + '\n');
  return profile;
}

function profileArgs(profile) {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs (or replaces) a .vsix in the profile: under a second. */
export function installVsix(profile, vsix) {
  const r = spawnSync(NODE_BIN, [CODE_SERVER_ENTRY, ...profileArgs(profile), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed:\n${r.stdout}${r.stderr}`);
}

/** Resolves when 127.0.0.1:port can be bound; otherwise rejects saying how to pick another. */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (e) => reject(new Error(e.code === 'EADDRINUSE'
      ? `port ${port} on 127.0.0.1 is in use (another npm start?); choose one with --port N or PORT=N`
      : `cannot listen on 127.0.0.1:${port}: ${e.message}`)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/**
 * Starts code-server detached (own process group) and resolves once it serves HTTP.
 * @returns {Promise<{child, url:string, stop:()=>Promise<void>}>}
 */
export async function startCodeServer({ profile, port, workspace, logFile, env = {}, readyTimeoutMs = 60_000 }) {
  const args = [
    CODE_SERVER_ENTRY, ...profileArgs(profile),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace,
  ];
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(NODE_BIN, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const stop = async () => {
    await stopGroup(child);
    log.end();
  };
  let timer;
  try {
    await new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk) => {
        seen = (seen + chunk.toString()).slice(-4096);
        if (/HTTP server listening on/.test(seen)) {
          child.stdout.off('data', onData);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.once('exit', (code, signal) => reject(new Error(`code-server exited before serving (${signal ?? `exit ${code}`}); log: ${logFile}`)));
      child.once('error', reject);
      timer = setTimeout(() => reject(new Error(`code-server did not serve within ${readyTimeoutMs} ms; log: ${logFile}`)), readyTimeoutMs);
    });
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { child, url: `http://127.0.0.1:${port}/`, stop };
}
