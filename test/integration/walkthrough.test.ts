// The "Build your GoCardless integration" walkthrough: every button runs a
// command this extension registers, every step is completed by an event that
// the step's own button (or the extension) produces, and every media file ships.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { Journey, JOURNEY_STEPS, type JourneyStep } from '../../src/extension/walkthrough/Journey';
import { collection, scripted, testingDeps } from './prompts/testingDeps';
import { activateExtension, hasKey, ourExtension, waitFor } from './support/extensionApi';

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

  it('completes steps done by another route than their button, and keeps them for the next window', async () => {
    const deps = await testingDeps();
    const local = deps.accounts.list().find((a) => a.environment === 'local');
    const accountId = local ? local.id : (await vscode.commands.executeCommand<{ id: string }>('gocardless.sandbox.use')).id;
    await deps.accounts.setActive(accountId);
    assert.ok(deps.journey.has('accountAdded'), 'an account is present: "Add an account" is done');

    // Bills expanded in the tree (a click), not the step's "Show Bills" button.
    const bills = await collection(deps, accountId, 'Bills');
    assert.ok(deps.treeView);
    await vscode.commands.executeCommand('gocardless.merchants.focus');
    await deps.treeView.reveal(bills, { expand: true, select: false, focus: false });
    await waitFor(() => deps.journey.has('billsBrowsed'), { message: 'expanding Bills to complete "Browse bills"' });

    // A link from the quick flow, not the builder the step's button opens.
    const { prompter, restore } = scripted(deps);
    try {
      prompter.script({ pick: 'One-off bill' }, { input: '4.00' }, { input: '' });
      await vscode.commands.executeCommand('gocardless.links.quickPaymentLink');
      prompter.assertDone();
    } finally {
      restore.dispose();
    }
    assert.ok(deps.journey.has('linkCreated'), 'a copied link completes "Create a payment link"');

    const config = vscode.workspace.getConfiguration('gocardless.webhooks');
    try {
      await config.update('forwardTo', 'http://127.0.0.1:3000/webhooks', vscode.ConfigurationTarget.Global);
      await waitFor(() => deps.journey.has('forwardingSet'), { message: 'a forwarding URL to complete "Forward webhooks"' });
    } finally {
      await config.update('forwardTo', undefined, vscode.ConfigurationTarget.Global);
    }

    // The step's own button, from the walkthrough (no tree node): it used to fail with "Choose a subscription…".
    const shown = await vscode.commands.executeCommand<{ collection?: string } | undefined>('gocardless.merchants.showBills');
    assert.equal(shown?.collection, 'bills');

    // What a reload restores: a Journey made from the same globalState.
    const reloaded = new Journey(deps.journey.memento);
    const done: JourneyStep[] = ['accountAdded', 'billsBrowsed', 'linkCreated', 'forwardingSet'];
    assert.deepEqual(done.filter((step) => !reloaded.has(step)), [], 'every done step survives a reload');
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
