// Issue 16, item 3: "a cloned repo's .vscode/settings.json is not the user's
// choice". The settings that decide where data goes or what listens are
// machine-scoped in the manifest AND read from user settings only.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
const properties = manifest.contributes.configuration.properties;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `machineSetting<…>('section', 'key', …)` call in the extension. */
function readThroughMachineSetting(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(ROOT, 'src', 'extension'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/machineSetting<[^>]*>\(\s*'([\w.]+)',\s*'(\w+)'/g)) found.add(`${m[1]}.${m[2]}`);
  }
  return found;
}

describe('machine-scoped settings (a workspace cannot redirect data or open ports)', () => {
  it('forwardTo, host and acceptAll of the webhook listener, and the sandbox\'s startOnActivation and scale, are "scope": "machine"', () => {
    for (const key of ['gocardless.webhooks.forwardTo', 'gocardless.webhooks.host', 'gocardless.webhooks.acceptAll', 'gocardless.sandbox.startOnActivation', 'gocardless.sandbox.scale']) {
      assert.equal(properties[key]?.scope, 'machine', key);
    }
  });

  it('the code reads exactly the machine-scoped settings through machineSetting (user value only)', () => {
    const machine = Object.keys(properties).filter((k) => properties[k]?.scope === 'machine').sort();
    assert.deepEqual([...readThroughMachineSetting()].sort(), machine);
  });

  it('no plain getConfiguration().get() reads a machine-scoped key', () => {
    const machine = Object.keys(properties).filter((k) => properties[k]?.scope === 'machine');
    for (const file of sources(join(ROOT, 'src', 'extension'))) {
      const text = readFileSync(file, 'utf8');
      for (const key of machine) {
        const [section, name] = [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)];
        assert.ok(!(text.includes(`getConfiguration('${section}')`) && new RegExp(`\\.get<[^>]*>\\('${name}'`).test(text)), `${file} reads ${key} with get()`);
      }
    }
  });
});
