#!/usr/bin/env node
// `npm start`: build, install the system packages and the host if needed, package the extension and
// install it into a reusable code-server profile (.vscode-host/start/), make the
// local sandbox the default account, serve VS Code on 127.0.0.1 and print the URL.
// Options: --port N (or PORT=N; default 3939), --folder DIR (default: a playground
// folder in the profile), --fresh (forget the profile's accounts and settings).
// Ctrl-C stops code-server (its whole process group) and the embedded sandbox.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortFree, installVsix, prepareProfile, startCodeServer } from './host/codeServer.mjs';
import { installHost, readHostMarker } from './host/installHost.mjs';
import { packageVsix } from './host/packageVsix.mjs';
import { HOST_DIR, REPO_ROOT } from './host/paths.mjs';
import { killGroupNow } from './host/processGroup.mjs';
import { ensureSystemPackages } from './host/systemPackages.mjs';

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3939' },
      folder: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const port = Number(opts.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be an integer from 1 to 65535, got ${JSON.stringify(opts.port)}`);

process.chdir(REPO_ROOT);
const step = (m) => console.log(`• ${m}`);

try {
  await assertPortFree(port); // fail fast, before the build
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

step('building the extension');
if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) fail('npm run build failed');

step('checking the VS Code host');
try {
  // The host's build packages only, and only while the host is not built; the browser is the user's.
  ensureSystemPackages('start', { hostInstalled: readHostMarker() !== undefined, log: (m) => console.log(`  ${m}`) });
  await installHost({ log: (m) => console.log(`  ${m}`) });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const dir = join(HOST_DIR, 'start');
if (opts.fresh) rmSync(join(dir, 'user-data'), { recursive: true, force: true });
const workspace = opts.folder ? resolve(opts.folder) : join(dir, 'playground');
if (!existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.md'),
    '# GoCardless playground\n\nOpen the GoCardless view in the activity bar: the local sandbox is your default account.\n');
}
const profile = prepareProfile({ dir, port });

step('packaging and installing the extension');
try {
  const { vsix } = packageVsix();
  installVsix(profile, vsix);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

step(`starting code-server on 127.0.0.1:${port}`);
let server;
let stopping = false;
const onSignal = async () => {
  stopping = true;
  console.log('\nstopping code-server…');
  await server?.stop();
  process.exit(0);
};
process.on('exit', () => killGroupNow(server?.child));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  server = await startCodeServer({ profile, port, workspace, logFile: join(dir, 'code-server.log') });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
console.log(`\nGoCardless Dev Tools is running in VS Code:\n\n    ${server.url}\n\n` +
  `Open it in a browser; the GoCardless view (activity bar) starts the local sandbox.\n` +
  `Folder: ${workspace}\nLog: ${join(dir, 'code-server.log')}\nPress Ctrl-C to stop.`);
server.child.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`code-server stopped (${signal ?? `exit ${code}`}); see ${join(dir, 'code-server.log')}`);
  process.exit(code ?? 1);
});
