// Runs bundled extension tests (an index.js exporting run()) inside the real
// extension host: VS Code server + headless Chromium as the client, in the smoke
// test driver mode where the workbench reports the extension host's console via
// window.codeAutomationLog and the tests' outcome via window.codeAutomationExit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { launchChromium } from './chromium.mjs';
import { freePort } from './freePort.mjs';
import { killGroupNow } from './processGroup.mjs';
import { startFrontProxy } from './frontProxy.mjs';
import { startVsCodeServer, testWorkbenchUrl } from './vscodeServer.mjs';

/** Set by test/integration/index.ts on mocha's report lines (the rest is the workbench's and extension host's log). */
const REPORT_MARK = '@@gcdev-report@@';

/** How long each of Chromium, the VS Code server and the front proxy may take to stop once the tests are done. */
const STOP_MS = 15_000;

/**
 * Waits for `stopping` at most STOP_MS. The timer also keeps the event loop alive: a stop that never settles and
 * holds nothing open would otherwise end the runner with Node's exit code 13 ("unsettled top-level await"),
 * losing the tests' verdict (a CI run ended so after its 93 tests had passed).
 */
async function stopWithin(what, stopping, err) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve('late'), STOP_MS); });
  const outcome = await Promise.race([Promise.resolve(stopping).then(() => 'stopped', (e) => e), late]);
  clearTimeout(timer);
  if (outcome === 'late') err(`stopping ${what} did not finish within ${STOP_MS / 1000} s; going on`);
  else if (outcome !== 'stopped') err(`stopping ${what} failed: ${outcome instanceof Error ? outcome.message : String(outcome)}`);
}

/** Errors the offline workbench always logs; not worth showing. */
const WORKBENCH_NOISE = [/Service Worker/, /authentication provider 'github'/, /ENOTFOUND/, /open-vsx/, /marketplace/i, /%c\s+ERR/];

function formatArgs(args) {
  const list = Array.isArray(args) ? args : [args];
  return typeof list[0] === 'string' ? format(...list) : list.map((a) => inspect(a, { depth: 4 })).join(' ');
}

/**
 * @param {{extensionPath:string, testsIndex:string, env?:Record<string,string>,
 *   workspaceSettings?:object, timeoutMs?:number, keep?:boolean, verbose?:boolean,
 *   out?:(line:string)=>void, err?:(line:string)=>void}} o
 * @returns {Promise<number>} the tests' exit code (0 = all passed)
 */
export async function runExtensionTests(o) {
  const out = o.out ?? ((l) => process.stdout.write(`${l}\n`));
  const err = o.err ?? ((l) => process.stderr.write(`${l}\n`));
  const timeoutMs = o.timeoutMs ?? 10 * 60_000;
  const tmp = mkdtempSync(join(tmpdir(), 'gcdev-it-'));
  const workspace = join(tmp, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(o.workspaceSettings ?? {}, null, 2));
  const logs = join(tmp, 'logs');
  mkdirSync(logs);

  const workbenchLogLines = [];
  let server;
  let proxy;
  let browser;
  let exitCode = 1;
  let overall;
  // Synchronous last resort if the runner dies between start and cleanup.
  const onExit = () => killGroupNow(server?.child);
  process.once('exit', onExit);
  const onSignal = (sig) => {
    err(`received ${sig}: stopping the VS Code server and Chromium`);
    killGroupNow(server?.child);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // The browser talks to `port`: code-server's front door with its /proxy/PORT/ route, which the bare server
    // lacks, so loopback links opened in the browser travel as under `npm start` (frontProxy.mjs).
    const port = await freePort();
    let innerPort = await freePort();
    while (innerPort === port) innerPort = await freePort(); // freePort releases its port: two calls may agree
    server = await startVsCodeServer({
      port: innerPort,
      dataDir: join(tmp, 'server'),
      env: { GCDEV_TEST: '1', ...(o.env ?? {}) },
      logFile: join(logs, 'server.log'),
    });
    proxy = await startFrontProxy({ port, innerPort });
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageLog = [];
    const workbenchLog = workbenchLogLines;
    page.on('console', (m) => pageLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));

    let settle;
    const settled = new Promise((resolve, reject) => {
      settle = { resolve, reject };
      page.on('crash', () => reject(new Error('the workbench page crashed')));
      browser.on('disconnected', () => reject(new Error('Chromium disconnected')));
      server.child.once('exit', (code, signal) => reject(new Error(`VS Code server exited during the run (${signal ?? `exit ${code}`}); log: ${join(logs, 'server.log')}`)));
      overall = setTimeout(() => reject(new Error(`extension tests did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    settled.catch(() => undefined); // handled where awaited; don't let an early failure go unhandled meanwhile
    // Both bindings must exist before the workbench loads: it looks them up at startup.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatArgs(args);
      if (text.startsWith(REPORT_MARK)) {
        const line = text.slice(REPORT_MARK.length);
        (type === 'error' ? err : out)(line);
      } else {
        workbenchLog.push(`[${type}] ${text}`);
        if (o.verbose) err(`[workbench ${type}] ${text}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
    await page.goto(testWorkbenchUrl({ port, workspace, extensionPath: o.extensionPath, testsIndex: o.testsIndex }));
    try {
      exitCode = await settled;
    } finally {
      writeFileSync(join(logs, 'page.log'), pageLog.join('\n'));
      writeFileSync(join(logs, 'workbench.log'), workbenchLog.join('\n'));
    }
  } catch (e) {
    err(`integration run failed: ${e instanceof Error ? e.message : String(e)}`);
    exitCode = exitCode || 1;
  } finally {
    clearTimeout(overall);
    await stopWithin('Chromium', browser?.close(), err);
    await stopWithin('the VS Code server', server?.stop(), err);
    await stopWithin('the front proxy', proxy?.close(), err);
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (exitCode !== 0 && !o.verbose) {
      // Errors outside mocha's report (activation failures, a rejected run()) are only in the workbench log.
      const errors = workbenchLogLines.filter((l) => l.startsWith('[error]') && !WORKBENCH_NOISE.some((re) => re.test(l)));
      if (errors.length > 0) err(`errors logged by the workbench / extension host:\n${errors.slice(-20).join('\n')}`);
    }
    if (exitCode === 0 && !o.keep) rmSync(tmp, { recursive: true, force: true });
    else err(`logs and workspace kept in ${tmp}`);
  }
  return exitCode;
}
