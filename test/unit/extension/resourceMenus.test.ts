import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES, type ResourceTypeDescriptor } from '../../../src/core/api/resourceTypes';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { menus: Record<string, { command: string; when: string }[]> };
};

/** Every Merchants-view context menu entry with its `viewItem =~ /…/` regex. */
const entries = (manifest.contributes.menus['view/item/context'] ?? [])
  .filter((m) => m.when.includes('view == gocardless.merchants'))
  .map((m) => {
    const source = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(m.when)?.[1];
    assert.ok(source, `${m.command}: no viewItem regex in "${m.when}"`);
    return { command: m.command, regex: new RegExp(source), source };
  });

/** The record node kinds (contextValue prefixes) whose descriptor says yes. */
function kindsWhere(test: (d: ResourceTypeDescriptor) => boolean): string[] {
  return RESOURCE_TYPE_NAMES.map((t) => RESOURCE_TYPES[t]).filter(test).map((d) => d.kind).sort();
}

/** The kinds whose context values this entry matches: a bare one (`user`) or one with state flags (`bill:paid:live`). */
function kindsMatched(regex: RegExp): string[] {
  return kindsWhere(() => true).filter((kind) => regex.test(kind) || regex.test(`${kind}:active`) || regex.test(`${kind}:paid:live`));
}

function menu(command: string): RegExp {
  const entry = entries.find((e) => e.command === command);
  assert.ok(entry, `package.json has no Merchants context menu entry for ${command}`);
  return entry.regex;
}

describe('package.json menus agree with RESOURCE_TYPES', () => {
  it('offers "Open as JSON" and "Copy ID" on every resource type\'s nodes, and on nothing else', () => {
    for (const command of ['gocardless.merchants.openJson', 'gocardless.merchants.copyId']) {
      assert.deepEqual(kindsMatched(menu(command)), kindsWhere(() => true), command);
      for (const other of ['merchant', 'account:sandbox:active', 'collection:bills:filterable', 'loadMore', 'billing']) {
        assert.equal(menu(command).test(other), false, `${command} must not match "${other}"`);
      }
    }
  });

  it('offers "Copy URI" where the resource carries a uri, and "Show Bills" where its node has bills', () => {
    assert.deepEqual(kindsMatched(menu('gocardless.merchants.copyUri')), kindsWhere((d) => d.hasUri));
    assert.deepEqual(kindsMatched(menu('gocardless.merchants.showBills')), kindsWhere((d) => d.hasBills));
  });

  it('names only known prefixes in every regex that lists alternatives', () => {
    const known = new Set([...kindsWhere(() => true), 'account', 'account:', 'merchant', 'merchant$', 'collection']);
    for (const { command, source } of entries) {
      const group = /^\^\(([^)]*)\)/.exec(source)?.[1];
      if (group === undefined) continue;
      for (const name of group.split('|')) assert.ok(known.has(name), `${command}: "${name}" in /${source}/ is not a RESOURCE_TYPES kind`);
    }
  });
});
