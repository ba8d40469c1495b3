// The README's settings table is the users' reference: every setting package.json contributes
// is in it, with the same default.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface SettingSchema { default?: unknown }

function contributedSettings(): Map<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[] } };
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  return new Map(sections.flatMap((s) => Object.entries(s.properties).map(([key, schema]) => [key, schema.default] as const)));
}

function readmeSettingsTable(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Settings'), readme.indexOf('### Commands (category "GoCardless")'));
  const rows = [...section.matchAll(/^\| `([\w.]+)` \| `([^`]*)` \|/gm)];
  return new Map(rows.map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('README settings table', () => {
  it('lists every contributed setting with its default', () => {
    const table = readmeSettingsTable();
    const settings = contributedSettings();
    assert.ok(settings.size > 5, 'found the contributed settings');
    const problems: string[] = [];
    for (const [key, value] of settings) {
      const documented = table.get(key);
      if (documented === undefined) problems.push(`${key} is not in the table`);
      else if (documented !== JSON.stringify(value) && documented !== String(value)) problems.push(`${key}: README says ${documented}, package.json ${JSON.stringify(value)}`);
    }
    for (const key of table.keys()) if (!settings.has(key)) problems.push(`${key} is in the table but not contributed`);
    assert.deepEqual(problems, []);
  });
});
