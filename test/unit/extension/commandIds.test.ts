// Command ids name their feature (issue 20: "one name each, the same in ids, titles and code"):
// every command is gocardless.<feature>.<action>, where <feature> is the src/extension folder
// that registers it, so a command's id says where its code lives.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const EXTENSION = join(ROOT, 'src', 'extension');

function contributedIds(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  return pkg.contributes.commands.map((c) => c.command);
}

function sourcesUnder(dir: string): string {
  return readdirSync(dir).map((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
  }).join('\n');
}

describe('command ids', () => {
  const features = readdirSync(EXTENSION).filter((name) => statSync(join(EXTENSION, name)).isDirectory());

  it('are gocardless.<feature folder>.<action>', () => {
    const wrong = contributedIds().filter((id) => {
      const m = /^gocardless\.([a-zA-Z]+)\.([a-z][a-zA-Z]*)$/.exec(id);
      return !m || !features.includes(m[1]!);
    });
    assert.deepEqual(wrong, []);
  });

  it('are registered by the folder their id names', () => {
    const elsewhere = contributedIds().filter((id) => {
      const feature = id.split('.')[1]!;
      return !sourcesUnder(join(EXTENSION, feature)).includes(`'${id}'`);
    });
    assert.deepEqual(elsewhere, []);
  });
});
