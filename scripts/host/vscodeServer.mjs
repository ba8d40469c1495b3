// Starts the VS Code server bundled in code-server (server-main.js, under Node 24)
// in its own process group, with fresh data dirs, and resolves once it listens.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_BIN, VSCODE_SERVER_MAIN } from './paths.mjs';
import { stopGroup } from './processGroup.mjs';

/**
 * @param {{port:number, dataDir:string, env?:Record<string,string>, logFile:string, readyTimeoutMs?:number}} o
 * `dataDir` receives server-data/, user-data/ and extensions/.
 */
export async function startVsCodeServer({ port, dataDir, env = {}, logFile, readyTimeoutMs = 60_000 }) {
  const dirs = { serverData: join(dataDir, 'server-data'), userData: join(dataDir, 'user-data'), extensions: join(dataDir, 'extensions') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const args = [
    VSCODE_SERVER_MAIN,
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--server-data-dir', dirs.serverData, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-workspace-trust', '--skip-welcome',
  ];
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(NODE_BIN, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  let timer;
  const ready = new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (/listening on \d+/.test(seen)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`VS Code server exited before listening (${signal ?? `exit ${code}`}); log: ${logFile}`)));
    child.once('error', reject);
    timer = setTimeout(() => reject(new Error(`VS Code server did not listen within ${readyTimeoutMs} ms; log: ${logFile}`)), readyTimeoutMs);
  });
  const stop = async () => {
    await stopGroup(child);
    log.end();
  };
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { child, port, origin: `http://127.0.0.1:${port}`, dirs, stop };
}

/** The workbench URL that runs the extension tests in `testsIndex` (absolute path of the bundled index.js). */
export function testWorkbenchUrl({ port, workspace, extensionPath, testsIndex }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsIndex)],
    ['enableProposedApi', ''],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
