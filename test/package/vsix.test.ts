// `npm run test:package`: what `npm run package` ships. A production build packaged by vsce
// into a temp dir; the .vsix is under 1 MB and holds only what runs (listed here, so a new
// file in the package is a decision, not an accident); undici stays out of the activation
// path; and the unpacked .vsix activates in the real VS Code host.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** 1 MB as the Marketplace and vsce count it would be 1024 KB; this is the stricter 10^6 bytes. */
const MAX_VSIX_BYTES = 1_000_000;

/** Every file the package may hold. Anything else fails the test. */
const ALLOWED: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|cli)\.js$/,
  /^extension\/dist\/vendor\/undici\.js$/,
  /^extension\/dist\/webview\/[A-Za-z]+\.(js|css)$/,
  /^extension\/media\/[A-Za-z.-]+\.(svg|png|css)$/,
  /^extension\/media\/screenshots\/[a-z-]+\.(png|jpg)$/,
  /^extension\/media\/walkthrough\/[a-z-]+\.md$/,
  /^extension\/samples\/node\/(\.vscode\/launch\.json|README\.md|package\.json|[a-z]+\.js)$/,
  /^extension\/snippets\/[a-z]+\.json$/,
];

/** Files without which the extension does not run or cannot be listed. */
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/media/icon.png',
  'extension/dist/extension.js',
  'extension/dist/cli.js',
  'extension/dist/vendor/undici.js',
  'extension/dist/webview/linkBuilder.js',
  'extension/dist/webview/webhookDetail.js',
  'extension/samples/node/server.js',
  'extension/samples/node/.vscode/launch.json',
  'extension/snippets/javascript.json',
];

const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}:\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  return r.stdout;
}

describe('the .vsix (npm run package)', function () {
  this.timeout(10 * 60_000);
  let tmp: string;
  let vsix: string;
  let entries: { name: string; size: number }[];
  let unpacked: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gcdev-vsix-'));
    run(process.execPath, ['scripts/build.mjs', '--production']);
    const { packageVsix } = await import('../../scripts/host/packageVsix.mjs');
    const { zipEntries, extractZip } = await import('../../scripts/host/zipArchive.mjs');
    vsix = packageVsix({ outDir: tmp }).vsix;
    const zip = readFileSync(vsix);
    entries = zipEntries(zip);
    unpacked = extractZip(zip, join(tmp, 'unpacked'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it(`is under ${MAX_VSIX_BYTES.toLocaleString('en')} bytes`, () => {
    const size = statSync(vsix).size;
    assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${size} bytes`);
  });

  it('holds only what runs: no sources, maps, tests, node_modules or scripts', () => {
    const stray = entries.map((e) => e.name).filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(stray, [], `files the package should not hold:\n${stray.join('\n')}`);
  });

  it('holds everything the extension needs to run', () => {
    const names = new Set(entries.map((e) => e.name));
    assert.deepEqual(REQUIRED.filter((n) => !names.has(n)), []);
  });

  it('holds every file package.json refers to (icons, walkthrough media)', () => {
    const pkg = readFileSync(join(unpacked, 'extension', 'package.json'), 'utf8');
    const names = new Set(entries.map((e) => e.name));
    const referenced = [...pkg.matchAll(/"(media\/[^"]+)"/g)].map((m) => `extension/${m[1]}`);
    assert.ok(referenced.length > 0);
    assert.deepEqual(referenced.filter((n) => !names.has(n)), []);
  });

  it('loads no undici when dist/extension.js is loaded: it is parsed on the first API call', () => {
    // `vscode` only exists inside the host; a one-line stand-in lets plain Node load the bundle
    // and report which files came with it.
    const probe = join(tmp, 'probe.cjs');
    writeFileSync(probe, [
      "const Module = require('node:module');",
      "const resolve = Module._resolveFilename;",
      "Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? require.resolve('./vscode-stand-in.cjs') : resolve.call(this, request, ...rest); };",
      `require(${JSON.stringify(join(unpacked, 'extension', 'dist', 'extension.js'))});`,
      "process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
    ].join('\n'));
    // The stand-in has the API's top-level names (from @types/vscode, so esbuild's interop can copy
    // them); any property of those, at any depth, can be read, called or constructed.
    const api = readFileSync(join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
    const names = [...new Set([...api.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)].map((m) => m[1]))];
    assert.ok(names.includes('CodeActionKind') && names.includes('window'), 'found the API names in @types/vscode');
    writeFileSync(join(tmp, 'vscode-stand-in.cjs'), [
      'const any = () => new Proxy(function () {}, { get: () => any(), apply: () => any(), construct: () => any() });',
      `module.exports = Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, any()]));`,
    ].join('\n'));
    const loaded = JSON.parse(run(process.execPath, [probe])) as string[];
    assert.ok(loaded.some((f) => f.endsWith(join('dist', 'extension.js'))), 'the probe loaded the bundle');
    assert.deepEqual(loaded.filter((f) => f.includes('undici')), []);
  });

  it('runs unpacked in the real VS Code host: activates, every command registered', () => {
    run(process.execPath, ['scripts/test-integration.mjs', '--no-build', '--extension-path', join(unpacked, 'extension'), '--grep', 'extension manifest']);
  });
});
