#!/usr/bin/env node
// `npm run screenshots`: pictures of the real UI for the README. Each scene gets a
// fresh code-server profile (settings of its own, the packaged extension installed),
// is driven in headless Chromium through ./host/workbench.mjs, and writes
// media/screenshots/<scene>.png.
// Options: --scene a,b (default: all), --list, --theme "<VS Code theme name>".
// Debian's fonts-noto-color-emoji draws the check report's ✅/❌ (without it, empty boxes).
//
// Adding a scene: append to SCENES { name, caption, settings?, requires?, run(wb, shot) }.
// `requires` lists command ids or view ids the scene needs from package.json; when one is
// missing the scene is reported as not available (and the run fails if it was asked for
// by --scene).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './host/chromium.mjs';
import { installVsix, prepareProfile, startCodeServer } from './host/codeServer.mjs';
import { freePort } from './host/freePort.mjs';
import { installHost } from './host/installHost.mjs';
import { packageVsix } from './host/packageVsix.mjs';
import { REPO_ROOT } from './host/paths.mjs';
import { killGroupNow } from './host/processGroup.mjs';
import { Workbench } from './host/workbench.mjs';
import { loadSharp } from './loadSharp.mjs';

const OUT_DIR = join(REPO_ROOT, 'media', 'screenshots');

/**
 * Writes a screenshot as a 256-colour PNG. The pictures ship in the .vsix (README and
 * walkthrough), which must stay under 1 MB: a UI picture has few colours, so the palette
 * keeps text sharp at about a third of the size of Chromium's full-colour PNG (JPEG, tried,
 * saves less and blurs text). Writes a temp file and renames it, so a failed run never leaves
 * half a picture.
 */
async function writeScreenshot(sharp, file, png) {
  const small = await sharp(png).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
  const partial = `${file}.partial`;
  writeFileSync(partial, small);
  renameSync(partial, file);
  return small.length;
}
const VIEWPORT = { width: 1280, height: 760 };

/** The tree scenes show the Merchants view alone. */
async function collapseOtherPanes(wb) {
  if (contributedIds().has('gocardless.webhooks')) await wb.collapsePane('Webhooks');
}

/** @type {Array<{name:string, caption:string, settings?:object, files?:Record<string,string>, requires?:string[], run:(wb:Workbench, shot:(clip?:object)=>Promise<void>)=>Promise<void>}>} */
const SCENES = [
  {
    name: 'tree',
    caption: 'The merchant tree with the embedded local sandbox: balances, next payout and bills with their statuses.',
    requires: ['gocardless.merchants'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.setSidebarWidth(520);
      await wb.waitForRow('Local sandbox');
      await collapseOtherPanes(wb);
      await wb.expand('Bills');
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'welcome',
    caption: 'With no account yet: use the local sandbox, add credentials, or connect a merchant as a partner.',
    settings: { 'gocardless.sandbox.startOnActivation': false },
    requires: ['gocardless.merchants', 'gocardless.sandbox.use'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.page.locator('.part.sidebar .welcome-view-content').first().waitFor({ timeout: 30_000 });
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'bill-json',
    caption: "A bill opened as read-only JSON from its context menu, with the tree's Markdown tooltip.",
    requires: ['gocardless.merchants', 'gocardless.merchants.openJson'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.setSidebarWidth(470);
      await wb.waitForRow('Local sandbox');
      await collapseOtherPanes(wb);
      await wb.expand('Bills');
      const bill = wb.page.locator('.part.sidebar .monaco-list-row[aria-level="4"]').nth(2);
      await wb.contextMenu(bill, 'Open as JSON');
      await wb.page.locator('.part.editor .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
      await wb.idle();
      await wb.clearNotifications();
      await wb.page.locator('.part.sidebar .monaco-list-row[aria-level="4"]').nth(4).hover();
      await wb.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ timeout: 10_000 });
      await shot();
    },
  },
  {
    name: 'link-builder',
    caption: 'The Connect payment link builder: parameters, live signature and URL, signed in the extension host.',
    requires: ['gocardless.links.createPaymentLink'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.waitForRow('Local sandbox');
      await wb.runCommand('GoCardless: Create Payment Link…');
      const view = wb.webview();
      await view.locator('input, select').first().waitFor({ timeout: 30_000 });
      await view.getByRole('textbox', { name: /^Amount/ }).first().fill('25.00');
      await view.getByRole('textbox', { name: /^Name/ }).first().fill('Piano lessons, March');
      // The host signs as the user types: wait for the signed URL in the preview.
      await view.getByText(/\/connect\/bills\/new\?/).first().waitFor({ timeout: 30_000 });
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'redirect',
    caption: 'The redirect round trip in the link builder: the link paid in the local sandbox, the customer sent back to the extension, the signature verified and the bill confirmed.',
    requires: ['gocardless.links.createPaymentLink', 'gocardless.links.verifyRedirectUrl'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.waitForRow('Local sandbox');
      await wb.runCommand('GoCardless: Create Payment Link…');
      const view = wb.webview();
      await view.locator('input, select').first().waitFor({ timeout: 30_000 });
      await view.getByRole('textbox', { name: /^Amount/ }).first().fill('25.00');
      await view.getByRole('textbox', { name: /^Name/ }).first().fill('Piano lessons, March');
      await view.getByText(/\/connect\/bills\/new\?/).first().waitFor({ timeout: 30_000 });
      // The customer's side, as a browser would do it: open the payment page, pay with the
      // sandbox bank details, follow the redirect to the extension's loopback page.
      const link = (await view.locator('#link-url').textContent())?.trim() ?? '';
      const page = await fetch(link);
      const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
      if (!page.ok || !token) throw new Error(`the sandbox did not show its payment page (${page.status})`);
      const paid = await fetch(new URL('/connect/pay', link), {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: token.replace(/&amp;/g, '&'), first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', account_number: '55779911', sort_code: '20-00-00' }),
      });
      const back = paid.headers.get('location');
      if (paid.status !== 302 || !back) throw new Error(`paying did not redirect (${paid.status})`);
      // The landing page only answers a browser's top-level navigation (navigationGuard.ts): a fetch
      // from here is refused 403, so the customer's browser is a page of its own that goes there.
      const customer = await wb.page.context().browser().newPage();
      try {
        const landed = await customer.goto(back);
        if (!landed?.ok()) throw new Error(`the redirect landing page answered ${landed?.status() ?? 'nothing'}`);
      } finally {
        await customer.close();
      }
      await view.locator('#redirect-result', { hasText: 'Valid signature' }).waitFor({ timeout: 30_000 });
      await view.locator('#confirm-resource').click();
      await view.locator('#confirm-result', { hasText: /Confirmed/ }).waitFor({ timeout: 30_000 });
      await view.locator('#redirect').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'walkthrough',
    caption: 'The walkthrough "Build your GoCardless integration": nine steps from the local sandbox to go-live, each with a button and a picture.',
    requires: ['gocardless.links.createPaymentLink'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.waitForRow('Local sandbox');
      // The step's picture shows beside the steps only when the editor is wide enough.
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.pick('Build your GoCardless integration');
      const step = wb.page.locator('.getting-started-step', { hasText: 'Pay it in the sandbox and verify the redirect' }).first();
      await step.waitFor({ timeout: 30_000 });
      await step.click();
      await wb.page.locator('.getting-started-media iframe, .getting-started-media img').first().waitFor({ state: 'visible', timeout: 30_000 });
      await wb.page.waitForTimeout(1500); // the Markdown page inside the media frame lays out its picture
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'webhooks',
    caption: 'Webhooks fired by the sandbox clock, received and verified by the listener, one opened in detail.',
    requires: ['gocardless.webhooks', 'gocardless.webhooks.start', 'gocardless.sandbox.advanceClock'],
    async run(wb, shot) {
      await wb.openContainer('GoCardless');
      await wb.waitForRow('Local sandbox');
      await wb.runCommand('GoCardless: Start Webhook Listener');
      await wb.runCommand('GoCardless: Advance Sandbox Clock…');
      await wb.pick('1 month');
      const pane = wb.page.locator('.part.sidebar .pane', { has: wb.page.locator('.pane-header', { hasText: /webhooks/i }) });
      // A clock advance's deliveries arrive together and are grouped under one expanded row (issue 18): the
      // first delivery is the first row one level down (clicking the group's row would only collapse it).
      const delivery = pane.locator('.monaco-list-row[aria-level="2"]').first();
      await delivery.waitFor({ timeout: 30_000 });
      await delivery.click();
      await wb.webview().locator('body :visible').first().waitFor({ timeout: 30_000 });
      await wb.idle();
      await wb.clearNotifications();
      await shot();
    },
  },
  {
    name: 'check-report',
    caption: 'The integration check report against an app that answers 200 to everything: each forgery it accepted is a failure that says what the spec expects.',
    requires: ['gocardless.integrationCheck.run'],
    async run(wb, shot) {
      // A careless webhook endpoint: 200 to anything, signed or not. The report should catch it.
      const app = createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
      await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
      try {
        await wb.openContainer('GoCardless');
        await wb.waitForRow('Local sandbox');
        await wb.runCommand('GoCardless: Run Integration Check…');
        const input = wb.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(`http://127.0.0.1:${app.address().port}/webhooks/gocardless`);
        await input.press('Enter');
        // The optional redirect round trip: skipped (left empty).
        await wb.page.locator('.quick-input-widget', { hasText: 'redirect' }).waitFor();
        await input.fill('');
        await input.press('Enter');
        await wb.webview().getByText(/integration check/i).first().waitFor({ timeout: 60_000 });
        // The forgeries the app let through, in the summary table.
        await wb.webview().getByText('❌ fail').first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await wb.idle();
        await wb.clearNotifications();
        await shot();
      } finally {
        app.close();
      }
    },
  },
  {
    name: 'secret-warning',
    caption: 'An app secret committed in a workspace file: a warning in the Problems panel, and a quick fix that reads it from the environment instead.',
    requires: ['gocardless.secrets.scanWorkspace'],
    files: {
      'config.js': [
        "// Payment settings for the shop",
        "module.exports = {",
        "  appId: process.env.GOCARDLESS_APP_ID,",
        "  app_secret: 'r8Kp2xQv7LmZ4nWc9TbY3sHf6JdG1aEu5oVi0RqNkXlMwBzPa1B2c3D4e5F6g7H8',",
        "  merchantId: 'UN77IOJ7A03Y1T',",
        "};",
        "",
      ].join('\n'),
    },
    async run(wb, shot) {
      await wb.openFile('config.js');
      await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: /secret/i }).first();
      await problem.waitFor({ timeout: 30_000 });
      // The editor's hover on the secret: the warning and its Quick Fix link.
      await wb.page.locator('.part.editor .view-line span', { hasText: 'r8Kp2x' }).first().hover();
      await wb.page.locator('.monaco-hover', { hasText: /Quick Fix/ }).first().waitFor({ timeout: 15_000 });
      await wb.idle();
      await shot();
    },
  },
];

let opts;
try {
  ({ values: opts } = parseArgs({ options: { scene: { type: 'string' }, list: { type: 'boolean', default: false }, theme: { type: 'string', default: 'Default Dark Modern' } }, strict: true }));
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  process.exit(2);
}
if (opts.list) {
  for (const s of SCENES) console.log(`${s.name.padEnd(20)} ${s.caption}`);
  process.exit(0);
}
const asked = opts.scene ? opts.scene.split(',').map((s) => s.trim()) : undefined;
const unknown = (asked ?? []).filter((n) => !SCENES.some((s) => s.name === n));
if (unknown.length) {
  console.error(`screenshots: unknown scene(s) ${unknown.join(', ')}; --list shows them`);
  process.exit(2);
}

function contributedIds() {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const ids = new Set((pkg.contributes?.commands ?? []).map((c) => c.command));
  for (const group of Object.values(pkg.contributes?.views ?? {})) for (const v of group) ids.add(v.id);
  return ids;
}

let sharp; // before the build and the host: a missing optional dependency should not cost minutes to find
try {
  sharp = await loadSharp('write the screenshots as 256-colour PNGs');
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  process.exit(1);
}

process.chdir(REPO_ROOT);
if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('screenshots: npm run build failed');
  process.exit(1);
}
await installHost();
const { vsix } = packageVsix();
const available = contributedIds();
mkdirSync(OUT_DIR, { recursive: true });

let current;
process.on('exit', () => killGroupNow(current?.child));
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

const browser = await launchChromium();
const failures = [];
try {
  for (const scene of SCENES.filter((s) => !asked || asked.includes(s.name))) {
    const missing = (scene.requires ?? []).filter((id) => !available.has(id));
    if (missing.length) {
      const msg = `${scene.name}: not available (package.json lacks ${missing.join(', ')})`;
      if (asked) failures.push(msg);
      console.log(`- ${msg}`);
      continue;
    }
    const started = Date.now();
    const tmp = mkdtempSync(join(tmpdir(), 'gcdev-shot-'));
    const port = await freePort();
    const profile = prepareProfile({ dir: tmp, port, settings: { 'workbench.colorTheme': opts.theme, ...(scene.settings ?? {}) } });
    installVsix(profile, vsix);
    const workspace = join(tmp, 'my-shop');
    mkdirSync(workspace);
    for (const [name, text] of Object.entries(scene.files ?? {})) writeFileSync(join(workspace, name), text);
    let page;
    let ok = false;
    try {
      current = await startCodeServer({ profile, port, workspace, logFile: join(tmp, 'code-server.log') });
      page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(current.url);
      const wb = new Workbench(page);
      await wb.ready();
      const file = join(OUT_DIR, `${scene.name}.png`);
      let bytes = 0;
      await scene.run(wb, async (clip) => { bytes = await writeScreenshot(sharp, file, await page.screenshot({ ...(clip ? { clip } : {}) })); });
      console.log(`✓ ${scene.name}: media/screenshots/${scene.name}.png, ${Math.round(bytes / 1024)} KB (${Math.round((Date.now() - started) / 1000)} s)`);
      ok = true;
    } catch (e) {
      const shotOnError = join(tmp, 'failure.png');
      await page?.screenshot({ path: shotOnError }).catch(() => undefined);
      failures.push(`${scene.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (state: ${shotOnError}, log: ${join(tmp, 'code-server.log')})`);
      console.log(`✗ ${failures.at(-1)}`);
    } finally {
      await page?.close().catch(() => undefined);
      await current?.stop();
      current = undefined;
      if (ok) rmSync(tmp, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`screenshots: ${failures.length} scene(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
