// The manifest and the runtime agree: the extension activates in a real VS Code,
// every command package.json contributes is registered, and every registered
// gocardless.* command is declared (so none is unreachable from the palette/menus).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, hasKey, ourExtension } from './support/extensionApi';

function contributedCommands(): string[] {
  const pkg: unknown = ourExtension().packageJSON;
  if (!hasKey(pkg, 'contributes') || !hasKey(pkg.contributes, 'commands')) return [];
  const list = pkg.contributes.commands;
  if (!Array.isArray(list)) throw new Error('package.json contributes.commands is not an array');
  return list.map((c: unknown) => {
    if (!hasKey(c, 'command') || typeof c.command !== 'string') throw new Error(`malformed command entry ${JSON.stringify(c)}`);
    return c.command;
  });
}

describe('extension manifest', () => {
  before(async () => {
    await activateExtension();
  });

  it('is installed and active in the extension host', () => {
    const ext = ourExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('runs with the test environment the runner gives the server', () => {
    assert.equal(process.env.GCDEV_TEST, '1');
  });

  it('declares commands in package.json', () => {
    assert.ok(contributedCommands().length > 0, 'contributes.commands is empty');
  });

  it('registers every command that package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributedCommands().filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('declares every gocardless.* command it registers', async () => {
    const declared = new Set(contributedCommands());
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('gocardless.'));
    // VS Code itself registers view commands (focus, toggle visibility…) for our views,
    // named "<view id>.<action>" or "workbench.view.extension.<container>"; those are not ours to declare.
    const viewIds = viewIdsOf(ourExtension().packageJSON);
    const undeclared = registered.filter((c) => !declared.has(c) && !viewIds.some((v) => c.startsWith(`${v}.`)));
    assert.deepEqual(undeclared, [], `registered but not declared: ${undeclared.join(', ')}`);
  });
});

function viewIdsOf(pkg: unknown): string[] {
  if (!hasKey(pkg, 'contributes') || !hasKey(pkg.contributes, 'views')) return [];
  const views = pkg.contributes.views;
  if (typeof views !== 'object' || views === null) return [];
  const ids: string[] = [];
  for (const group of Object.values(views)) {
    if (!Array.isArray(group)) continue;
    for (const v of group as unknown[]) if (hasKey(v, 'id') && typeof v.id === 'string') ids.push(v.id);
  }
  return ids;
}
