// The "Build your GoCardless integration" walkthrough: every button runs a
// command this extension registers, every step is completed by an event that
// the step's own button (or the extension) produces, and every media file ships.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { JOURNEY_STEPS } from '../../src/extension/walkthrough/Journey';
import { activateExtension, hasKey, ourExtension } from './support/extensionApi';

interface Step {
  id: string;
  description: string;
  media: { image?: string; markdown?: string };
  completionEvents: string[];
}

function walkthroughSteps(): Step[] {
  const pkg: unknown = ourExtension().packageJSON;
  if (!hasKey(pkg, 'contributes') || !hasKey(pkg.contributes, 'walkthroughs') || !Array.isArray(pkg.contributes.walkthroughs)) throw new Error('no walkthroughs contributed');
  const first: unknown = pkg.contributes.walkthroughs[0];
  if (!hasKey(first, 'steps') || !Array.isArray(first.steps)) throw new Error('the walkthrough has no steps');
  return first.steps as Step[];
}

const commandLinks = (description: string) => [...description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '');

describe('walkthrough', () => {
  let registered: Set<string>;
  before(async () => {
    await activateExtension();
    registered = new Set(await vscode.commands.getCommands(true));
  });

  it('has a button on every step, each running a registered command', () => {
    const steps = walkthroughSteps();
    assert.ok(steps.length >= 7);
    for (const step of steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `step ${step.id} has no button`);
      for (const id of links) assert.ok(registered.has(id), `step ${step.id}: ${id} is not registered`);
    }
  });

  it('completes each step on an event its button or the extension produces', () => {
    for (const step of walkthroughSteps()) {
      assert.ok(step.completionEvents.length > 0, `step ${step.id} never completes`);
      for (const event of step.completionEvents) {
        const [kind, arg] = event.split(':');
        if (kind === 'onCommand') {
          assert.ok(commandLinks(step.description).includes(arg ?? ''), `step ${step.id}: ${event} is not one of its buttons`);
        } else if (kind === 'onContext') {
          // gocardless.hasAccounts: set by the Merchants tree when the account list changes;
          // gocardless.journey.*: set by the outcome itself (src/extension/walkthrough/Journey.ts).
          const journey = JOURNEY_STEPS.map((s) => `gocardless.journey.${s}`);
          assert.ok(arg === 'gocardless.hasAccounts' || journey.includes(arg ?? ''), `step ${step.id}: unknown context ${arg}`);
        } else if (kind === 'onSettingChanged') {
          // The step's button opens this setting; it must be one the extension contributes.
          assert.ok(contributedSettings().has(arg ?? ''), `step ${step.id}: ${arg} is not a contributed setting`);
        } else {
          assert.equal(event, 'onStepSelected', `step ${step.id}: unexpected completion event ${event}`);
        }
      }
    }
  });

  it('ships every image and Markdown file it shows', () => {
    const root = ourExtension().extensionPath;
    for (const step of walkthroughSteps()) {
      const file = step.media.image ?? step.media.markdown;
      assert.ok(file, `step ${step.id} has no media`);
      assert.ok(existsSync(join(root, file)), `step ${step.id}: ${file} is missing`);
      if (!step.media.markdown) continue;
      // A Markdown step shows a picture of the real UI too, relative to the Markdown file.
      const images = [...readFileSync(join(root, file), 'utf8').matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
      for (const image of images) assert.ok(existsSync(join(root, dirname(file), image)), `step ${step.id}: ${image} is missing`);
    }
  });

  it('shows a picture of the real UI on every step', () => {
    const root = ourExtension().extensionPath;
    const withoutPicture = walkthroughSteps().filter((step) =>
      !step.media.image && !(step.media.markdown && /!\[[^\]]+\]\([^)]+\.png\)/.test(readFileSync(join(root, step.media.markdown), 'utf8'))),
    ).map((step) => step.id);
    assert.deepEqual(withoutPicture, []);
  });

  it('opens in the welcome page', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ourExtension().id}#buildIntegration`, false);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(tabs.some((l) => /welcome|walkthrough|build your gocardless/i.test(l)), `tabs: ${tabs.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

function contributedSettings(): Set<string> {
  const manifest = vscode.extensions.getExtension('gocardless-devtools.gocardless-devtools')?.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[] } } | undefined;
  const configuration = manifest?.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return new Set(sections.flatMap((section) => Object.keys(section.properties ?? {})));
}
