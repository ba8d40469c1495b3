// The README's commands table is the users' list of what the palette offers: every command
// package.json shows in the palette is in it, by the title the palette shows.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    menus: { commandPalette?: { command: string; when?: string }[] };
  };
}

function paletteTitles(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const hidden = new Set((pkg.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
  return pkg.contributes.commands.filter((c) => !hidden.has(c.command)).map((c) => c.title);
}

function readmeCommandsTable(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Commands (category "GoCardless")');
  assert.ok(start >= 0, 'the README has a commands section');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  return [...section.matchAll(/^\| (.+?) \| .* \|$/gm)].map((m) => m[1] ?? '').filter((t) => t !== 'command' && !t.startsWith('---'));
}

describe('README commands table', () => {
  it('lists every command the palette shows, and nothing else', () => {
    const titles = paletteTitles();
    const table = readmeCommandsTable();
    assert.ok(titles.length > 10, 'found the contributed commands');
    assert.deepEqual(
      { missing: titles.filter((t) => !table.includes(t)), extra: table.filter((t) => !titles.includes(t)) },
      { missing: [], extra: [] },
    );
  });
});
