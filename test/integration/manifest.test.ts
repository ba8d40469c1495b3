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

  it('refers only to registered commands from menus, welcome views and walkthroughs', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const refs = referencedCommands(ourExtension().packageJSON);
    assert.ok(refs.length > 0, 'no command references found (menus, viewsWelcome)');
    const unknown = [...new Set(refs.filter((c) => !registered.has(c)))];
    assert.deepEqual(unknown, [], `referenced but not registered: ${unknown.join(', ')}`);
  });

  it('activates lazily, never on every event', () => {
    const events = (ourExtension().packageJSON as { activationEvents?: unknown }).activationEvents;
    assert.ok(Array.isArray(events), 'activationEvents is a list');
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
  });

  it('puts its views in declared containers, with icons that exist', async () => {
    const pkg: unknown = ourExtension().packageJSON;
    assert.ok(hasKey(pkg, 'contributes') && hasKey(pkg.contributes, 'views') && hasKey(pkg.contributes, 'viewsContainers'));
    const containers = Object.values(pkg.contributes.viewsContainers as Record<string, unknown>)
      .flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
    const containerIds = new Set(['explorer', 'scm', 'debug', 'test', 'remote']);
    const icons: string[] = [];
    for (const c of containers) {
      if (hasKey(c, 'id') && typeof c.id === 'string') containerIds.add(c.id);
      if (hasKey(c, 'icon') && typeof c.icon === 'string') icons.push(c.icon);
    }
    for (const [container, views] of Object.entries(pkg.contributes.views as Record<string, unknown>)) {
      assert.ok(containerIds.has(container), `views contributed to undeclared container "${container}"`);
      for (const v of Array.isArray(views) ? (views as unknown[]) : []) {
        if (hasKey(v, 'icon') && typeof v.icon === 'string') icons.push(v.icon);
      }
    }
    for (const icon of icons) {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(ourExtension().extensionUri, icon)); // throws when missing
    }
  });
});

/** Commands named in menus (command, alt) and in `command:` links of viewsWelcome and walkthroughs. */
function referencedCommands(pkg: unknown): string[] {
  if (!hasKey(pkg, 'contributes')) return [];
  const c = pkg.contributes;
  const refs: string[] = [];
  if (hasKey(c, 'menus') && typeof c.menus === 'object' && c.menus !== null) {
    for (const entries of Object.values(c.menus)) {
      for (const e of Array.isArray(entries) ? (entries as unknown[]) : []) {
        if (hasKey(e, 'command') && typeof e.command === 'string') refs.push(e.command);
        if (hasKey(e, 'alt') && typeof e.alt === 'string') refs.push(e.alt);
      }
    }
  }
  // Links look like [Title](command:gocardless.x) or command:gocardless.x?%5B...%5D.
  const text = JSON.stringify([hasKey(c, 'viewsWelcome') ? c.viewsWelcome : [], hasKey(c, 'walkthroughs') ? c.walkthroughs : []]);
  for (const m of text.matchAll(/command:([A-Za-z0-9_.-]+)/g)) refs.push(m[1]!);
  return refs;
}

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
